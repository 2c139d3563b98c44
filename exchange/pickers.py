"""What the "new message" form offers to pick: a few officers of the receiving agency and a few
of the sender's cases, found by name or number as the sender types.

At national scale an agency has hundreds of officers and a coordinator sees tens of thousands of
cases: the form never lists them all. It shows what was already chosen, a short offer (the
sender's latest cases; the first officers of the agency) and what a search finds, each list
capped, each read through the same rules the form validates with.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from accounts.models import User
from cases.models import Case
from cases.validators import fold, normalize_national_number
from exchange.models import READER_ROLES
from exchange.services import agency_officers

# How many officers / cases one list shows; one more row is read to know whether there are more.
OFFICERS_SHOWN = 20
CASES_OFFERED = 6
CASES_FOUND = 10
# A search of cases from this many characters: below it a trigram index cannot serve the
# "contains" (PostgreSQL would read every case).
CASE_QUERY_MIN = 3


@dataclass
class Offer:
    """A list of (pk, label) to show, its heading, and a line saying why it is short or empty."""

    items: list[tuple[int, str]] = field(default_factory=list)
    heading: str = ""
    hint: str = ""


def officer_label(user: User) -> str:
    return f"{user.display_name} — {user.agency.short_name or user.agency.name}"


def case_label(case: Case) -> str:
    return f"{case.reference} — {case.title}"


def sender_country(user) -> str | None:
    return user.agency.country if user.agency_id else None


# --- Officers ---------------------------------------------------------------------------------
def officer_candidates(user) -> QuerySet:
    """Every officer the sender could name (the other country's officers with a case role): the
    form validates against it, the receiving agency checked on top (here and in message_send).
    The roles as a subquery, not a join: an officer with two roles is one row."""
    with_role = User.objects.filter(groups__name__in=list(READER_ROLES)).values("pk")
    return (
        User.objects.filter(is_active=True, pk__in=with_role)
        .exclude(agency__isnull=True)
        .exclude(agency__country=sender_country(user))
        .select_related("agency")
        .order_by("last_name", "first_name", "id")
    )


def name_matches(query: str) -> Q:
    """Every word of ``query`` in the officer's surname, name, patronymic or login."""
    condition = Q()
    for word in query.split()[:4]:
        # SQLite's LIKE folds ASCII letters only: a surname typed in lower case still finds its
        # capitalised form there (PostgreSQL's icontains folds every alphabet).
        variants = {word, word[:1].upper() + word[1:]}
        any_part = Q()
        for variant in variants:
            for column in ("last_name", "first_name", "patronymic", "username"):
                any_part |= Q(**{f"{column}__icontains": variant})
        condition &= any_part
    return condition


def officers_offered(agency_id: int | None, query: str = "") -> Offer:
    """The receiving agency's officers with a case role, by name, the first few of them."""
    if not agency_id:
        return Offer(hint=_("Choose the receiving agency: its officers are listed here."))
    query = query.strip()[:100]
    found = list(
        agency_officers(agency_id)
        .filter(name_matches(query))
        .select_related("agency")
        .order_by("last_name", "first_name", "id")[: OFFICERS_SHOWN + 1]
    )
    offer = Offer(items=[(u.pk, officer_label(u)) for u in found[:OFFICERS_SHOWN]])
    if len(found) > OFFICERS_SHOWN:
        offer.hint = _("Only the first %(count)s are shown: type a name to find the others.") % {
            "count": OFFICERS_SHOWN
        }
    elif not found:
        offer.hint = _("No officer of this agency by that name.") if query else ""
    return offer


def officers_chosen(user, ids, agency_id: int | None = None) -> list[tuple[int, str]]:
    """The chosen officers the sender may name (of the receiving agency when it is given)."""
    ids = _ids(ids)
    if not ids:
        return []
    chosen = officer_candidates(user).filter(pk__in=ids)
    if agency_id:
        chosen = chosen.filter(agency=agency_id)
    return [(u.pk, officer_label(u)) for u in chosen]


# --- Cases ------------------------------------------------------------------------------------
def case_candidates(user) -> QuerySet:
    """SECURITY: the cases of the sender's own country the sender sees (the one rule)."""
    country = sender_country(user)
    if not country:
        return Case.objects.none()
    return Case.objects.visible_to(user).filter(country=country)


def cases_offered(user, query: str = "") -> Offer:
    """Without a query: the sender's own latest cases (lead or assigned investigator). With
    one: the visible cases of the sender's country whose reference, number or title holds it."""
    query = query.strip()[:100]
    candidates = case_candidates(user).order_by("-opened_on", "-id")
    if not query:
        assigned = Case.investigators.through.objects.filter(user=user.pk).values("case_id")
        own = candidates.filter(Q(lead_investigator=user.pk) | Q(pk__any_of=assigned))
        items = [(c.pk, case_label(c)) for c in own.only("reference", "title")[:CASES_OFFERED]]
        return Offer(
            items=items,
            heading=_("My latest cases") if items else "",
            hint=_("Type a case reference, number or title to find another case."),
        )
    if len(query) < CASE_QUERY_MIN:
        return Offer(hint=_("Type at least %(count)s characters.") % {"count": CASE_QUERY_MIN})
    by_case = Q(reference__contains=query.upper()) | Q(search_title__contains=fold(query))
    digits = normalize_national_number(query)
    if len(digits) >= CASE_QUERY_MIN:
        by_case |= Q(national_number_digits__contains=digits)
    # The matching ids first (each column served by its trigram index on PostgreSQL), then the
    # visible ones among them: the search never walks every case the sender sees.
    found = list(
        candidates.filter(pk__in=Case.objects.filter(by_case).values("pk")).only(
            "reference", "title"
        )[: CASES_FOUND + 1]
    )
    offer = Offer(
        items=[(c.pk, case_label(c)) for c in found[:CASES_FOUND]],
        heading=_("Found") if found else "",
    )
    if len(found) > CASES_FOUND:
        offer.hint = _("Only the first %(count)s are shown: refine the search.") % {
            "count": CASES_FOUND
        }
    elif not found:
        offer.hint = _("No case found.")
    return offer


def cases_chosen(user, ids) -> list[tuple[int, str]]:
    ids = _ids(ids)
    if not ids:
        return []
    chosen = case_candidates(user).filter(pk__in=ids).order_by("-opened_on", "-id")
    return [(c.pk, case_label(c)) for c in chosen.only("reference", "title")]


def _ids(values) -> list[int]:
    """The integer ids among submitted values (anything else is ignored: the form reports it)."""
    result = []
    for value in values or ():
        text = str(getattr(value, "pk", value)).strip()
        if text.isdigit() and len(text) < 19:
            result.append(int(text))
    return result[:200]
