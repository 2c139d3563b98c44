"""Pages of the statistical exchange. Every read starts from ``StatReport.objects.visible_to``
(an invisible report answers 404); writes go through statreports.services and its workflow."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from accounts.choices import Country, Role
from core.pages import confirmation_page, run_step, step_data, step_forms
from documents.models import Document
from documents.serving import serve_document
from statreports import services
from statreports.choices import DOCUMENT_KIND, PeriodKind, ReportStatus
from statreports.forms import PrepareForm, last_full_quarter
from statreports.models import StatReport, StatReportRead, exchange_country, may_exchange
from statreports.workflow import STATREPORT_WORKFLOW


class ExchangeMixin(LoginRequiredMixin):
    """The exchange's pages are for coordinators and prosecutors (403 for everyone else)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not may_exchange(request.user):
            raise PermissionDenied(
                _("The statistical exchange is for coordinators and prosecutors.")
            )
        return super().dispatch(request, *args, **kwargs)


class ReportListView(ExchangeMixin, ListView):
    """My country's reports (every state) and those the other country sent."""

    template_name = "statreports/report_list.html"
    context_object_name = "reports"
    paginate_by = 50

    def get_queryset(self):
        return StatReport.objects.visible_to(self.request.user).order_by(
            "-year", "-quarter", "country", "-id"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        country = exchange_country(user)
        reports = list(context["reports"])
        # Which incoming reports I have read (one query for the page).
        read = set(
            StatReportRead.objects.filter(
                user=user, report__in=[r.pk for r in reports]
            ).values_list("report_id", flat=True)
        )
        for report in reports:
            report.incoming = bool(country) and report.country != country
            report.unread = report.incoming and report.pk not in read
        year, quarter = last_full_quarter()
        context.update(
            reports=reports,
            may_prepare=user.has_role(Role.COORDINATOR) and bool(user.agency_id),
            compare_year=year,
            compare_quarter=quarter,
        )
        return context


class ReportCreateView(ExchangeMixin, FormView):
    template_name = "statreports/report_form.html"
    form_class = PrepareForm

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not (user.agency_id and user.has_role(Role.COORDINATOR)):
            raise PermissionDenied(
                _("Only a coordinator prepares the country's statistical report.")
            )
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        year, quarter = last_full_quarter()
        return {"period_kind": PeriodKind.QUARTER, "year": year, "quarter": quarter}

    def form_valid(self, form):
        data = form.cleaned_data
        created = {}

        def prepare():
            created["report"] = services.statreport_prepare(
                actor=self.request.user,
                period_kind=data["period_kind"],
                year=data["year"],
                quarter=data["quarter"] or 0,
                note=data["note"],
            )

        if not run_step(self.request, prepare, form=form, success=_("The draft is prepared.")):
            return self.form_invalid(form)
        return redirect("statreports:detail", pk=created["report"].pk)


class ReportAccessMixin(ExchangeMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and may_exchange(request.user):
            # SECURITY: a report the reader may not see does not exist for them.
            self.report = get_object_or_404(
                StatReport.objects.visible_to(request.user).select_related(
                    "prepared_by", "approved_by", "sent_by"
                ),
                pk=kwargs["pk"],
            )
        return super().dispatch(request, *args, **kwargs)


class ReportDetailView(ReportAccessMixin, TemplateView):
    template_name = "statreports/report_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report, user = self.report, self.request.user
        services.statreport_read(report=report, actor=user)
        if report.status == ReportStatus.DRAFT:
            # Not frozen yet: the figures as they stand now, as the reader may see them.
            figures = services.report_figures(report, user)["figures"]
        else:
            figures = report.figures
        own = exchange_country(user) == report.country or user.is_superuser
        context.update(
            report=report,
            figures=figures,
            own=own,
            country_name=Country(report.country).label,
            step_forms=step_forms(STATREPORT_WORKFLOW, user, report),
            pending=STATREPORT_WORKFLOW.pending(report, user),
            document=Document.objects.for_subject(report, DOCUMENT_KIND).first(),
            reads=(
                StatReportRead.objects.filter(report=report)
                .select_related("user__agency")
                .order_by("read_at")
                if own
                else []
            ),
        )
        return context


class ReportStepView(ReportAccessMixin, View):
    def post(self, request, pk, step):
        if step not in STATREPORT_WORKFLOW:
            raise Http404
        back = reverse("statreports:detail", kwargs={"pk": pk})
        page = confirmation_page(request, STATREPORT_WORKFLOW, self.report, step, back=back)
        if page is not None:
            return page
        run_step(
            request,
            lambda: services.statreport_step(
                report=self.report, actor=request.user, step=step, data=step_data(request)
            ),
            labels=STATREPORT_WORKFLOW.field_labels(step),
        )
        return redirect(back)


class ReportDocumentView(ReportAccessMixin, View):
    """The report's PDF: the frozen version once sent, a preview of the approved figures before;
    a draft has none (its figures are not frozen)."""

    def get(self, request, pk):
        report = self.report
        services.statreport_read(report=report, actor=request.user)
        preview = None
        if report.status == ReportStatus.APPROVED:
            preview = lambda: services.report_render(report)  # noqa: E731
        return serve_document(
            subject=report,
            kind=DOCUMENT_KIND,
            actor=request.user,
            reference=report.reference,
            preview=preview,
            scope=report,
        )


class CompareView(ExchangeMixin, TemplateView):
    """Both countries' sent reports for one period, figure by figure, side by side."""

    template_name = "statreports/compare.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        default_year, default_quarter = last_full_quarter()
        params = self.request.GET
        kind = params.get("period_kind") or PeriodKind.QUARTER
        if kind not in PeriodKind.values:
            kind = PeriodKind.QUARTER
        try:
            year = int(params.get("year") or default_year)
            quarter = int(params.get("quarter") or (default_quarter if kind == "quarter" else 0))
        except ValueError:
            year, quarter = default_year, default_quarter
        if kind == PeriodKind.YEAR:
            quarter = 0
        elif not 1 <= quarter <= 4:
            quarter = default_quarter
        reports = {
            r.country: r
            for r in StatReport.objects.visible_to(self.request.user)
            .for_period(kind, year, quarter)
            .filter(status=ReportStatus.SENT)
        }
        sides = [(Country(c).label, reports.get(c)) for c in (Country.KG, Country.KZ)]
        by_name: dict[str, list] = {}
        order: list[str] = []
        for index, (_label, report) in enumerate(sides):
            for figure in report.figures if report else []:
                if figure["name"] not in by_name:
                    by_name[figure["name"]] = [None, None]
                    order.append(figure["name"])
                by_name[figure["name"]][index] = figure
        rows = [
            {
                "name": name,
                "title": next(f["title"] for f in by_name[name] if f),
                "sides": by_name[name],
            }
            for name in order
        ]
        context.update(
            sides=sides,
            rows=rows,
            period_kind=kind,
            year=year,
            quarter=quarter,
            kinds=PeriodKind.choices,
            quarters=[1, 2, 3, 4],
        )
        return context
