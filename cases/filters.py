"""One FilterSet for the case list page, its CSV export and the API.

SECURITY: filters narrow a queryset that is already ``visible_to(user)``, and the choices they
offer (lead investigators) come from visible cases only, so neither a count nor a drop-down
reveals a case the user may not see. Searching victims' names matches only in cases where the
user may see victims' identities.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from accounts.choices import Country
from accounts.models import User
from cases.choices import CaseStatus, ParticipantRole
from cases.models import Case, Participant, Qualification
from cases.querysets import case_access_q, case_access_terms
from cases.validators import fold, normalize_national_number
from core.forms import OptionsOnDemandSelect
from treaties.models import CriminalArticle, ExploitationForm

DATE = forms.DateInput(attrs={"type": "date"})
# The columns each registry drop-down's labels read (``citation — title``, ``name``):
# the choices are read on every load of the list page, and a registry row is wide (an
# article's sources and sanctions).
LABEL_FIELDS = {
    "article": (
        "article",
        "part",
        "clause",
        "title_ru",
        "title_en",
        "code__short_name",
        "code__short_name_en",
    ),
    "exploitation_form": ("name_ru", "name_en"),
}


def visible_leads(user):
    """The officers who lead a case ``user`` may see, by name."""
    # Per officer, does one visible case name them lead? One EXISTS per term of the rule, each an
    # index probe (lead and owning agency; lead and a granted id) — officers are a few hundred,
    # where collecting the leads of every visible case read 50,000 cases, and one EXISTS of the
    # whole rule read every case of every other agency's officer to find none visible.
    is_lead = Q(pk__in=[])
    for term in case_access_terms(user, "view"):
        is_lead |= Exists(Case.objects.filter(term, lead_investigator=OuterRef("pk")))
    return User.objects.filter(is_lead).order_by("last_name", "first_name", "pk")


class LeadChoices:
    """The lead-investigator drop-down's choices, ``(id, name)``, read when first used: to show
    the drop-down, or to check a value given. A list that is not filtered by lead — every load
    of the API's list — builds no query for them (building the rule's EXISTS terms, relabelled
    into a subquery per term, cost about 2.5 ms of a 25 ms list). Read once per request.
    """

    def __init__(self, request):
        self.request = request
        self.choices = None

    def __call__(self) -> list[tuple[int, str]]:
        if self.choices is None:
            self.choices = []
            if self.request is not None:
                # Only what the label shows (``User.name_from``): a user row is wide.
                leads = visible_leads(self.request.user).values_list("pk", *User.NAME_FIELDS)
                self.choices = [(pk, User.name_from(*name)) for pk, *name in leads]
        return self.choices

    def __deepcopy__(self, memo):
        # A form copies its fields when it is made: the copy reads the same choices, once.
        return self


@extend_schema_field(OpenApiTypes.INT)
class IdChoiceFilter(django_filters.ModelChoiceFilter):
    """A choice of a record by its id (typed for the OpenAPI schema)."""


@extend_schema_field(OpenApiTypes.INT)
class LeadChoiceFilter(django_filters.ChoiceFilter):
    """An officer who leads a case the user may see (``LeadChoices``: read when needed)."""

    @property
    def field(self):
        if not hasattr(self, "_field"):
            # A FilterSet's own copy has its parent, which holds the request.
            parent = getattr(self, "parent", None)
            self.extra["choices"] = LeadChoices(getattr(parent, "request", None))
        return super().field


def _options_on_demand(name: str) -> OptionsOnDemandSelect:
    return OptionsOnDemandSelect(reverse_lazy("cases:filter_options", kwargs={"name": name}))


class CaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("search"), max_length=200)
    country = django_filters.ChoiceFilter(
        choices=Country.choices, label=_("country"), empty_label=_("all")
    )
    status = django_filters.ChoiceFilter(
        choices=CaseStatus.choices, label=_("status"), empty_label=_("all")
    )
    # The drop-downs of registry entries and officers are read when the user reaches for them
    # (``OptionsOnDemandSelect``): on every load of the page, their queries and options were a
    # fifth of its time, for drop-downs most loads never open.
    article = IdChoiceFilter(
        queryset=CriminalArticle.objects.select_related("code").only(*LABEL_FIELDS["article"]),
        method="filter_article",
        label=_("article"),
        empty_label=_("all"),
        widget=_options_on_demand("article"),
    )
    exploitation_form = IdChoiceFilter(
        queryset=ExploitationForm.objects.only(*LABEL_FIELDS["exploitation_form"]),
        method="filter_exploitation_form",
        label=_("form of exploitation"),
        empty_label=_("all"),
        widget=_options_on_demand("exploitation_form"),
    )
    opened_from = django_filters.DateFilter(
        field_name="opened_on", lookup_expr="gte", label=_("opened from"), widget=DATE
    )
    opened_to = django_filters.DateFilter(
        field_name="opened_on", lookup_expr="lte", label=_("opened until"), widget=DATE
    )
    lead_investigator = LeadChoiceFilter(
        label=_("lead investigator"),
        empty_label=_("all"),
        widget=_options_on_demand("lead_investigator"),
    )

    class Meta:
        model = Case
        fields: list[str] = []

    def filter_article(self, queryset, name, value):
        # Exists, not a join: a case with two qualifications must not appear twice.
        return queryset.filter(
            Exists(Qualification.objects.filter(case=OuterRef("pk"), article=value))
        )

    def filter_exploitation_form(self, queryset, name, value):
        through = Case.exploitation_forms.through
        return queryset.filter(
            Exists(through.objects.filter(case=OuterRef("pk"), exploitationform=value))
        )

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        user = self.request.user
        words = [fold(word) for word in value.split()[:5]]
        by_case = Q(reference__contains=value.upper()) | Q(search_title__contains=fold(value))
        digits = normalize_national_number(value)
        if len(digits) >= 4:
            by_case |= Q(national_number_digits__contains=digits)
        if len(words) == 1:
            matches, visible_matches = _one_word(user, words[0], by_case)
        else:
            matches, visible_matches = _several_words(user, words, by_case)
        # Read once, as the ids of the visible matches: the page's count and its rows would each
        # run the search again, and each check the rule on every match (a common surname
        # matches 1,000 of an agency's cases at 100,000). The page's queries check the rule
        # again on these ids. A term too broad to carry as ids (past the list's count cap)
        # stays a subquery, under the list's own rule.
        cap = settings.LIST_COUNT_CAP
        found = list(visible_matches[: cap + 1])
        if len(found) > cap:
            return queryset.filter(pk__in=matches)
        # The list's own order (newest opened first), known from the ids' read: with no other
        # filter, the list's count is their number and a page reads its 25 ids only
        # (``found_in_order``), where a page of a common surname sorted its 1,000 matches' rows
        # and counted them again (7 and 5 ms of PostgreSQL at 100,000 cases).
        found.sort(key=lambda row: (row[1], row[0]), reverse=True)
        self.found_in_order = [pk for pk, _opened in found]
        # One array, not an IN list of up to 10,000 values (see core.db.AnyOf).
        return queryset.filter(pk__any_of=self.found_in_order)

    found_in_order: list[int] | None = None

    def presorted_ids(self) -> list[int] | None:
        """The ids of the list's rows in the list's order (``-opened_on, -id``), when the search
        alone narrowed the list and read them; None otherwise (another filter narrows it in
        SQL, or the search found more than the count cap)."""
        if self.found_in_order is None or not self.is_bound or not self.is_valid():
            return None
        others = (value for name, value in self.form.cleaned_data.items() if name != "q")
        if any(value not in (None, "", [], ()) for value in others):
            return None
        return self.found_in_order


def _one_word(user, word: str, by_case: Q):
    """A word in a case's reference, title or number, or in one of its people's names — read
    from the names kept on the case row (``cases.names``).

    SECURITY: a victim's name finds the case only for those who may see victims.

    Each branch is one table's conditions, which PostgreSQL serves with one bitmap: the word's
    trigram index intersected with the rule's own indexes (the owning agency's cases, a few
    granted ids) before any row is read. Read from the participants, a common surname at
    100,000 cases was 4,400 people and 6,600 participations, each checked against the rule
    (28 ms); here 1,000 rows of the agency's cases are read (10 ms).
    """
    people = Q(participant_names__contains=word)
    victims = Q(victim_names__contains=word)
    may_see_victims = case_access_q(user, "view_protected")
    matches = (
        Case.objects.filter(by_case | people | (victims & may_see_victims)).order_by().values("pk")
    )
    visible = case_access_q(user)
    branches = [
        Case.objects.filter(by_case, visible),
        Case.objects.filter(people, visible),
        Case.objects.filter(victims, may_see_victims, visible),
    ]
    # Each match with its opening date: the list's order, known without reading its rows again.
    ids = [branch.order_by().values_list("pk", "opened_on") for branch in branches]
    return matches, ids[0].union(*ids[1:])


def _several_words(user, words: list[str], by_case: Q):
    """Every word in the same participant's name (in either alphabet), or the whole text in a
    case's reference, title or number.

    SECURITY: a victim's name finds the case only for those who may see victims. One read of
    the matching names serves both (the person's trigram index is probed once); each branch
    checks the rule on its own rows: on a participant, its granted ids and then a probe of
    the case it points at (``case_access_q`` with a prefix).
    """
    names = Q()
    for word in words:
        names &= Q(person__search_name__contains=word)
    participants = Participant.objects.filter(
        names,
        ~Q(role=ParticipantRole.VICTIM) | case_access_q(user, "view_protected", prefix="case__"),
    )
    matches = (
        Case.objects.filter(by_case)
        .order_by()
        .values("pk")
        .union(participants.order_by().values("case_id"))
    )
    visible_matches = (
        Case.objects.filter(by_case, case_access_q(user))
        .order_by()
        .values_list("pk", "opened_on")
        .union(
            participants.filter(case_access_q(user, prefix="case__"))
            .order_by()
            .values_list("case_id", "case__opened_on")
        )
    )
    return matches, visible_matches
