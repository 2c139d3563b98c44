"""The one visibility rule of cases, and the querysets of everything that hangs off a case.

SECURITY: every read of a case or of its participants, files, links and grants that a user
triggers starts from ``Case.objects.visible_to(user)`` (or a child's ``visible_to``). Pages,
API, exports and PDFs all call it; an invisible case answers 404.

Who may do what with a case (``action``):
- view: officers with a case role (investigator, coordinator, prosecutor) of the owning agency;
  anyone holding an explicit grant (to the officer, or to the officer's agency for officers
  with a case role).
- change: the lead and assigned investigators, the owning agency's coordinators, change grants.
- view_protected (victims' identities): the lead and assigned investigators, the owning
  agency's coordinators and prosecutors, view_protected grants.
- share (grant, revoke, decide on mirror links): the owning agency's coordinators.
"""

from __future__ import annotations

from django.db import models
from django.db.models import OuterRef, Q

from accounts.choices import Role
from core.db import RowProbe

CASE_ROLES = frozenset({Role.INVESTIGATOR, Role.COORDINATOR, Role.PROSECUTOR})
ACTIONS = ("view", "change", "view_protected", "share")
PERMISSION_CODENAMES = {
    "view": "view_case",
    "change": "change_case",
    "view_protected": "view_protected_case",
}


def _granted(user, codename: str, case_id: str) -> list[Q]:
    """The case is among those granted to the user (or to the user's agency) for ``codename``.

    Written as ``id = ANY(ARRAY(the user's grants))`` (``core.db.AnyOf``) on ``case_id`` (the
    case's own id, or the column of a record that points at it): the grants of one officer are
    few, PostgreSQL reads them once and serves the condition from an index — where a correlated
    EXISTS per case made every list evaluate visibility over the whole table.
    """
    from cases.models import CaseGroupObjectPermission, CaseUserObjectPermission

    to_user = CaseUserObjectPermission.objects.filter(
        user=user, permission__codename=codename
    ).values("content_object_id")
    terms = [Q(**{f"{case_id}__any_of": to_user})]
    if user.agency_id and user.role_names & CASE_ROLES:
        to_agency = CaseGroupObjectPermission.objects.filter(
            group__grantee_agency=user.agency_id, permission__codename=codename
        ).values("content_object_id")
        terms.append(Q(**{f"{case_id}__any_of": to_agency}))
    return terms


def case_access_terms(user, action: str = "view", prefix: str = "") -> list[Q]:
    """The rule for ``user`` to do ``action`` as conditions, any one of which suffices — on a
    Case, or on a record whose ``prefix`` (``"case__"``) leads to one.

    Each term is a conjunction served by one index: the case's id among a few granted ids, or
    columns of the case row. On a record that points at a case, the id terms read the record's
    own ``case_id`` and the column terms probe that one case row (``core.db.RowProbe``) — a join,
    or one EXISTS of the whole rule, let PostgreSQL build the set of every visible case (10,000
    to 50,000 rows, their heap pages included) to show 50 clocks. ``case_access_q`` joins the
    terms with OR; a query that asks "is there a visible case such that …" per row of another
    table (the lead-investigator dropdown) asks one EXISTS per term, each an index probe.
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown case action {action!r}")
    if not user.is_authenticated or not user.is_active:
        return []
    if user.is_superuser:
        return [Q()]
    # Kept on the user object for its request, as its roles are (``User.role_names``): a page
    # asks the same rule for several lists. The terms hold subqueries, not ids, so a grant
    # made meanwhile still counts; the key holds what the terms are built from.
    key = (action, prefix, user.pk, user.agency_id, user.role_names)
    memo = user.__dict__.setdefault("_case_access_terms", {})
    if key not in memo:
        memo[key] = _case_access_terms(user, action, prefix)
    return list(memo[key])


def _case_access_terms(user, action: str, prefix: str) -> list[Q]:
    from cases.models import Case

    if prefix:
        case_id = f"{prefix}id"

        def case_row(condition: Q) -> Q:
            return Q(RowProbe(Case.objects.filter(condition, pk=OuterRef(prefix[:-2]))))
    else:
        case_id = "pk"

        def case_row(condition: Q) -> Q:
            return condition

    roles = user.role_names & CASE_ROLES
    own_agency = Q(owning_agency_id=user.agency_id) if user.agency_id else None
    if action == "share":
        if own_agency is not None and Role.COORDINATOR in roles:
            return [case_row(own_agency)]
        return []
    terms = _granted(user, PERMISSION_CODENAMES[action], case_id)
    if not roles or own_agency is None:
        return terms
    if (
        action == "view"
        or Role.COORDINATOR in roles
        or (action == "view_protected" and Role.PROSECUTOR in roles)
    ):
        return [*terms, case_row(own_agency)]
    # change, view_protected: the case's own investigators.
    assigned = Case.investigators.through.objects.filter(user=user.pk).values("case_id")
    return [
        *terms,
        case_row(own_agency & Q(lead_investigator_id=user.pk)),
        Q(**{f"{case_id}__any_of": assigned}) & case_row(own_agency),
    ]


def case_access_q(user, action: str = "view", prefix: str = "") -> Q:
    """The condition, on a Case (or on ``prefix`` leading to one), for ``user`` to do ``action``.

    Every term is single-valued (a column of the case, or the case's id in a small set), so the
    condition filters a queryset directly: no join can duplicate rows or widen access, and a list
    ordered by an index stops after its page.
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown case action {action!r}")
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if user.is_superuser:
        return Q()
    condition = Q(pk__in=[])
    for term in case_access_terms(user, action, prefix):
        condition |= term
    return condition


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user, action: str = "view") -> CaseQuerySet:
        """Cases ``user`` may see (or change, see victims of, share: ``action``)."""
        if user.is_authenticated and user.is_superuser:
            return self
        return self.filter(case_access_q(user, action))

    def with_access(self, user) -> CaseQuerySet:
        """Annotate can_change, can_view_protected and can_share: per row, from the row itself."""

        def flag(action):
            if user.is_superuser:
                return models.Value(True)
            return models.ExpressionWrapper(
                case_access_q(user, action), output_field=models.BooleanField()
            )

        return self.annotate(
            can_change=flag("change"),
            can_view_protected=flag("view_protected"),
            can_share=flag("share"),
        )


class ChildQuerySet(models.QuerySet):
    """Records that belong to one case: visible exactly when their case is."""

    case_field = "case"

    def visible_to(self, user, action: str = "view"):
        if user.is_authenticated and user.is_superuser:
            return self
        return self.filter(case_access_q(user, action, prefix=f"{self.case_field}__"))
