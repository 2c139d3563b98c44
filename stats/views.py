"""The statistics page: filters, the figures in cards (chart and table), downloads."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.views.generic import TemplateView, View

from core.forms import style_form
from stats import exports
from stats.figures import FIGURES, FilterForm, Filters, compute, figure_json
from stats.scope import may_read_statistics


class StatisticsAccessMixin(LoginRequiredMixin):
    """Coordinators, prosecutors and auditors; others 403."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not may_read_statistics(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def filter_choices(form: FilterForm, user) -> FilterForm:
    """Give the id filters their choices (small registry tables: agencies, instruments,
    kinds of assistance), as selects."""
    from django import forms

    from accounts.models import Agency
    from treaties.models import AssistanceKind, Instrument

    def select(name, options):
        field = form.fields[name]
        form.fields[name] = forms.TypedChoiceField(
            label=field.label,
            required=False,
            coerce=int,
            empty_value=None,
            choices=[("", "—"), *options],
        )

    select("agency", [(a.pk, str(a)) for a in Agency.objects.order_by("country", "name_ru")])
    select(
        "instrument",
        [(i.pk, i.name) for i in Instrument.objects.filter(mla_requests__isnull=False).distinct()],
    )
    select("assistance_kind", [(k.pk, k.name) for k in AssistanceKind.objects.all()])
    return form


class StatisticsView(StatisticsAccessMixin, TemplateView):
    template_name = "stats/index.html"

    def get(self, request, *args, **kwargs):
        form = filter_choices(FilterForm(request.GET or None), request.user)
        style_form(form)
        try:
            filters = Filters.from_query(request.GET)
        except ValidationError:
            filters = None
            form.is_valid()  # the page shows the field errors
        figures = []
        if filters is not None:
            query = request.GET.urlencode()
            active = filters.as_query()
            for fig in FIGURES.values():
                # Filters set on the page that do not bear on what this figure counts.
                ignored = [str(form.fields[k].label) for k in active if k not in fig.filters]
                data = figure_json(compute(fig.name, request.user, filters))
                url = reverse("api:statistics-figure", kwargs={"name": fig.name})
                figures.append(
                    {
                        "figure": fig,
                        "data": data,
                        "json_id": f"figure-{fig.name}-data",
                        "api_url": f"{url}?{query}" if query else url,
                        "csv_url": self.download_url(fig.name, "csv", query),
                        "xlsx_url": self.download_url(fig.name, "xlsx", query),
                        "ignored": sorted(set(ignored)),
                    }
                )
        # A bad filter is the form's errors on the page (the API answers 400).
        return self.render_to_response(self.get_context_data(form=form, figures=figures))

    @staticmethod
    def download_url(name, fmt, query):
        url = reverse("stats:download", kwargs={"name": name, "fmt": fmt})
        return f"{url}?{query}" if query else url


class FigureDownloadView(StatisticsAccessMixin, View):
    def get(self, request, name, fmt):
        if name not in FIGURES or fmt not in ("csv", "xlsx"):
            raise Http404
        try:
            filters = Filters.from_query(request.GET)
        except ValidationError as exc:
            from django.http import HttpResponseBadRequest

            return HttpResponseBadRequest("; ".join(exc.messages))
        data = compute(name, request.user, filters)
        return exports.export_response(user=request.user, data=data, filters=filters, fmt=fmt)
