"""Whose records a user's figures count: the portal's visibility rules, read as sets.

SECURITY: every figure starts from these querysets, which start from each model's own
``visible_to`` — a user's figures count exactly the records that user may see (the other
country's records reach them only through the statistical exchange, as frozen figures).

One addition, for auditors: they have no case role, so ``visible_to`` shows them no case, yet
statistics are theirs to read. An auditor's figures count the records of their own country's
side (cases of its agencies, requests and extradition files its agencies sent or received once
exchanged, teams on its cases) — aggregates only, never a record, and masked as everyone's.
"""

from __future__ import annotations

from django.db.models import Q

from accounts.choices import Role
from cases.querysets import CASE_ROLES

ALLOWED_ROLES = frozenset({Role.COORDINATOR, Role.PROSECUTOR, Role.AUDITOR})


def may_read_statistics(user) -> bool:
    """Coordinators, prosecutors and auditors (and technical superusers); others get 403."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or bool(user.role_names & ALLOWED_ROLES)


def _auditor_country(user) -> str | None:
    """The country an auditor without a case role counts, else None (the usual rules apply)."""
    if user.is_superuser or user.role_names & CASE_ROLES:
        return None
    if Role.AUDITOR in user.role_names and user.agency_id:
        return user.agency.country
    return None


def _nothing(user) -> bool:
    return (
        not user.is_superuser
        and not (user.role_names & CASE_ROLES)
        and not (_auditor_country(user))
    )


def cases(user):
    from cases.models import Case

    if country := _auditor_country(user):
        # The cases of its agencies (a case's country is its owning agency's), half the cases
        # of the portal: their ids come from the index of the cases by agency, and a figure
        # then reads the id and opening date off the case list's index — where ``country``
        # read every case row (100 MB at 100,000 cases).
        own = Case.objects.filter(owning_agency__country=country).values("pk")
        return Case.objects.filter(pk__in=own)
    if _nothing(user):
        return Case.objects.none()
    return Case.objects.visible_to(user)


def requests(user):
    from requests_mla.choices import EXCHANGED_STATUSES
    from requests_mla.models import MLARequest

    if country := _auditor_country(user):
        return MLARequest.objects.filter(
            Q(requesting_agency__country=country)
            | Q(requested_agency__country=country, status__in=EXCHANGED_STATUSES)
        )
    return MLARequest.objects.visible_to(user)


def extradition_files(user):
    from extradition.choices import Stage
    from extradition.models import ExtraditionFile

    if country := _auditor_country(user):
        exchanged = ~Q(stage=Stage.WANTED) | ~Q(notice_number="")
        return ExtraditionFile.objects.filter(
            Q(requesting_state=country) | (Q(requested_state=country) & exchanged)
        )
    return ExtraditionFile.objects.visible_to(user)


def teams(user):
    from teams.models import JointTeam

    if country := _auditor_country(user):
        on_own_cases = JointTeam.cases.through.objects.filter(case__country=country).values(
            "jointteam_id"
        )
        return JointTeam.objects.filter(pk__in=on_own_cases)
    return JointTeam.objects.visible_to(user)
