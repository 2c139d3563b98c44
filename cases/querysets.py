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


def _grant_exists(user, codename: str, case_ref: str) -> Q:
    from cases.models import CaseGroupObjectPermission, CaseUserObjectPermission

    to_user = Exists(
        CaseUserObjectPermission.objects.filter(
            content_object=OuterRef(case_ref), user=user, permission__codename=codename
        )
    )
    condition = Q(to_user)
    if user.agency_id and user.role_names & CASE_ROLES:
        to_agency = Exists(
            CaseGroupObjectPermission.objects.filter(
                content_object=OuterRef(case_ref),
                group__grantee_agency=user.agency_id,
                permission__codename=codename,
            )
        )
        condition |= Q(to_agency)
    return condition


def case_access_q(user, action: str = "view", prefix: str = "") -> Q:
    """The condition, on a Case (or on ``prefix`` leading to one), for ``user`` to do ``action``."""
    if action not in ACTIONS:
        raise ValueError(f"unknown case action {action!r}")
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if user.is_superuser:
        return Q()
    p = prefix
    case_ref = f"{p}pk" if p else "pk"
    roles = user.role_names & CASE_ROLES
    own_agency = Q(**{f"{p}owning_agency_id": user.agency_id}) if user.agency_id else Q(pk__in=[])
    is_investigator_of_case = Q(**{f"{p}lead_investigator_id": user.pk}) | Q(
        **{f"{p}investigators": user.pk}
    )
    condition = Q(pk__in=[])
    if action == "share":
        return own_agency if Role.COORDINATOR in roles else condition
    condition |= _grant_exists(user, PERMISSION_CODENAMES[action], case_ref)
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
        # A subquery, not a join: the investigators relation is multi-valued, and a join would
        # duplicate rows and widen access when combined with other filters.
        from cases.models import Case

        allowed = Case.objects.filter(case_access_q(user, action)).values("pk")
        return self.filter(pk__in=allowed)

    def with_access(self, user) -> CaseQuerySet:
        """Annotate can_change, can_view_protected and can_share, without a query per row."""
        from cases.models import Case

        def flag(action):
            if user.is_superuser:
                return models.Value(True)
            return Exists(
                Case.objects.filter(case_access_q(user, action)).filter(pk=OuterRef("pk"))
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
        from cases.models import Case

        return self.filter(**{f"{self.case_field}__in": Case.objects.visible_to(user, action)})
