"""The statistical figures: filters, the figures' registry, and their computation.

Each figure is one or two aggregate queries (GROUP BY in the database, never a loop over rows)
over the records the user may see (``stats.scope``), shaped into a table — columns and rows —
and a chart specification that ``static/js/stats.js`` draws from the same JSON.

Privacy (``mask_persons``): counts of persons (victims, wanted or detained persons) under 3 are
shown as "<3". So that a masked cell cannot be recomputed by difference, a row or column of a
table never has exactly one masked cell (the next smallest is masked with it: complementary
suppression), and person tables carry no totals. Counts of requests, cases and tasks are not
counts of persons and are shown as they are.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.choices import Country

MASK = "<3"
MASK_BELOW = 3


# --- Filters --------------------------------------------------------------------------------
class FilterForm(forms.Form):
    """The filters of the statistics page and of the API (one definition, one validation)."""

    date_from = forms.DateField(label=_("from"), required=False)
    date_to = forms.DateField(label=_("to"), required=False)
    country = forms.ChoiceField(
        label=_("country"), required=False, choices=[("", _("both")), *list(Country.choices)]
    )
    agency = forms.IntegerField(label=_("agency"), required=False, min_value=1)
    instrument = forms.IntegerField(label=_("legal basis"), required=False, min_value=1)
    request_type = forms.ChoiceField(label=_("request type"), required=False)
    assistance_kind = forms.IntegerField(label=_("kind of assistance"), required=False, min_value=1)

    def __init__(self, *args, **kwargs):
        from requests_mla.choices import RequestType

        super().__init__(*args, **kwargs)
        self.fields["request_type"].choices = [("", _("all")), *list(RequestType.choices)]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end of the period is before its start."))
        return data


@dataclass(frozen=True)
class Filters:
    """What a figure counts: a period (dates in the user's zone) and the record's attributes."""

    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    country: str = ""
    agency_id: int | None = None
    instrument_id: int | None = None
    request_type: str = ""
    assistance_kind_id: int | None = None

    @classmethod
    def from_query(cls, params: Mapping[str, str]) -> Filters:
        """Filters from a query string; ``ValidationError`` with field errors on bad input."""
        form = FilterForm({k: params.get(k, "") for k in FilterForm.base_fields})
        if not form.is_valid():
            raise ValidationError(
                {name: list(errors) for name, errors in form.errors.items()}  # field → messages
            )
        data = form.cleaned_data
        return cls(
            date_from=data["date_from"],
            date_to=data["date_to"],
            country=data["country"] or "",
            agency_id=data["agency"],
            instrument_id=data["instrument"],
            request_type=data["request_type"] or "",
            assistance_kind_id=data["assistance_kind"],
        )

    def as_query(self) -> dict[str, str]:
        """The filters as query parameters (what ``from_query`` reads back)."""
        values = {
            "date_from": self.date_from.isoformat() if self.date_from else "",
            "date_to": self.date_to.isoformat() if self.date_to else "",
            "country": self.country,
            "agency": self.agency_id or "",
            "instrument": self.instrument_id or "",
            "request_type": self.request_type,
            "assistance_kind": self.assistance_kind_id or "",
        }
        return {k: str(v) for k, v in values.items() if v}

    def moments(self, zone) -> tuple[datetime.datetime | None, datetime.datetime | None]:
        """The period as [start, end) moments in ``zone``: from 00:00 of the first day to 00:00
        after the last."""
        start = end = None
        if self.date_from:
            start = datetime.datetime.combine(self.date_from, datetime.time(), tzinfo=zone)
        if self.date_to:
            end = datetime.datetime.combine(
                self.date_to + datetime.timedelta(days=1), datetime.time(), tzinfo=zone
            )
        return start, end


# --- Figures --------------------------------------------------------------------------------
@dataclass(frozen=True)
class FigureData:
    """A computed figure: its table (columns, rows: small person counts already masked) and the
    chart's specification for the browser."""

    name: str
    title: str
    columns: list[dict]
    rows: list[list]
    chart: dict
    description: str = ""
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Figure:
    """A figure of the statistics page: what it counts and how."""

    name: str
    title: Promise
    description: Promise
    section: str
    func: Callable[..., FigureData]
    # The filters that change this figure (the others do not apply to what it counts).
    filters: tuple[str, ...] = ()

    def compute(self, user, filters: Filters) -> FigureData:
        return self.func(self, user, filters)


FIGURES: dict[str, Figure] = {}


def figure(name, title, description, section, filters=()):
    """Register a figure's computation under ``name`` (page order is registration order)."""

    def register(func):
        FIGURES[name] = Figure(name, title, description, section, func, tuple(filters))
        return func

    return register


def compute(name: str, user, filters: Filters) -> FigureData:
    """The figure ``name`` as ``user`` may see it; ``KeyError`` for an unknown name."""
    return FIGURES[name].compute(user, filters)


def figure_json(data: FigureData) -> dict:
    """What the API returns for a figure (rows already masked by the computation)."""
    return {
        "name": data.name,
        "title": str(data.title),
        "description": str(data.description),
        "columns": [{**c, "label": str(c["label"])} for c in data.columns],
        "rows": [[str(v) if isinstance(v, Promise) else v for v in row] for row in data.rows],
        "chart": data.chart,
        "notes": [str(n) for n in data.notes],
    }


# --- Shaping helpers ------------------------------------------------------------------------
def column(key: str, label, kind: str = "count") -> dict:
    """A table column: ``kind`` is label, count (records), persons (masked) or days."""
    return {"key": key, "label": label, "kind": kind}


def chart(kind: str = "bar", *, stacked: bool = False, horizontal: bool = False, series=None):
    """The chart of a table: its first column gives the labels, ``series`` the columns drawn
    (by index; every numeric column when None)."""
    return {"type": kind, "stacked": stacked, "horizontal": horizontal, "series": series}


def mask_persons(rows: list[list], columns: list[dict]) -> list[list]:
    """Mask person counts 1–2 as "<3", and complete the masking so that no row or column has
    a single masked cell (its value would follow from a total). Returns new rows."""
    person_cols = [i for i, c in enumerate(columns) if c["kind"] == "persons"]
    if not person_cols:
        return [list(r) for r in rows]
    values = {(r, c): rows[r][c] for r in range(len(rows)) for c in person_cols}
    masked = {k for k, v in values.items() if isinstance(v, int) and 0 < v < MASK_BELOW}

    def complete(lines):
        changed = False
        for line in lines:
            hidden = [k for k in line if k in masked]
            if len(hidden) != 1:
                continue
            others = [k for k in line if k not in masked and values[k]]
            if others:
                masked.add(min(others, key=lambda k: (values[k], k)))
                changed = True
        return changed

    row_lines = [[(r, c) for c in person_cols] for r in range(len(rows))]
    col_lines = [[(r, c) for r in range(len(rows))] for c in person_cols]
    while complete(row_lines) | complete(col_lines):
        pass
    out = [list(r) for r in rows]
    for r, c in masked:
        out[r][c] = MASK
    return out


def month_label(value) -> str:
    return f"{value.year:04d}-{value.month:02d}"


def months_between(first: datetime.date, last: datetime.date) -> list[str]:
    labels, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month) and len(labels) < 240:
        labels.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return labels


def monthly_table(
    name: str,
    title,
    counts,
    labels: dict,
    filters: Filters,
    *,
    kind: str = "count",
    description="",
    top: int = 8,
) -> FigureData:
    """A month × series table from aggregated ``counts`` (month, series key, n): every month of
    the period (or of the data), the ``top`` series by total, the rest summed as «other»."""
    counts = [(month_label(m), k, n) for m, k, n in counts if m is not None]
    totals: dict = {}
    for _m, key, n in counts:
        totals[key] = totals.get(key, 0) + n
    keys = sorted(totals, key=lambda k: (-totals[k], str(labels.get(k, k))))
    shown, rest = keys[:top], set(keys[top:])
    seen = sorted({m for m, _k, _n in counts})
    if filters.date_from and filters.date_to:
        months = months_between(filters.date_from, filters.date_to)
    elif seen:
        first = filters.date_from or datetime.date.fromisoformat(seen[0] + "-01")
        last = filters.date_to or datetime.date.fromisoformat(seen[-1] + "-01")
        months = months_between(first, last)
    else:
        months = []
    index = {m: i for i, m in enumerate(months)}
    width = len(shown) + (1 if rest else 0)
    rows = [[m] + [0] * width for m in months]
    position = {k: i + 1 for i, k in enumerate(shown)}
    for month, key, n in counts:
        if month not in index:
            continue
        col = position.get(key, width) if key not in rest else width
        rows[index[month]][col] += n
    columns = [column("month", _("month"), "label")]
    columns += [column(f"s{i}", labels.get(k, str(k)), kind) for i, k in enumerate(shown)]
    if rest:
        columns.append(column("other", _("other"), kind))
    return FigureData(
        name=name,
        title=title,
        columns=columns,
        rows=mask_persons(rows, columns),
        chart=chart("bar", stacked=True),
        description=description,
    )


def user_zone(user):
    """The user's zone (their own, else their country's): months and periods are counted in it."""
    return user.zone


# --- Base querysets with the filters applied -------------------------------------------------
def filtered_cases(user, filters: Filters):
    from stats import scope

    queryset = scope.cases(user)
    if filters.date_from:
        queryset = queryset.filter(opened_on__gte=filters.date_from)
    if filters.date_to:
        queryset = queryset.filter(opened_on__lte=filters.date_to)
    if filters.country:
        queryset = queryset.filter(country=filters.country)
    if filters.agency_id:
        queryset = queryset.filter(owning_agency_id=filters.agency_id)
    return queryset


def filtered_requests(user, filters: Filters, *, by_date: bool = True):
    """Requests the user may see, sent in the period (when ``by_date``), with the filters."""
    from django.db.models import Exists, OuterRef, Q

    from requests_mla.models import MLARequest, RequestedAction
    from stats import scope
    from treaties.models import AssistanceKind

    queryset = scope.requests(user).filter(sent_at__isnull=False)
    if by_date:
        start, end = filters.moments(user_zone(user))
        if start:
            queryset = queryset.filter(sent_at__gte=start)
        if end:
            queryset = queryset.filter(sent_at__lt=end)
    if filters.country:
        queryset = queryset.filter(
            Q(requesting_agency__country=filters.country)
            | Q(requested_agency__country=filters.country)
        )
    if filters.agency_id:
        queryset = queryset.filter(
            Q(requesting_agency_id=filters.agency_id)
            | Q(requested_agency_id=filters.agency_id)
            | Q(executing_agency_id=filters.agency_id)
        )
    if filters.instrument_id:
        through = MLARequest.instruments.through.objects.filter(
            mlarequest_id=OuterRef("pk"), instrument_id=filters.instrument_id
        )
        queryset = queryset.filter(Exists(through))
    if filters.request_type:
        queryset = queryset.filter(request_type=filters.request_type)
    if filters.assistance_kind_id:
        codes = AssistanceKind.objects.filter(pk=filters.assistance_kind_id).values("code")
        actions = RequestedAction.objects.filter(request_id=OuterRef("pk"), kind__in=codes)
        queryset = queryset.filter(Exists(actions))
    return queryset


CASE_FILTERS = ("date_from", "date_to", "country", "agency")
REQUEST_FILTERS = (*CASE_FILTERS, "instrument", "request_type", "assistance_kind")


# --- Cases ----------------------------------------------------------------------------------
@figure(
    "cases-by-qualification",
    _("Cases opened per month by qualification"),
    _(
        "Cases opened in each month, by the criminal-code article they are investigated under "
        "(a case under two articles counts under each)."
    ),
    "cases",
    CASE_FILTERS,
)
def cases_by_qualification(fig, user, filters):
    from django.db.models import Count
    from django.db.models.functions import TruncMonth

    from cases.models import Qualification
    from treaties.models import CriminalArticle

    counts = list(
        Qualification.objects.filter(case__in=filtered_cases(user, filters).values("pk"))
        .annotate(month=TruncMonth("case__opened_on"))
        .values_list("month", "article_id")
        .annotate(n=Count("case_id", distinct=True))
        .order_by()
    )
    ids = {k for _m, k, _n in counts}
    labels = (
        {
            a.pk: a.citation
            for a in CriminalArticle.objects.filter(pk__in=ids).select_related("code")
        }
        if ids
        else {}
    )
    return monthly_table(fig.name, fig.title, counts, labels, filters, description=fig.description)


@figure(
    "cases-by-exploitation",
    _("Cases opened per month by form of exploitation"),
    _("Cases opened in each month, by the forms of exploitation recorded on them."),
    "cases",
    CASE_FILTERS,
)
def cases_by_exploitation(fig, user, filters):
    from django.db.models import Count
    from django.db.models.functions import TruncMonth

    from cases.models import Case
    from treaties.models import ExploitationForm

    through = Case.exploitation_forms.through
    counts = list(
        through.objects.filter(case__in=filtered_cases(user, filters).values("pk"))
        .annotate(month=TruncMonth("case__opened_on"))
        .values_list("month", "exploitationform_id")
        .annotate(n=Count("case_id", distinct=True))
        .order_by()
    )
    ids = {k for _m, k, _n in counts}
    labels = {f.pk: f.name for f in ExploitationForm.objects.filter(pk__in=ids)} if ids else {}
    return monthly_table(fig.name, fig.title, counts, labels, filters, description=fig.description)
