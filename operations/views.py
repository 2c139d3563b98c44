"""Coordinated operation pages. Reads go through Operation.objects.visible_to (else 404)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView, TemplateView

from accounts.choices import Country, Role
from audit.models import AuditEvent
from cases.models import Case
from core.pages import confirmation_page, run_step, step_data, step_forms
from deadlines.computation import zone_of
from deadlines.panel import panel_deadlines
from deadlines.templatetags.deadline_tags import FORMAT, zone_label
from operations import services
from operations.forms import OperationForm, ReportForm
from operations.models import Operation
from operations.stats import results
from operations.workflow import OPERATION_WORKFLOW, moment_from_local

SIDES = (Country.KG, Country.KZ)


def local_h_hour(operation: Operation, country: str) -> str:
    """D-day and H-hour as the side reads it: «08.12.2026 05:00 (Бишкек)»."""
    zone = zone_of(country)
    return f"{operation.h_hour.astimezone(zone).strftime(FORMAT)} ({zone_label(zone)})"


def may_plan(user) -> bool:
    return user.is_superuser or user.has_role(Role.COORDINATOR)


class OperationListView(LoginRequiredMixin, ListView):
    template_name = "operations/operation_list.html"
    context_object_name = "operations"
    paginate_by = 50

    def get_queryset(self):
        # Leaders joined (with their agencies) for the rows: no query per row.
        return Operation.objects.visible_to(self.request.user).select_related(
            "kg_leader__agency", "kz_leader__agency"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for operation in context["operations"]:
            operation.local_times = [local_h_hour(operation, c) for c in SIDES]
        context["may_plan"] = may_plan(self.request.user)
        return context


class OperationCreateView(LoginRequiredMixin, View):
    template_name = "operations/operation_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may_plan(request.user):
            raise PermissionDenied(_("Coordinators plan coordinated operations."))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return render(request, self.template_name, {"form": OperationForm(user=request.user)})

    def post(self, request):
        form = OperationForm(request.POST, user=request.user)
        if form.is_valid():
            data = dict(form.cleaned_data)
            h_hour = moment_from_local(data.pop("d_day"), data.pop("h_hour"), data.pop("zone"))
            created = {}
            if run_step(
                request,
                lambda: created.setdefault(
                    "operation",
                    services.operation_create(actor=request.user, h_hour=h_hour, **data),
                ),
                form=form,
                success=_("The operation is planned; its D-day clocks run."),
            ):
                return redirect("operations:detail", pk=created["operation"].pk)
        return render(request, self.template_name, {"form": form}, status=400)


class OperationAccessMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        # SECURITY: only the named participants, the leaders and the planner; others 404.
        self.operation = get_object_or_404(
            Operation.objects.visible_to(request.user).select_related(
                "kg_leader__agency", "kz_leader__agency", "created_by"
            ),
            pk=kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)


def detail_context(request, operation: Operation, *, report_form=None) -> dict:
    user = request.user
    participants = list(operation.participants.select_related("user__agency"))
    reports = {r.country: r for r in operation.reports.select_related("filed_by")}
    my_side = services.may_report(user, operation)
    sides = []
    for country in SIDES:
        people = [p for p in participants if p.country == country]
        sides.append(
            {
                "country": country,
                "label": Country(country).label,
                "h_hour": local_h_hour(operation, country),
                "leader": operation.leader_of(country),
                "go_at": operation.go_at(country),
                "tasks": operation.kg_tasks if country == Country.KG else operation.kz_tasks,
                "participants": people,
                "agencies": sorted({p.user.agency.name for p in people if p.user.agency_id}),
                "report": reports.get(country),
            }
        )
    # Cases are shown only where the reader may see them; the rest are counted.
    all_cases = list(operation.cases.order_by("pk"))
    seen = list(Case.objects.visible_to(user).filter(pk__in=[c.pk for c in all_cases]))
    if report_form is None and my_side and operation.status in ("go", "completed"):
        mine = reports.get(my_side)
        report_form = ReportForm(
            initial={f: getattr(mine, f) for f in services.REPORT_FIELDS} if mine else None
        )
    allowed = OPERATION_WORKFLOW.allowed(user, operation)
    return {
        "operation": operation,
        "sides": sides,
        "cases": seen,
        "hidden_cases": len(all_cases) - len(seen),
        "teams": operation.teams.all(),
        "totals": results(Operation.objects.filter(pk=operation.pk)),
        "step_forms": step_forms(OPERATION_WORKFLOW, user, operation, allowed),
        "pending": OPERATION_WORKFLOW.pending(operation, user, allowed),
        "my_side": my_side,
        "report_form": report_form,
        "deadlines": panel_deadlines(user, operation, open_only=False),
        "timeline": AuditEvent.objects.history_of(operation).select_related("actor_agency")[:100],
    }


class OperationDetailView(OperationAccessMixin, TemplateView):
    template_name = "operations/operation_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(detail_context(self.request, self.operation))
        return context


class OperationStepView(OperationAccessMixin, View):
    """A leader's decision: go for a side, postpone, cancel, carried out."""

    def post(self, request, pk, step):
        if step not in OPERATION_WORKFLOW:
            raise Http404
        page = confirmation_page(
            request,
            OPERATION_WORKFLOW,
            self.operation,
            step,
            back=reverse("operations:detail", args=[pk]),
        )
        if page is not None:
            return page
        run_step(
            request,
            lambda: OPERATION_WORKFLOW.perform(
                self.operation, step, request.user, step_data(request)
            ),
            labels=OPERATION_WORKFLOW.field_labels(step),
        )
        return redirect("operations:detail", pk=pk)


class OperationReportView(OperationAccessMixin, View):
    """A side's results, filed by its participants."""

    def post(self, request, pk):
        if services.may_report(request.user, self.operation) is None:
            raise PermissionDenied(_("The named participants of a side file its results."))
        form = ReportForm(request.POST)
        if form.is_valid() and run_step(
            request,
            lambda: services.operation_report_file(
                operation=self.operation, actor=request.user, **form.cleaned_data
            ),
            form=form,
            success=_("The results are filed."),
        ):
            return redirect("operations:detail", pk=pk)
        messages.error(request, _("The results are not filed: correct the form."))
        context = detail_context(request, self.operation, report_form=form)
        return render(request, "operations/operation_detail.html", context, status=400)
