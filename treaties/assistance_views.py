"""The registry's kinds of assistance: every signed-in user reads which instrument provides which
kind, with its article and mark; registry administrators edit them through the audited service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, ListView

from core.forms import add_validation_error
from core.mixins import RoleRequiredMixin
from treaties.assistance_forms import AssistanceKindForm, InstrumentAssistanceForm
from treaties.models import AssistanceKind, InstrumentAssistance
from treaties.services import registry_can_edit, registry_record_save


class AssistanceKindListView(LoginRequiredMixin, ListView):
    template_name = "treaties/assistance_list.html"
    context_object_name = "kinds"

    def get_queryset(self):
        # Every kind's instruments and articles in one more query, not one per row.
        links = InstrumentAssistance.objects.select_related("instrument", "provision").order_by(
            "instrument__precedence", "instrument_id"
        )
        return AssistanceKind.objects.prefetch_related(Prefetch("provided_by", queryset=links))

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "can_edit": registry_can_edit(self.request.user),
        }


class _AssistanceFormView(RoleRequiredMixin, FormView):
    """Create or edit one record through the audited registry service."""

    required_check = "is_registry_admin"
    template_name = "treaties/assistance_form.html"
    instance = None
    title = ""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.instance}

    def form_valid(self, form):
        try:
            record = registry_record_save(actor=self.request.user, instance=form.instance)
        except ValidationError as exc:
            add_validation_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved: %(record)s") % {"record": record})
        return redirect("treaties:assistance")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "title": self.title}


class AssistanceKindCreateView(_AssistanceFormView):
    form_class = AssistanceKindForm
    title = _("New kind of assistance")

    def dispatch(self, request, *args, **kwargs):
        self.instance = AssistanceKind()
        return super().dispatch(request, *args, **kwargs)


class AssistanceKindUpdateView(_AssistanceFormView):
    form_class = AssistanceKindForm

    def dispatch(self, request, *args, **kwargs):
        self.instance = get_object_or_404(AssistanceKind, pk=kwargs["pk"])
        self.title = _("Edit %(record)s") % {"record": self.instance}
        return super().dispatch(request, *args, **kwargs)


class InstrumentAssistanceCreateView(_AssistanceFormView):
    form_class = InstrumentAssistanceForm

    def dispatch(self, request, *args, **kwargs):
        self.kind = get_object_or_404(AssistanceKind, pk=kwargs["pk"])
        self.instance = InstrumentAssistance(kind=self.kind)
        self.title = _("An instrument that provides: %(kind)s") % {"kind": self.kind}
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "kind": self.kind}


class InstrumentAssistanceUpdateView(_AssistanceFormView):
    form_class = InstrumentAssistanceForm

    def dispatch(self, request, *args, **kwargs):
        self.instance = get_object_or_404(
            InstrumentAssistance.objects.select_related("kind", "instrument"), pk=kwargs["pk"]
        )
        self.title = _("Edit %(record)s") % {"record": self.instance}
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "kind": self.instance.kind}
