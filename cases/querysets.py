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
from django.db.models import Exists, OuterRef, Q

from accounts.choices import Role

CASE_ROLES = frozenset({Role.INVESTIGATOR, Role.COORDINATOR, Role.PROSECUTOR})
ACTIONS = ("view", "change", "view_protected", "share")
PERMISSION_CODENAMES = {
    "view": "view_case",
    "change": "change_case",
    "view_protected": "view_protected_case",
}


def _granted(user, codename: str, prefix: str) -> Q:
    """The case is among those granted to the user (or to the user's agency) for ``codename``.

    Written as ``id = ANY(ARRAY(the user's grants))`` (``core.db.AnyOf``): the grants of one
    officer are few, PostgreSQL reads them once and serves the condition from the primary key's
    index, beside the owning agency's index — where a correlated EXISTS per case made every list
    evaluate visibility over the whole table.
    """
    from cases.models import CaseGroupObjectPermission, CaseUserObjectPermission

    to_user = CaseUserObjectPermission.objects.filter(
        user=user, permission__codename=codename
    ).values("content_object_id")
    condition = Q(**{f"{prefix}pk__any_of": to_user})
    if user.agency_id and user.role_names & CASE_ROLES:
        to_agency = CaseGroupObjectPermission.objects.filter(
            group__grantee_agency=user.agency_id, permission__codename=codename
        ).values("content_object_id")
        condition |= Q(**{f"{prefix}pk__any_of": to_agency})
    return condition


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
    from cases.models import Case

    if prefix:
        # On a record that points at a case: the rule read on that one case row (a probe of the
        # case's primary key per record). A join instead let PostgreSQL hash all 100,000 cases
        # to show 50 clocks.
        case_row = Case.objects.filter(case_access_q(user, action), pk=OuterRef(prefix[:-2]))
        return Q(Exists(case_row))
    p = prefix
    roles = user.role_names & CASE_ROLES
    own_agency = Q(**{f"{p}owning_agency_id": user.agency_id}) if user.agency_id else Q(pk__in=[])
    assigned = Case.investigators.through.objects.filter(user=user.pk).values("case_id")
    is_investigator_of_case = Q(**{f"{p}lead_investigator_id": user.pk}) | Q(
        **{f"{p}pk__any_of": assigned}
    )
    condition = Q(pk__in=[])
    if action == "share":
        return own_agency if Role.COORDINATOR in roles else condition
    condition |= _granted(user, PERMISSION_CODENAMES[action], p)
    if not roles:
        return condition
    if action == "view":
        condition |= own_agency
    else:
        condition |= own_agency & is_investigator_of_case
        if Role.COORDINATOR in roles:
            condition |= own_agency
        if action == "view_protected" and Role.PROSECUTOR in roles:
            condition |= own_agency
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
