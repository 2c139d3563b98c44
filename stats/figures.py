"""The statistical figures: filters, the figures' registry, and their computation.

Each figure is one or two aggregate queries (GROUP BY in the database, never a loop over rows)
over the records the user may see (``stats.scope``), shaped into a table — columns and rows —
and a chart specification that ``static/js/stats.js`` draws from the same JSON.

Privacy (``mask_persons``): counts of persons (victims, wanted or detained persons) under 3 are
shown as "<3". So that a masked cell cannot be recomputed by difference (from a row or column
total, or the same total read off another figure — both victims' tables split the same persons
by sex), a row or column of a table never has exactly one masked cell: the next smallest count
of that line is hidden with it, shown as "x" (complementary suppression, as statistical offices
do); and person tables carry no totals. Counts of requests, cases and tasks are not
counts of persons and are shown as they are.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.choices import Country

MASK = "<3"
# A count hidden only so that a "<3" beside it cannot be worked out from a total.
MASK_COMPLEMENT = "x"
MASK_BELOW = 3


# --- Filters --------------------------------------------------------------------------------
class FilterForm(forms.Form):
    """The filters of the statistics page and of the API (one definition, one validation)."""

    date_from = forms.DateField(
        label=_("from"), required=False, widget=forms.DateInput({"type": "date"}, "%Y-%m-%d")
    )
    date_to = forms.DateField(
        label=_("to"), required=False, widget=forms.DateInput({"type": "date"}, "%Y-%m-%d")
    )
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
    from stats.sql import aggregation_session

    figure = FIGURES[name]
    with aggregation_session():
        return figure.compute(user, filters)


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
        out[r][c] = MASK if values[(r, c)] < MASK_BELOW else MASK_COMPLEMENT
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
    if not shown:
        months = []  # nothing counted: the page says so instead of a table of empty months
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

    from treaties.models import CriminalArticle

    counts = list(
        # From the visible cases, joined to their qualifications: one pass over the cases (a
        # case has an article once: the count needs no DISTINCT, and hashes instead of sorting).
        filtered_cases(user, filters)
        .filter(qualifications__isnull=False)
        .annotate(month=TruncMonth("opened_on"))
        .values_list("month", "qualifications__article_id")
        .annotate(n=Count("pk"))
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

    from treaties.models import ExploitationForm

    counts = list(
        filtered_cases(user, filters)
        .filter(exploitation_forms__isnull=False)
        .annotate(month=TruncMonth("opened_on"))
        .values_list("month", "exploitation_forms")
        .annotate(n=Count("pk"))
        .order_by()
    )
    ids = {k for _m, k, _n in counts}
    labels = {f.pk: f.name for f in ExploitationForm.objects.filter(pk__in=ids)} if ids else {}
    return monthly_table(fig.name, fig.title, counts, labels, filters, description=fig.description)


# --- Victims (persons: masked) --------------------------------------------------------------
AGE_BANDS = (
    (0, 17, _("under 18")),
    (18, 24, _("18–24")),
    (25, 34, _("25–34")),
    (35, 49, _("35–49")),
    (50, 200, _("50 and over")),
)


def _victims(user, filters):
    """The visible cases joined to their victims (one row per victim of a case): what follows
    (``annotate``, ``values``) reads ``participants__…`` through this same join."""
    from cases.choices import ParticipantRole

    return filtered_cases(user, filters).filter(participants__role=ParticipantRole.VICTIM)


@figure(
    "victims-by-sex-age",
    _("Victims by sex and age"),
    _(
        "Victims of the cases opened in the period, by sex and by age on the day the case was "
        "opened. Counts of persons: fewer than 3 are shown as «<3»."
    ),
    "victims",
    CASE_FILTERS,
)
def victims_by_sex_age(fig, user, filters):
    from django.db.models import Count

    from cases.choices import Sex
    from stats.sql import AgeYears

    # Counted per age in years and sex (a hundred-odd groups), the age computed once per victim;
    # the groups are then summed into the bands.
    counts = (
        _victims(user, filters)
        .annotate(age=AgeYears("participants__person__birth_date", "opened_on"))
        .values_list("age", "participants__person__sex")
        .annotate(n=Count("participants"))
        .order_by()
    )

    def band_of(age):
        if age is None:
            return None
        return next((i for i, (_low, high, _label) in enumerate(AGE_BANDS) if age <= high), None)

    sexes = [Sex.FEMALE, Sex.MALE, Sex.UNKNOWN]
    labels = [label for _low, _high, label in AGE_BANDS] + [_("age not known")]
    rows = [[label] + [0] * len(sexes) for label in labels]
    for age, sex, n in counts:
        band_index = band_of(age)
        r = len(AGE_BANDS) if band_index is None else band_index
        c = sexes.index(sex) + 1 if sex in sexes else len(sexes)
        rows[r][c] += n
    columns = [column("age", _("age"), "label")]
    columns += [column(str(s), s.label, "persons") for s in sexes]
    return FigureData(
        fig.name,
        fig.title,
        columns,
        mask_persons(rows, columns),
        chart("bar", stacked=True),
        fig.description,
    )


@figure(
    "victims-by-citizenship",
    _("Victims by citizenship"),
    _(
        "Victims of the cases opened in the period, by citizenship and sex. Counts of persons: "
        "fewer than 3 are shown as «<3»."
    ),
    "victims",
    CASE_FILTERS,
)
def victims_by_citizenship(fig, user, filters):
    from django.db.models import Count

    from cases.choices import WORLD_COUNTRIES, Sex

    counts = (
        _victims(user, filters)
        .values_list("participants__person__citizenship", "participants__person__sex")
        .annotate(n=Count("participants"))
        .order_by()
    )
    names = dict(WORLD_COUNTRIES)
    sexes = [Sex.FEMALE, Sex.MALE, Sex.UNKNOWN]
    table: dict[str, list[int]] = {}
    for country, sex, n in counts:
        line = table.setdefault(country or "", [0] * len(sexes))
        line[sexes.index(sex) if sex in sexes else len(sexes) - 1] += n
    order = sorted(table, key=lambda k: (-sum(table[k]), k))
    rows = [[names.get(k, k) if k else _("not known"), *table[k]] for k in order]
    columns = [column("citizenship", _("citizenship"), "label")]
    columns += [column(str(s), s.label, "persons") for s in sexes]
    return FigureData(
        fig.name,
        fig.title,
        columns,
        mask_persons(rows, columns),
        chart("bar", stacked=True, horizontal=True),
        fig.description,
    )


@figure(
    "routes",
    _("Routes: flows from place to place"),
    _(
        "Each step of the victims' routes of the cases opened in the period, from one place to "
        "the next (number of cases)."
    ),
    "cases",
    CASE_FILTERS,
)
def routes(fig, user, filters):
    from django.db.models import F, Window
    from django.db.models.functions import Lead

    from cases.models import RoutePoint
    from stats.sql import grouped_counts

    # Each point with the next one of its route (LEAD over the case's points in order): one
    # pass over the points, where a subquery per point probed the route again for each.
    route = {"partition_by": [F("case_id")], "order_by": [F("order").asc(), F("pk").asc()]}
    steps = (
        RoutePoint.objects.filter(case__in=filtered_cases(user, filters).values("pk"))
        .annotate(
            to_country=Window(Lead("country"), **route),
            to_locality=Window(Lead("locality"), **route),
        )
        .values("case_id", "country", "locality", "to_country", "to_locality")
        .order_by()  # not the points' default order (by case: a join to every case row)
    )
    flows = grouped_counts(
        steps,
        keys=("country", "locality", "to_country", "to_locality"),
        distinct="case_id",
        where="to_country IS NOT NULL",
        limit=20,
    )
    rows = [
        [f"{loc} ({country}) → {to_loc} ({to_country})", n]
        for country, loc, to_country, to_loc, n in flows
    ]
    columns = [column("flow", _("from → to"), "label"), column("cases", _("cases"))]
    return FigureData(
        fig.name,
        fig.title,
        columns,
        rows,
        chart("bar", horizontal=True),
        fig.description,
        notes=[_("The 20 most frequent steps.")],
    )


# --- Requests for legal assistance (counts of requests: not masked) -------------------------
def _direction_labels():
    return {
        "KG": _("%(a)s → %(b)s") % {"a": Country.KG.short_label, "b": Country.KZ.short_label},
        "KZ": _("%(a)s → %(b)s") % {"a": Country.KZ.short_label, "b": Country.KG.short_label},
    }


@figure(
    "requests-by-direction",
    _("Requests sent per month by direction"),
    _(
        "Requests for legal assistance sent in each month, from the requesting country to the "
        "requested one."
    ),
    "requests",
    REQUEST_FILTERS,
)
def requests_by_direction(fig, user, filters):
    from django.db.models import Count
    from django.db.models.functions import TruncMonth

    counts = list(
        filtered_requests(user, filters)
        .annotate(month=TruncMonth("sent_at", tzinfo=user_zone(user)))
        .values_list("month", "requesting_agency__country")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return monthly_table(
        fig.name, fig.title, counts, _direction_labels(), filters, description=fig.description
    )


@figure(
    "requests-by-instrument",
    _("Requests sent per month by legal basis"),
    _(
        "Requests sent in each month, by the instrument they rest on (a request under two "
        "instruments counts under each)."
    ),
    "requests",
    REQUEST_FILTERS,
)
def requests_by_instrument(fig, user, filters):
    from django.db.models import Count
    from django.db.models.functions import TruncMonth

    from treaties.models import Instrument

    # From the visible requests, joined once to their instruments: one pass over each table (a
    # request rests on an instrument once: the count needs no DISTINCT), where ``request IN
    # (the visible requests)`` probed the requests once per instrument row.
    counts = list(
        filtered_requests(user, filters)
        .filter(instruments__isnull=False)
        .annotate(month=TruncMonth("sent_at", tzinfo=user_zone(user)))
        .values_list("month", "instruments")
        .annotate(n=Count("pk"))
        .order_by()
    )
    ids = {k for _m, k, _n in counts}
    labels = {i.pk: i.name for i in Instrument.objects.filter(pk__in=ids)} if ids else {}
    return monthly_table(fig.name, fig.title, counts, labels, filters, description=fig.description)


@figure(
    "requests-by-assistance",
    _("Requests sent per month by kind of assistance"),
    _(
        "Requests sent in each month, by the kinds of assistance they ask for (a request asking "
        "for two kinds counts under each)."
    ),
    "requests",
    REQUEST_FILTERS,
)
def requests_by_assistance(fig, user, filters):
    from django.db.models import Count
    from django.db.models.functions import TruncMonth

    from treaties.models import AssistanceKind

    # From the visible requests, joined once to their actions (one pass over each table).
    counts = list(
        filtered_requests(user, filters)
        .filter(actions__isnull=False)
        .annotate(month=TruncMonth("sent_at", tzinfo=user_zone(user)))
        .values_list("month", "actions__kind")
        .annotate(n=Count("pk", distinct=True))  # two actions of one kind: one request
        .order_by()
    )
    codes = {k for _m, k, _n in counts}
    labels = AssistanceKind.objects.filter(code__in=codes).names() if codes else {}
    return monthly_table(fig.name, fig.title, counts, labels, filters, description=fig.description)


def _turnaround(fig, user, filters, group: str, names: Callable[[set], dict]):
    from django.db.models import F, Min, Q

    from requests_mla.choices import RequestStatus
    from stats.sql import DaysBetween, percentiles

    executed = (RequestStatus.EXECUTED, RequestStatus.PARTIALLY_EXECUTED)
    received = RequestStatus.RECEIVED
    # The visible executed requests (a column condition first) joined once to the steps of
    # their history that matter, aggregated per request (and group): the first moment each was
    # received and the first it was executed — where a subquery per moment probed each
    # request's history again for every row and every use.
    moments = (
        filtered_requests(user, filters)
        .filter(status__in=executed, history__to_status__in=[*executed, received])
        .values("pk", grp=F(group))
        .annotate(
            executed_at=Min("history__occurred_at", filter=Q(history__to_status__in=executed)),
            received_at=Min("history__occurred_at", filter=Q(history__to_status=received)),
        )
        .order_by()
    )
    # Both spans in one pass (a request whose receipt was not recorded counts in the first).
    found = percentiles(
        moments.annotate(
            sent=DaysBetween("sent_at", "executed_at"),
            received=DaysBetween("received_at", "executed_at"),
        ).values("grp", "sent", "received"),
        columns=("sent", "received"),
    )
    keys = {k for k, ((n, _sent), _received) in found.items() if n}
    labels = names(keys) if keys else {}

    def day(value):
        return None if value is None else round(value, 1)

    rows = []
    for key in sorted(keys, key=lambda k: str(labels.get(k, k))):
        (n, (s50, s90)), (_n, (r50, r90)) = found[key]
        rows.append([labels.get(key, str(key)), n, day(s50), day(s90), day(r50), day(r90)])
    columns = [
        column("group", fig_group_label(group), "label"),
        column("executed", _("executed")),
        column("sent_p50", _("sent → executed, median (days)"), "days"),
        column("sent_p90", _("sent → executed, 90th percentile (days)"), "days"),
        column("received_p50", _("received → executed, median (days)"), "days"),
        column("received_p90", _("received → executed, 90th percentile (days)"), "days"),
    ]
    return FigureData(
        fig.name,
        fig.title,
        columns,
        rows,
        chart("bar", horizontal=True, series=[2, 3, 4, 5]),
        fig.description,
    )


def fig_group_label(group: str):
    return _("legal basis") if group.startswith("instruments") else _("requested authority")


@figure(
    "turnaround-by-instrument",
    _("Turnaround by legal basis"),
    _(
        "For the requests sent in the period and executed (fully or partly): days from sending, "
        "and from receipt, to execution — median and 90th percentile."
    ),
    "requests",
    REQUEST_FILTERS,
)
def turnaround_by_instrument(fig, user, filters):
    from treaties.models import Instrument

    return _turnaround(
        fig,
        user,
        filters,
        "instruments",
        lambda ids: {i.pk: i.name for i in Instrument.objects.filter(pk__in=ids)},
    )


@figure(
    "turnaround-by-agency",
    _("Turnaround by requested authority"),
    _(
        "For the requests sent in the period and executed (fully or partly): days from sending, "
        "and from receipt, to execution — median and 90th percentile."
    ),
    "requests",
    REQUEST_FILTERS,
)
def turnaround_by_agency(fig, user, filters):
    from accounts.models import Agency

    return _turnaround(
        fig,
        user,
        filters,
        "requested_agency_id",
        lambda ids: {a.pk: a.name for a in Agency.objects.filter(pk__in=ids)},
    )


@figure(
    "requests-overdue",
    _("Requests overdue"),
    _(
        "Per requested authority: requests sent in the period whose execution clock has run out "
        "and is still running (overdue now), and those whose clock ran out at any time (overdue "
        "ever: still running past its end, missed, or met after its end)."
    ),
    "requests",
    REQUEST_FILTERS,
)
def requests_overdue(fig, user, filters):
    from django.db.models import CharField, Count, F, Q
    from django.db.models.functions import Cast, Now

    from accounts.models import Agency
    from deadlines.models import Deadline, DeadlineState
    from requests_mla.choices import RequestStatus
    from treaties.choices import TriggerEvent

    # The requests' clocks that ran out, read once as two sets of ids (hashed): where an
    # EXISTS per request and per column probed the clocks twice for every request.
    clocks = Deadline.objects.filter(
        subject_type="requests_mla.mlarequest", kind=TriggerEvent.MLA_SENT
    ).values("subject_id")
    now = Q(state=DeadlineState.RUNNING, due_at__lt=Now())
    ever = now | Q(state=DeadlineState.MISSED) | Q(closed_at__gt=F("due_at"))
    counts = (
        filtered_requests(user, filters)
        .annotate(subject_id=Cast("pk", CharField()))
        .values_list("requested_agency_id")
        .annotate(
            sent=Count("pk"),
            open=Count(
                "pk",
                filter=~Q(
                    status__in=[
                        RequestStatus.EXECUTED,
                        RequestStatus.PARTIALLY_EXECUTED,
                        RequestStatus.REFUSED,
                        RequestStatus.WITHDRAWN,
                    ]
                ),
            ),
            overdue_now=Count("pk", filter=Q(subject_id__in=clocks.filter(now))),
            overdue_ever=Count("pk", filter=Q(subject_id__in=clocks.filter(ever))),
        )
        .order_by()
    )
    counts = list(counts)
    ids = {row[0] for row in counts}
    names = {a.pk: a.name for a in Agency.objects.filter(pk__in=ids)} if ids else {}
    rows = sorted(
        (
            [names.get(k, str(k)), sent, still, now_n, ever_n]
            for k, sent, still, now_n, ever_n in counts
        ),
        key=lambda r: str(r[0]),
    )
    columns = [
        column("agency", _("requested authority"), "label"),
        column("sent", _("sent")),
        column("open", _("not yet answered")),
        column("overdue_now", _("overdue now")),
        column("overdue_ever", _("overdue ever")),
    ]
    return FigureData(
        fig.name,
        fig.title,
        columns,
        rows,
        chart("bar", horizontal=True, series=[3, 4]),
        fig.description,
    )


@figure(
    "refusals-by-ground",
    _("Refusals by ground"),
    _(
        "Requests sent in the period and refused, by the ground the requested state gave (a "
        "refusal on two grounds counts under each)."
    ),
    "requests",
    REQUEST_FILTERS,
)
def refusals_by_ground(fig, user, filters):
    from django.db.models import Count

    from requests_mla.models import MLARequest
    from treaties.models import RefusalGround

    through = MLARequest.refusal_grounds.through
    counts = list(
        through.objects.filter(mlarequest__in=filtered_requests(user, filters).values("pk"))
        .values_list("refusalground_id")
        .annotate(n=Count("mlarequest_id", distinct=True))
        .order_by()
    )
    ids = {k for k, _n in counts}
    names = {g.pk: g.text for g in RefusalGround.objects.filter(pk__in=ids)} if ids else {}
    rows = sorted(([names.get(k, str(k)), n] for k, n in counts), key=lambda r: (-r[1], r[0]))
    columns = [
        column("ground", _("ground for refusal"), "label"),
        column("requests", _("requests")),
    ]
    return FigureData(
        fig.name, fig.title, columns, rows, chart("bar", horizontal=True), fig.description
    )


@figure(
    "supplements",
    _("Supplementary information asked, per month"),
    _(
        "Requests for which the requested side asked for supplementary information, by the "
        "month it asked and the direction of the request."
    ),
    "requests",
    REQUEST_FILTERS,
)
def supplements(fig, user, filters):
    from django.db.models import Count
    from django.db.models.functions import TruncMonth

    from requests_mla.choices import RequestStatus
    from requests_mla.models import StatusChange

    zone = user_zone(user)
    start, end = filters.moments(zone)
    asked = StatusChange.objects.filter(
        to_status=RequestStatus.SUPPLEMENT_REQUESTED,
        request__in=filtered_requests(user, filters, by_date=False).values("pk"),
    )
    if start:
        asked = asked.filter(occurred_at__gte=start)
    if end:
        asked = asked.filter(occurred_at__lt=end)
    counts = list(
        asked.annotate(month=TruncMonth("occurred_at", tzinfo=zone))
        .values_list("month", "request__requesting_agency__country")
        .annotate(n=Count("request_id", distinct=True))
        .order_by()
    )
    return monthly_table(
        fig.name, fig.title, counts, _direction_labels(), filters, description=fig.description
    )


# --- Extradition (persons: masked) ----------------------------------------------------------
EXTRADITION_FILTERS = ("date_from", "date_to", "country", "agency", "instrument")


def filtered_files(user, filters: Filters):
    """Extradition files the user may see, opened in the period, with the filters."""
    from django.db.models import Exists, OuterRef, Q

    from extradition.models import ExtraditionFile
    from stats import scope

    queryset = scope.extradition_files(user)
    start, end = filters.moments(user_zone(user))
    if start:
        queryset = queryset.filter(created_at__gte=start)
    if end:
        queryset = queryset.filter(created_at__lt=end)
    if filters.country:
        queryset = queryset.filter(
            Q(requesting_state=filters.country) | Q(requested_state=filters.country)
        )
    if filters.agency_id:
        queryset = queryset.filter(
            Q(case__owning_agency_id=filters.agency_id) | Q(detaining_agency_id=filters.agency_id)
        )
    if filters.instrument_id:
        through = ExtraditionFile.instruments.through.objects.filter(
            extraditionfile_id=OuterRef("pk"), instrument_id=filters.instrument_id
        )
        queryset = queryset.filter(Exists(through))
    return queryset


def _by_direction(counts, keys, key_label) -> tuple[list[list], list[str]]:
    """Rows per key, a column per direction (requesting state → requested state)."""
    directions = _direction_labels()
    table = {k: [0, 0] for k in keys}
    for key, requesting, n in counts:
        line = table.setdefault(key, [0, 0])
        line[0 if requesting == "KG" else 1] += n
    rows = [[key_label(k), *table[k]] for k in table]
    return rows, [directions["KG"], directions["KZ"]]


@figure(
    "extradition-outcomes",
    _("Extradition files by outcome"),
    _(
        "Extradition files opened in the period, by where they stand or ended, per direction "
        "(requesting → requested state). Each file is one person: fewer than 3 are shown as «<3»."
    ),
    "extradition",
    EXTRADITION_FILTERS,
)
def extradition_outcomes(fig, user, filters):
    from django.db.models import Count

    from extradition.choices import Stage

    counts = (
        filtered_files(user, filters)
        .values_list("stage", "requesting_state")
        .annotate(n=Count("pk"))
        .order_by()
    )
    found = {stage for stage, _s, _n in counts}
    keys = [s.value for s in Stage if s.value in found]
    rows, directions = _by_direction(counts, keys, lambda k: Stage(k).label)
    columns = [column("stage", _("stage"), "label")]
    columns += [column(f"d{i}", d, "persons") for i, d in enumerate(directions)]
    return FigureData(
        fig.name,
        fig.title,
        columns,
        mask_persons(rows, columns),
        chart("bar", stacked=True, horizontal=True),
        fig.description,
    )


@figure(
    "custody-days",
    _("Custody days used and allowed"),
    _(
        "The custody clocks of the extradition files opened in the period: how many days of "
        "custody were used (to release, surrender or now) against the days the law allowed. "
        "Averages are not shown for fewer than 3 persons."
    ),
    "extradition",
    EXTRADITION_FILTERS,
)
def custody_days(fig, user, filters):
    from django.db.models import Avg, CharField, Count, F, Max, Q
    from django.db.models.functions import Cast, Coalesce, Now

    from deadlines.models import Deadline, DeadlineState
    from stats.sql import DaysBetween
    from treaties.choices import TriggerEvent

    kinds = [TriggerEvent.PERSON_DETAINED, TriggerEvent.CUSTODY_ORDERED]
    file_ids = filtered_files(user, filters).annotate(sid=Cast("pk", CharField())).values("sid")
    used = DaysBetween("started_at", Coalesce("closed_at", Now()))
    allowed = DaysBetween("started_at", "due_at")
    counts = (
        Deadline.objects.filter(
            subject_type="extradition.extraditionfile", subject_id__in=file_ids, kind__in=kinds
        )
        .exclude(state=DeadlineState.CANCELLED)
        .values_list("kind")
        .annotate(
            n=Count("subject_id", distinct=True),
            used=Avg(used),
            allowed=Avg(allowed),
            longest=Max(used),
            overrun=Count(
                "subject_id",
                distinct=True,
                filter=Q(state=DeadlineState.MISSED) | Q(closed_at__gt=F("due_at")),
            ),
        )
        .order_by()
    )
    found = {row[0]: row[1:] for row in counts}

    def day(value):
        return None if value is None else round(value, 1)

    rows = []
    for kind in kinds:
        n, used_avg, allowed_avg, longest, overrun = found.get(kind, (0, None, None, None, 0))
        hide = 0 < n < MASK_BELOW  # an average of one or two persons is their own figure
        rows.append(
            [
                TriggerEvent(kind).label,
                n,
                None if hide else day(used_avg),
                None if hide else day(allowed_avg),
                None if hide else day(longest),
                overrun,
            ]
        )
    columns = [
        column("clock", _("custody"), "label"),
        column("persons", _("persons"), "persons"),
        column("used", _("days used, average"), "days"),
        column("allowed", _("days allowed, average"), "days"),
        column("longest", _("days used, longest"), "days"),
        column("overrun", _("past the allowed days"), "persons"),
    ]
    return FigureData(
        fig.name,
        fig.title,
        columns,
        mask_persons(rows, columns),
        chart("bar", series=[2, 3]),
        fig.description,
    )


@figure(
    "transfers",
    _("Transfers of prosecution"),
    _(
        "Extradition files opened in the period in which transfer of the prosecution was "
        "requested, and those in which it was accepted, per direction. Persons: fewer than 3 are "
        "shown as «<3»."
    ),
    "extradition",
    EXTRADITION_FILTERS,
)
def transfers(fig, user, filters):
    from django.db.models import Count, Exists, OuterRef, Q

    from extradition.choices import Stage
    from extradition.models import StageChange

    asked = StageChange.objects.filter(file_id=OuterRef("pk"), to_stage=Stage.TRANSFER_REQUESTED)
    counts = (
        filtered_files(user, filters)
        .values_list("requesting_state")
        .annotate(
            requested=Count("pk", filter=Exists(asked)),
            accepted=Count(
                "pk",
                filter=Q(transfer_accepted_on__isnull=False) | Q(stage=Stage.TRANSFER_ACCEPTED),
            ),
        )
        .order_by()
    )
    directions = _direction_labels()
    found = {state: (requested, accepted) for state, requested, accepted in counts}
    rows = [[directions[s], *found.get(s, (0, 0))] for s in ("KG", "KZ")]
    columns = [
        column("direction", _("direction"), "label"),
        column("requested", _("transfer requested"), "persons"),
        column("accepted", _("prosecution transferred"), "persons"),
    ]
    return FigureData(
        fig.name, fig.title, columns, mask_persons(rows, columns), chart("bar"), fig.description
    )


# --- Joint teams (tasks: not masked) --------------------------------------------------------
TEAM_FILTERS = ("date_from", "date_to", "country", "agency")


@figure(
    "team-tasks",
    _("Joint teams: tasks by country"),
    _(
        "Tasks of the joint teams created in the period, by the country of the officer or agency "
        "they are assigned to: done, open, and open past their due date."
    ),
    "teams",
    TEAM_FILTERS,
)
def team_tasks(fig, user, filters):
    from django.db.models import Count, Q
    from django.db.models.functions import Coalesce

    from stats import scope
    from teams.choices import TaskStatus
    from teams.models import Task

    zone = user_zone(user)
    today = timezone.localdate(timezone=zone)
    tasks = Task.objects.filter(team__in=scope.teams(user).values("pk"))
    start, end = filters.moments(zone)
    if start:
        tasks = tasks.filter(created_at__gte=start)
    if end:
        tasks = tasks.filter(created_at__lt=end)
    country = Coalesce("assignee_agency__country", "assignee__agency__country")
    tasks = tasks.annotate(country=country)
    if filters.country:
        tasks = tasks.filter(country=filters.country)
    if filters.agency_id:
        tasks = tasks.filter(
            Q(assignee_agency_id=filters.agency_id) | Q(assignee__agency_id=filters.agency_id)
        )
    closed = [TaskStatus.DONE, TaskStatus.CANCELLED]
    counts = (
        tasks.values_list("country")
        .annotate(
            done=Count("pk", filter=Q(status=TaskStatus.DONE)),
            open=Count("pk", filter=~Q(status__in=closed)),
            overdue=Count("pk", filter=~Q(status__in=closed) & Q(due_on__lt=today)),
        )
        .order_by()
    )
    found = {c: rest for c, *rest in counts}
    rows = [[Country(c).label, *found.get(c, (0, 0, 0))] for c in ("KG", "KZ")]
    columns = [
        column("country", _("country"), "label"),
        column("done", _("done")),
        column("open", _("open")),
        column("overdue", _("overdue")),
    ]
    return FigureData(fig.name, fig.title, columns, rows, chart("bar"), fig.description)


# The page shows the figures by section, in the order each was registered within its section.
SECTIONS = ("cases", "victims", "requests", "extradition", "teams")
FIGURES = dict(sorted(FIGURES.items(), key=lambda item: SECTIONS.index(item[1].section)))
