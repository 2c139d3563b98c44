"""Who sees a request for legal assistance.

SECURITY: every read of a request (pages, API, documents, files) starts from
``MLARequest.objects.visible_to(user)``:
- the requesting side sees it through its case (the case's own visibility rule) — an officer of
  the other country to whom that case is shared only once the request has been sent;
- once submitted, the prosecutors who approve and send it: prosecutors of the requesting agency
  and of the prosecutor's offices / central authorities of the requesting country;
- once sent, officers with a case role of the requested agency and of the executing agency it
  was routed to, and the executing officer — the request only, never the requesting side's
  case (that stays 404 for them).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from accounts.choices import AgencyKind, Role
from cases.querysets import CASE_ROLES, case_access_q
from core.db import ColumnCondition, among

APPROVING_AGENCY_KINDS = frozenset({AgencyKind.PROSECUTOR, AgencyKind.CENTRAL_AUTHORITY})


def agencies_of(country: str | None, *, other: bool = False):
    """The ids of a country's agencies (with ``other``, of every other country's), as a
    subquery for conditions on a request's agency.

    A condition on the agency's country through the relation joins the agency table, and the
    rule's other terms are then checked again above the join (the hash of the agency's cases
    built twice): a direction's count of the request list went 8.9 -> 6.3 ms at 20,000
    requests with the subquery.
    """
    from accounts.models import Agency

    agencies = Agency.objects.all()
    if country is None:  # an officer of no agency has no country: none is theirs
        return agencies.values("pk") if other else agencies.none().values("pk")
    agencies = agencies.exclude(country=country) if other else agencies.filter(country=country)
    return agencies.values("pk")


def _country_agencies(connection) -> str:
    """The ids of a country's agencies, as SQL (param: the country)."""
    from accounts.models import Agency

    qn = connection.ops.quote_name
    country = Agency._meta.get_field("country").column
    return (
        f"SELECT vis_ag.{qn('id')} FROM {qn(Agency._meta.db_table)} vis_ag "  # noqa: S608
        f"WHERE vis_ag.{qn(country)} = %s"
    )


def _among_country_agencies_sql(connection, column: str) -> str:
    return f"{column} IN ({_country_agencies(connection)})"


def _any_of_country_agencies_sql(connection, column: str) -> str:
    return among(connection, column, _country_agencies(connection))


def of_country_q(column: str, country: str | None, *, indexed: bool = False) -> Q:
    """The agency whose id is in ``column`` is one of ``country``'s (none for no country).

    SQL text (``core.db.ColumnCondition``), as the case rule's terms are: the request rule asks
    it in every list and page, the drafter's and approvers' rules on every start page — built
    as a subquery of ``agencies_of``, each use was a query resolved, cloned and compiled again.
    ``indexed``: an array PostgreSQL evaluates once and serves from the (agency, status) indexes,
    also as one branch of an OR (the drafter's rule); otherwise ``IN (…)``, which the request
    lists' plans were measured with.
    """
    if country is None:
        return Q(pk__in=[])
    sql = _any_of_country_agencies_sql if indexed else _among_country_agencies_sql
    return Q(ColumnCondition(column, sql, (country,)))


def approver_scope_q(user, *, include_drafts: bool = False) -> Q:
    """Requests this user may approve and send (past the draft, unless asked), as a condition."""
    from requests_mla.choices import RequestStatus, RequestType

    nothing = Q(pk__in=[])
    if not user.agency_id:
        return nothing
    past_draft = ~Q(status=RequestStatus.DRAFT)
    condition = nothing
    if user.has_role(Role.PROSECUTOR):
        condition |= Q(requesting_agency_id=user.agency_id)
        if user.agency.kind in APPROVING_AGENCY_KINDS:
            condition |= of_country_q("requesting_agency_id", user.agency.country)
    if user.has_role(Role.COORDINATOR):
        # Police channels need no prosecutor: the requesting agency's coordinator approves.
        condition |= Q(requesting_agency_id=user.agency_id) & ~Q(
            request_type=RequestType.FORMAL_MLA
        )
    return condition if include_drafts else condition & past_draft


def executing_side_agency_id(request) -> int:
    """The agency that executes ``request``: the one it was routed to, else the requested one."""
    return request.executing_agency_id or request.requested_agency_id


def executor_candidates(request):
    """Officers who may execute ``request``: active, of its executing agency, with a case role
    (an investigator, coordinator or prosecutor — never an auditor or someone with no role)."""
    from accounts.models import User

    return (
        User.objects.filter(
            agency_id=executing_side_agency_id(request),
            is_active=True,
            groups__name__in=CASE_ROLES,
        )
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


def routing_candidates(request):
    """Agencies of the requested country a received request may be routed to for execution."""
    from accounts.models import Agency

    return (
        Agency.objects.filter(country=request.requested_agency.country)
        .exclude(pk=request.requested_agency_id)
        .order_by("name_ru")
    )


class MLARequestQuerySet(models.QuerySet):
    def visible_to(self, user) -> MLARequestQuerySet:
        from requests_mla.choices import EXCHANGED_STATUSES

        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        # SECURITY: a request exists for the other country only from the moment it is sent,
        # even for an officer of that country to whom the requesting case is shared.
        own_side = (
            of_country_q("requesting_agency_id", user.agency.country) if user.agency_id else Q()
        )
        through_case = case_access_q(user, prefix="case__") & (
            own_side | Q(status__in=EXCHANGED_STATUSES)
        )
        condition = through_case | Q(executing_officer=user)
        condition |= approver_scope_q(user)
        if user.agency_id and user.role_names & CASE_ROLES:
            condition |= Q(requested_agency_id=user.agency_id, status__in=EXCHANGED_STATUSES)
            # The executing agency's officers see what was routed to them for execution.
            condition |= Q(executing_agency_id=user.agency_id, status__in=EXCHANGED_STATUSES)
        return self.filter(condition)
