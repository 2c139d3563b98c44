"""The same person across spellings and across both countries: reads only.

The matcher (the ``matching`` package) says how alike two names are; this module decides which
records it may be shown. Three readers:

- ``person_search(user, query)``: persons the user may see, best match first, with the cases
  they appear in. SECURITY: a victim's record is matched only where the user may see that case's
  victims (``view_protected``); elsewhere the name was the only link, so nothing is shown — a
  victim's name must not be confirmable by search.
- ``same_person_elsewhere(user, participant)``: the same search from a recorded person, other
  cases only (the person panel).
- ``cross_border_hits(user, participant)``: probable matches in cases the user may *not* see,
  told as country, agency and strength only — never a name, date, reference or count.

Candidates come from blocking on the matcher's skeleton tokens (``Person.match_keys``), then the
matcher scores at most ``CANDIDATES`` of them in Python. On PostgreSQL the blocking is exact
first (``exact_candidates``: keys of two typed name parts, or the query's date of birth — index
lookups whose cost is the rows that agree, not the rows sharing one common name), and by
trigrams only when that finds no probable same person (``near_candidates``: pg_trgm's word
similarity, slower when a typed token is short and common). SQLite reads the table (token
containment).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Value,
    When,
)
from django.db.models.expressions import RawSQL

from cases.choices import ParticipantRole
from cases.models import Case as CaseModel
from cases.models import Participant, Person
from cases.querysets import case_access_q

CANDIDATES = 40
# pg_trgm's word similarity from which a person is a candidate of the fallback (the operator <%).
SIMILARITY_THRESHOLD = 0.7
# The word similarity from which a person born on the query's date is a candidate without a
# shared key (the date already narrows to a few dozen rows).
DATE_SIMILARITY = 0.5
# The most rows of the trigram fallback that are ranked (see near_candidates).
NEAR_POOL = 1000
RESULTS = 20
NON_PROTECTED_ROLES = [r.value for r in ParticipantRole if not r.is_protected]


def _matching():
    import matching

    return matching


def query_keys(value: str | Mapping) -> list[str]:
    """The matcher's skeleton tokens of what was typed, each once (the blocking keys)."""
    keys: list[str] = []
    for key in _matching().search_keys(value):
        if key and key not in keys:
            keys.append(key)
    return keys[:6]


def _birth_date(query):
    if isinstance(query, Mapping):
        value = query.get("birth_date")
        return value if isinstance(value, datetime.date) else None
    return None


# Fields a found person is shown with (lists, panels, API): nothing else is read per candidate.
SHOWN_FIELDS = (
    "id",
    "surname",
    "given_name",
    "patronymic",
    "surname_latin",
    "given_name_latin",
    "birth_date",
    "sex",
    "owning_agency",
)


def _first_same_birth_date(birth_date) -> list:
    # The same date of birth first, when the query has one (a constant would be read by
    # PostgreSQL as a column position in ORDER BY).
    if not birth_date:
        return []
    return [Case(When(birth_date=birth_date, then=Value(1)), default=Value(0)).desc()]


def _usable(keys: list[str]) -> list[str]:
    return [k for k in keys if len(k) >= 2]


def query_key_groups(value: str | Mapping) -> list[list[str]]:
    """The blocking keys by name part (``matching.search_key_groups``), usable ones only."""
    groups = [_usable(group) for group in _matching().search_key_groups(value)]
    return [group for group in groups if group][:4]


# Born on the query's date (the B-tree) and carrying a typed key or most of its trigrams.
_BORN = (
    "cases_person.birth_date = %s AND (string_to_array(cases_person.match_keys, ' ') && "
    "%s::text[] OR word_similarity(%s, cases_person.match_keys) >= %s)"
)


def exact_candidates(
    queryset,
    groups: list[list[str]],
    *,
    birth_date=None,
    anchored: bool = False,
    limit: int = CANDIDATES,
):
    """The persons of ``queryset`` who carry keys of two of the typed name parts exactly (with
    ``anchored``, two parts of which one is the first — the surname as parsed), or who were
    born on the query's date and carry a typed key or most of its trigrams: the same date of
    birth first, then the most parts shared, then the most similar. When one part only was
    typed: the persons who carry it, in the primary key's order (a common one is thousands of
    rows: PostgreSQL stops at the limit), the date of birth left to ``born_candidates``.

    Every branch is an index lookup on PostgreSQL (the keys as an array in a GIN index and the
    date of birth in a B-tree, migration 0009), so a common name costs the rows that carry
    *both* of two parts, never every row that carries one: a given name shared by a fifth of
    the table is no blocking key on its own. A part's keys are its readings (``search_key_
    groups``): two readings of one word never count as two parts.
    """
    usable = [key for group in groups for key in group]
    if not usable:
        return queryset.none()
    if connection.vendor != "postgresql":
        return _containment_candidates(queryset, usable, birth_date=birth_date, limit=limit)
    array = "string_to_array(cases_person.match_keys, ' ')"
    if len(groups) == 1:
        # Every row found shares the one part: no rank to compute, none to sort.
        near = RawSQL(
            "string_to_array(cases_person.match_keys, ' ') && %s::text[]",
            (groups[0],),
            output_field=BooleanField(),
        )
        return queryset.filter(Q(near)).only(*SHOWN_FIELDS).order_by("pk")[:limit]
    pairs = [(a, b) for i, a in enumerate(groups) for b in groups[i + 1 :]]
    if anchored:
        pairs = [(a, b) for a, b in pairs if a is groups[0]]
    branches = [f"({array} && %s::text[] AND {array} && %s::text[])" for _ in pairs]
    params: list = [group for pair in pairs for group in pair]
    if birth_date:
        branches.append(f"({_BORN})")
        params += [birth_date, usable, " ".join(usable), DATE_SIMILARITY]
    # The SQL text is built from the constants above only; every typed value is a parameter.
    near = RawSQL(" OR ".join(branches), params, output_field=BooleanField())  # noqa: S611
    shared = RawSQL(  # noqa: S611
        " + ".join(f"({array} && %s::text[])::int" for _ in groups),
        groups,
        output_field=IntegerField(),
    )
    similarity = RawSQL("word_similarity(%s, cases_person.match_keys)", (" ".join(usable),))
    order = [*_first_same_birth_date(birth_date), shared.desc(), similarity.desc(), "pk"]
    return queryset.filter(Q(near)).only(*SHOWN_FIELDS).order_by(*order)[:limit]


def born_candidates(queryset, groups: list[list[str]], *, birth_date, limit: int = CANDIDATES):
    """The persons of ``queryset`` born on ``birth_date`` who carry a typed key or most of its
    trigrams (PostgreSQL), the most similar first: a few dozen rows, whatever the name."""
    usable = [key for group in groups for key in group]
    if not usable or not birth_date:
        return queryset.none()
    joined = " ".join(usable)
    # SECURITY: the date is one more condition on rows the queryset already allows.
    born = RawSQL(  # noqa: S611  (a constant of this module)
        _BORN, (birth_date, usable, joined, DATE_SIMILARITY), output_field=BooleanField()
    )
    similarity = RawSQL("word_similarity(%s, cases_person.match_keys)", (joined,))
    return queryset.filter(Q(born)).only(*SHOWN_FIELDS).order_by(similarity.desc(), "pk")[:limit]


def near_candidates(queryset, keys: list[str], *, birth_date=None, limit: int = CANDIDATES):
    """The fallback: persons whose keys are near the typed ones by trigrams (a misspelt token
    still shares most of its trigrams), likeliest first among the first ``NEAR_POOL`` found.
    Asked only when the exact keys found no probable same person (see ``scored_candidates``)."""
    usable = _usable(keys)
    if not usable:
        return queryset.none()
    if connection.vendor != "postgresql":
        return _containment_candidates(queryset, usable, birth_date=birth_date, limit=limit)
    joined = " ".join(usable)
    # pg_trgm: the GIN index over match_keys serves the word-similarity operator (the typed
    # tokens against the best-matching stretch of a person's keys). Its threshold is the
    # session's, set just before.
    with connection.cursor() as cursor:
        cursor.execute("SET pg_trgm.word_similarity_threshold = %s", [SIMILARITY_THRESHOLD])
    near = RawSQL("%s <%% cases_person.match_keys", (joined,), output_field=BooleanField())
    # A short, common token («Ад» of «Адыев») is near a hundred thousand rows: only the first
    # NEAR_POOL of them are ranked (the exact lookups have already asked for the likeliest).
    pool = list(queryset.filter(Q(near)).order_by().values_list("pk", flat=True)[:NEAR_POOL])
    similarity = RawSQL("word_similarity(%s, cases_person.match_keys)", (joined,))
    # SECURITY: the pool was read through ``queryset`` (the reader's visibility rule).
    return (
        Person.objects.filter(pk__in=pool)
        .only(*SHOWN_FIELDS)
        .order_by(*_first_same_birth_date(birth_date), similarity.desc(), "pk")[:limit]
    )


def _containment_candidates(queryset, usable: list[str], *, birth_date, limit: int):
    # SQLite: token containment over the whole table (no index; fine at demo size).
    block = Q()
    for key in usable:
        block |= Q(match_keys__contains=key)
    shared = sum(
        (Case(When(match_keys__contains=key, then=Value(1)), default=Value(0)) for key in usable),
        Value(0),
    )
    return (
        queryset.filter(block)
        .only(*SHOWN_FIELDS)
        .alias(shared=shared)
        .order_by(*_first_same_birth_date(birth_date), F("shared").desc(), "pk")[:limit]
    )


def scored_candidates(
    queryset, query, *, enough: int | None = RESULTS, minimum: float = 0.5
) -> list[tuple[Person, object]]:
    """(person, the matcher's verdict) for the candidates of ``queryset`` scoring ``minimum``
    or more, pool after pool until one holds a probable same person or ``enough`` results
    (``None``: whatever their number): on PostgreSQL the exact keys' candidates that agree on
    the surname (as parsed) and another part or on the date of birth (one part typed: those
    born that day, then those carrying it); then, for three parts or more, those agreeing on
    two other parts (a given name and patronymic together are thousands of rows when both are
    common); then the trigram fallback. SQLite has one pool."""
    birth_date = _birth_date(query)
    scored: list = []
    seen: set[int] = set()
    groups = query_key_groups(query)
    # (pool, whether the search may stop after it)
    pools = [(partial(exact_candidates, groups=groups, anchored=True), True)]
    if connection.vendor == "postgresql":
        if len(groups) == 1 and birth_date:
            # One part: those born that day, then the others carrying it (in no rank).
            pools.insert(0, (partial(born_candidates, groups=groups), False))
        if len(groups) > 2:
            pools.append((partial(exact_candidates, groups=groups[1:]), True))
        pools.append((partial(near_candidates, keys=query_keys(query)), True))
    for pool, may_stop in pools:
        rows = pool(queryset.exclude(pk__in=seen) if seen else queryset, birth_date=birth_date)
        for person in rows.prefetch_related("documents"):
            seen.add(person.pk)
            match = best_match(query, person)
            if match.score >= minimum:
                scored.append((person, match))
        if may_stop and (
            any(m.same_person for _p, m in scored) or (enough is not None and len(scored) >= enough)
        ):
            break
    return scored


def _spellings(person: Person) -> list[dict]:
    common = {
        "birth_date": person.birth_date,
        "document_number": next((d.number for d in person.documents.all()), ""),
    }
    out = [
        {
            "surname": person.surname,
            "given_name": person.given_name,
            "patronymic": person.patronymic,
            **common,
        }
    ]
    if person.surname_latin or person.given_name_latin:
        out.append(
            {"surname": person.surname_latin, "given_name": person.given_name_latin, **common}
        )
    return out


def best_match(query, person: Person):
    """The matcher's verdict for ``query`` against the closest of the person's spellings."""
    threshold = settings.PERSON_MATCH_THRESHOLD
    compare = _matching().compare
    best = None
    for spelling in _spellings(person):
        match = compare(query, spelling, threshold=threshold)
        if best is None or match.score > best.score:
            best = match
        if best.score >= 1.0:
            break  # nothing scores higher: the other spelling need not be compared
    return best


def person_as_query(person: Person) -> dict:
    return _spellings(person)[0]


@dataclass
class Found:
    """A person found for the reader: the matcher's verdict and the cases they may be shown."""

    person: Person
    score: float
    same_person: bool
    reasons: list[str]
    participations: list[Participant] = field(default_factory=list)


def shown_participations(user):
    """Participations the user may be shown *by name*: visible cases, and victims only where
    the user may see that case's victims."""
    return Participant.objects.visible_to(user).filter(
        Q(role__in=NON_PROTECTED_ROLES) | case_access_q(user, "view_protected", prefix="case__")
    )


def person_search(
    user,
    query: str | Mapping,
    *,
    exclude_person: int | None = None,
    exclude_case: int | None = None,
    limit: int = RESULTS,
    minimum: float = 0.5,
) -> list[Found]:
    """Persons the user may be shown by name, best match first (see the module's SECURITY)."""
    shown = shown_participations(user)
    if exclude_case is not None:
        shown = shown.exclude(case_id=exclude_case)
    persons = Person.objects.filter(Exists(shown.filter(person=OuterRef("pk"))))
    if exclude_person is not None:
        persons = persons.exclude(pk=exclude_person)
    found = [
        Found(person, match.score, match.same_person, list(match.reasons))
        for person, match in scored_candidates(persons, query, enough=limit, minimum=minimum)
    ]
    found.sort(key=lambda f: (-f.score, f.person.pk))
    found = found[:limit]
    if found:
        parts = (
            shown.filter(person__in=[f.person.pk for f in found])
            .select_related("case", "case__owning_agency")
            .order_by("case__reference", "id")
        )
        by_person: dict[int, list[Participant]] = {}
        for part in parts:
            by_person.setdefault(part.person_id, []).append(part)
        for f in found:
            f.participations = by_person.get(f.person.pk, [])
    return [f for f in found if f.participations]


def same_person_elsewhere(user, participant: Participant) -> list[Found]:
    """The recorded person's probable doubles in the other cases the user may see."""
    found = person_search(
        user,
        person_as_query(participant.person),
        exclude_person=participant.person_id,
        exclude_case=participant.case_id,
        limit=10,
    )
    return [f for f in found if f.same_person]


@dataclass(frozen=True)
class Hit:
    """What a cross-border check may tell: a country, an agency and a strength. Nothing more."""

    country: str
    agency_id: int
    agency: str
    strength: str = "probable"

    def as_dict(self) -> dict:
        return {
            "country": self.country,
            "agency_id": self.agency_id,
            "agency": self.agency,
            "strength": self.strength,
        }


def hidden_matches(user, participant: Participant) -> list[tuple[Participant, float]]:
    """Participations of probable doubles of ``participant`` in cases the user may not see.

    SECURITY: the result never leaves the server as such; callers reduce it to ``Hit``s (the
    check) or to the one case an access request is about.
    """
    query = person_as_query(participant.person)
    persons = Person.objects.exclude(pk=participant.person_id)
    scores = {
        person.pk: match.score
        for person, match in scored_candidates(persons, query, enough=None, minimum=0.0)
        if match.same_person
    }
    if not scores:
        return []
    parts = list(
        Participant.objects.filter(person__in=list(scores))
        .exclude(case_id=participant.case_id)
        .select_related("case", "case__owning_agency")
        .order_by("id")
    )
    visible = set(
        CaseModel.objects.visible_to(user)
        .filter(pk__in={p.case_id for p in parts})
        .values_list("pk", flat=True)
    )
    hidden = [(p, scores[p.person_id]) for p in parts if p.case_id not in visible]
    hidden.sort(key=lambda pair: (-pair[1], pair[0].pk))
    return hidden


def cross_border_hits(user, participant: Participant) -> list[Hit]:
    """One hit per agency holding a probable double in a case the user may not see."""
    hits: dict[int, Hit] = {}
    for part, _score in hidden_matches(user, participant):
        agency = part.case.owning_agency
        hit = Hit(country=agency.country, agency_id=agency.pk, agency=agency.name)
        hits.setdefault(agency.pk, hit)
    return sorted(hits.values(), key=lambda h: (h.country, h.agency))
