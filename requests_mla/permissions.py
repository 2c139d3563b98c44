"""Which side of a request a user is on, and so which steps of the workflow they may take."""

from __future__ import annotations

from accounts.choices import Role
from cases.models import Case
from cases.querysets import CASE_ROLES
from requests_mla.querysets import approver_scope_q


def is_drafter(user, request) -> bool:
    """May edit and submit: those who may change the requesting case."""
    return Case.objects.visible_to(user, "change").filter(pk=request.case_id).exists()


def is_approver(user, request) -> bool:
    """Prosecutors (or, for police channels, coordinators) who approve and send it."""
    from requests_mla.models import MLARequest

    if user.is_superuser:
        return True
    scope = approver_scope_q(user, include_drafts=True)
    return MLARequest.objects.filter(pk=request.pk).filter(scope).exists()


def is_requested_officer(user, request) -> bool:
    return (
        user.agency_id == request.requested_agency_id and bool(user.role_names & CASE_ROLES)
    ) or user.is_superuser


def is_requested_manager(user, request) -> bool:
    """Coordinators and prosecutors of the requested agency: accept, assign, refuse."""
    return is_requested_officer(user, request) and (
        user.has_role(Role.COORDINATOR) or user.has_role(Role.PROSECUTOR) or user.is_superuser
    )


def is_executor(user, request) -> bool:
    return request.executing_officer_id == user.pk or is_requested_manager(user, request)


def is_requesting_side(user, request) -> bool:
    return is_drafter(user, request) or is_approver(user, request)


PREDICATES = {
    "drafter": is_drafter,
    "approver": is_approver,
    "requested": is_requested_officer,
    "requested_manager": is_requested_manager,
    "executor": is_executor,
    "requesting_side": is_requesting_side,
}
