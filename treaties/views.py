"""Registry pages: every signed-in user reads; registry administrators create and edit."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import DetailView, FormView, ListView, TemplateView

from accounts.choices import Country
from core.forms import add_validation_error
from core.mixins import RoleRequiredMixin
from treaties.calendar import calendar_year
from treaties.choices import InstrumentKind
from treaties.forms import (
    CriminalArticleForm,
    CriminalCodeForm,
    DeadlineRuleForm,
    DecreeDayFormSet,
    DecreeForm,
    InstrumentForm,
    PartyForm,
    ProvisionForm,
    RefusalGroundForm,
    RequiredElementForm,
)
from treaties.governing import superseded_between
from treaties.models import (
    CriminalArticle,
    CriminalCode,
    DeadlineRule,
    Instrument,
    InstrumentParty,
    NonWorkingDay,
    Provision,
    RefusalGround,
    RequiredElement,
)
from treaties.services import registry_can_edit, registry_decree_add, registry_record_save

# The kinds of record kept under an instrument: URL segment -> (model, form, label).
CHILD_KINDS = {
    "party": (InstrumentParty, PartyForm, _("party")),
    "provision": (Provision, ProvisionForm, _("provision")),
    "rule": (DeadlineRule, DeadlineRuleForm, _("deadline rule")),
    "element": (RequiredElement, RequiredElementForm, _("required element")),
    "ground": (RefusalGround, RefusalGroundForm, _("refusal ground")),
}


class InstrumentListView(LoginRequiredMixin, ListView):
    template_name = "treaties/instrument_list.html"
    context_object_name = "instruments"
    paginate_by = 25

    def get_queryset(self):
        queryset = Instrument.objects.search(self.request.GET.get("q", "")[:200])
        kind = self.request.GET.get("kind", "")
        if kind in InstrumentKind.values:
            queryset = queryset.filter(kind=kind)
        # One query for the parties of the whole page, not one per row.
        # Explicit order: Meta.ordering is not applied to aggregated (GROUP BY) queries.
        return (
            queryset.prefetch_related("parties")
            .annotate(
                provision_count=Count("provisions", distinct=True),
                rule_count=Count("deadline_rules", distinct=True),
            )
            .order_by("precedence", "short_name")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            q=self.request.GET.get("q", ""),
            kind=self.request.GET.get("kind", ""),
            kinds=InstrumentKind.choices,
            can_edit=registry_can_edit(self.request.user),
        )
        return context


class InstrumentDetailView(LoginRequiredMixin, DetailView):
    template_name = "treaties/instrument_detail.html"
    context_object_name = "instrument"

    def get_queryset(self):
        return Instrument.objects.select_related("superseded_by", "amends").prefetch_related(
            "parties",
            "provisions",
            "amendments",
            Prefetch("deadline_rules", queryset=DeadlineRule.objects.select_related("provision")),
            Prefetch(
                "required_elements", queryset=RequiredElement.objects.select_related("provision")
            ),
            Prefetch("refusal_grounds", queryset=RefusalGround.objects.select_related("provision")),
            "supersedes",
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_edit"] = registry_can_edit(self.request.user)
        # Between the portal's two states today: history when superseded there.
        context["history"] = superseded_between(self.object, Country.values)
        return context


class DeadlineRuleListView(LoginRequiredMixin, ListView):
    """Every clock the portal runs, with its source: what prosecutors check first."""

    template_name = "treaties/rule_list.html"
    context_object_name = "rules"

    def get_queryset(self):
        return DeadlineRule.objects.select_related("instrument", "provision").order_by(
            "trigger", "id"
        )

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "can_edit": registry_can_edit(self.request.user),
        }


class _RegistryFormView(RoleRequiredMixin, FormView):
    """Create or edit one registry record through the audited service."""

    required_check = "is_registry_admin"
    template_name = "treaties/form.html"
    instance = None
    instrument = None
    title = ""

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.instance
        return kwargs

    def form_valid(self, form):
        try:
            relations = {
                f.name: form.cleaned_data[f.name]
                for f in form.instance._meta.many_to_many
                if f.name in form.cleaned_data
            }
            record = registry_record_save(
                actor=self.request.user, instance=form.instance, relations=relations
            )
        except ValidationError as exc:
            add_validation_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved: %(record)s") % {"record": record})
        if isinstance(record, CriminalCode | CriminalArticle):
            return redirect("treaties:criminal_law")
        instrument = record if isinstance(record, Instrument) else record.instrument
        if instrument is None:  # a rule of national law or practice: under no instrument
            return redirect("treaties:rules")
        return redirect("treaties:detail", pk=instrument.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=self.title, instrument=self.instrument)
        return context


class InstrumentCreateView(_RegistryFormView):
    form_class = InstrumentForm
    title = _("New instrument")


class InstrumentUpdateView(_RegistryFormView):
    form_class = InstrumentForm

    def dispatch(self, request, *args, **kwargs):
        self.instance = self.instrument = get_object_or_404(Instrument, pk=kwargs["pk"])
        self.title = _("Edit %(record)s") % {"record": self.instance}
        return super().dispatch(request, *args, **kwargs)


class ChildCreateView(_RegistryFormView):
    def dispatch(self, request, *args, **kwargs):
        model, self.form_class, label = CHILD_KINDS[kwargs["kind"]]
        self.instrument = get_object_or_404(Instrument, pk=kwargs["pk"])
        self.instance = model(instrument=self.instrument)
        self.title = _("New %(kind)s: %(instrument)s") % {
            "kind": label,
            "instrument": self.instrument,
        }
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instrument": self.instrument}


class ChildUpdateView(_RegistryFormView):
    def dispatch(self, request, *args, **kwargs):
        model, self.form_class, label = CHILD_KINDS[kwargs["kind"]]
        self.instance = get_object_or_404(
            model.objects.select_related("instrument"), pk=kwargs["pk"]
        )
        self.instrument = self.instance.instrument
        self.title = _("Edit %(kind)s: %(record)s") % {"kind": label, "record": self.instance}
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instrument": self.instrument}


class CriminalLawView(LoginRequiredMixin, ListView):
    """Both countries' criminal-code editions and the articles cases are qualified under."""

    template_name = "treaties/criminal_law.html"
    context_object_name = "codes"

    def get_queryset(self):
        articles = CriminalArticle.objects.select_related("code").prefetch_related(
            Prefetch("corresponding", queryset=CriminalArticle.objects.select_related("code"))
        )
        return CriminalCode.objects.prefetch_related(Prefetch("articles", queryset=articles))

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "can_edit": registry_can_edit(self.request.user),
        }


class CriminalRecordCreateView(_RegistryFormView):
    def dispatch(self, request, *args, **kwargs):
        model, self.form_class, self.title = LAW_KINDS[kwargs["kind"]]
        self.instance = model()
        return super().dispatch(request, *args, **kwargs)


class CriminalRecordUpdateView(_RegistryFormView):
    def dispatch(self, request, *args, **kwargs):
        model, self.form_class, self.title = LAW_KINDS[kwargs["kind"]]
        self.instance = get_object_or_404(model, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)


LAW_KINDS = {
    "code": (CriminalCode, CriminalCodeForm, _("criminal code edition")),
    "article": (CriminalArticle, CriminalArticleForm, _("criminal-code article")),
}


class CalendarView(LoginRequiredMixin, TemplateView):
    """A country's year of non-working days: the `holidays` package's and the registry's."""

    template_name = "treaties/calendar.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user_country = getattr(getattr(self.request.user, "agency", None), "country", "")
        country = self.request.GET.get("country") or user_country or Country.KG
        if country not in Country.values:
            country = Country.KG
        today = timezone.localdate()
        year = self.request.GET.get("year", "")
        year = int(year) if year.isdigit() and 1990 <= int(year) <= 2100 else today.year
        recorded = {d.year for d in NonWorkingDay.objects.dates("date", "year")}
        years = sorted({today.year - 1, today.year, today.year + 1, year} | recorded)
        context.update(
            country=country,
            countries=Country.choices,
            year=year,
            years=years,
            days=calendar_year(country, year),
            can_edit=registry_can_edit(self.request.user),
        )
        return context


class DecreeCreateView(RoleRequiredMixin, TemplateView):
    """Add one decree's dates in one submit: several dates, one source and mark."""

    required_check = "is_registry_admin"
    template_name = "treaties/decree_form.html"

    def get(self, request, *args, **kwargs):
        country = request.GET.get("country", "")
        form = DecreeForm(initial={"country": country if country in Country.values else ""})
        return self.render_to_response(
            self.get_context_data(form=form, days=DecreeDayFormSet(prefix="days"))
        )

    def post(self, request, *args, **kwargs):
        form = DecreeForm(request.POST)
        days = DecreeDayFormSet(request.POST, prefix="days")
        if form.is_valid() and days.is_valid():
            data = form.cleaned_data
            try:
                rows = registry_decree_add(
                    actor=request.user,
                    country=data["country"],
                    source=data["source"],
                    confidence=data["confidence"],
                    days=[d.cleaned_data for d in days.forms if d.cleaned_data.get("date")],
                )
            except ValidationError as exc:
                _decree_errors(form, days, exc)
            else:
                messages.success(
                    request,
                    ngettext("Recorded: %(count)s date.", "Recorded: %(count)s dates.", len(rows))
                    % {"count": len(rows)},
                )
                url = reverse("treaties:calendar")
                return redirect(f"{url}?country={data['country']}&year={rows[0].date.year}")
        return self.render_to_response(self.get_context_data(form=form, days=days))


def _decree_errors(form, days, exc: ValidationError) -> None:
    """Put the service's refusal of a date on that date's row; anything else on the form."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        for error in errors:
            day = (error.params or {}).get("day")
            rows = [d for d in days.forms if day and d.cleaned_data.get("date") == day]
            for row in rows:
                row.add_error("date", error.message % error.params)
            if not rows:
                form.add_error(field if field in form.fields else None, error)
