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
from django.db.models import Q

from accounts.choices import Role
from core.db import ColumnCondition, among

CASE_ROLES = frozenset({Role.INVESTIGATOR, Role.COORDINATOR, Role.PROSECUTOR})
ACTIONS = ("view", "change", "view_protected", "share")
PERMISSION_CODENAMES = {
    "view": "view_case",
    "change": "change_case",
    "view_protected": "view_protected_case",
}


# The subqueries of the rule as SQL text: identifiers come from the models' _meta, quoted by the
# connection; every value is a parameter.


def _columns(model, *fields: str) -> list[str]:
    return [model._meta.get_field(field).column for field in fields]


def _granted_to_user_sql(connection, column: str) -> str:
    """Cases granted to one officer for one permission (params: codename, user id)."""
    from django.contrib.auth.models import Permission

    from cases.models import CaseUserObjectPermission

    qn = connection.ops.quote_name
    grants = CaseUserObjectPermission._meta.db_table
    case, permission, user = _columns(
        CaseUserObjectPermission, "content_object", "permission", "user"
    )
    return among(
        connection,
        column,
        f"SELECT vis_g.{qn(case)} FROM {qn(grants)} vis_g "  # noqa: S608 (see above)
        f"INNER JOIN {qn(Permission._meta.db_table)} vis_p ON vis_p.{qn('id')} = "
        f"vis_g.{qn(permission)} WHERE vis_p.{qn('codename')} = %s AND vis_g.{qn(user)} = %s",
    )


def _granted_to_agency_sql(connection, column: str) -> str:
    """Cases granted to one agency's group for one permission (params: agency id, codename)."""
    from django.contrib.auth.models import Permission

    from accounts.models import Agency
    from cases.models import CaseGroupObjectPermission

    qn = connection.ops.quote_name
    grants = CaseGroupObjectPermission._meta.db_table
    case, permission, group = _columns(
        CaseGroupObjectPermission, "content_object", "permission", "group"
    )
    (grantee_group,) = _columns(Agency, "grantee_group")
    return among(
        connection,
        column,
        f"SELECT vis_g.{qn(case)} FROM {qn(grants)} vis_g "  # noqa: S608 (see above)
        f"INNER JOIN {qn(Agency._meta.db_table)} vis_a ON vis_a.{qn(grantee_group)} = "
        f"vis_g.{qn(group)} "
        f"INNER JOIN {qn(Permission._meta.db_table)} vis_p ON vis_p.{qn('id')} = "
        f"vis_g.{qn(permission)} WHERE vis_a.{qn('id')} = %s AND vis_p.{qn('codename')} = %s",
    )


def _assigned_sql(connection, column: str) -> str:
    """Cases an officer is assigned to as investigator (param: user id)."""
    from cases.models import Case

    qn = connection.ops.quote_name
    through = Case.investigators.through
    case, user = _columns(through, "case", "user")
    return among(
        connection,
        column,
        f"SELECT vis_i.{qn(case)} FROM {qn(through._meta.db_table)} vis_i "  # noqa: S608
        f"WHERE vis_i.{qn(user)} = %s",
    )


def _case_row_sql(connection, column: str, lead: bool = False) -> str:
    """The case the column points at belongs to an agency (params: agency id[, lead's id]).

    One probe of that case row per outer row; ``{offset}`` is the page's fence (``RowProbe``).
    """
    from cases.models import Case

    qn = connection.ops.quote_name
    agency, lead_investigator = _columns(Case, "owning_agency", "lead_investigator")
    and_lead = f" AND vis_c.{qn(lead_investigator)} = %s" if lead else ""
    return (
        f"EXISTS(SELECT 1 FROM {qn(Case._meta.db_table)} vis_c "  # noqa: S608 (see above)
        f"WHERE vis_c.{qn(agency)} = %s"
        f"{and_lead} AND vis_c.{qn('id')} = {column} LIMIT 1{{offset}})"
    )


def _led_case_row_sql(connection, column: str) -> str:
    return _case_row_sql(connection, column, lead=True)


def _granted(user, codename: str, case_id: str) -> list[Q]:
    """The case is among those granted to the user (or to the user's agency) for ``codename``.

    Written as ``id = ANY(ARRAY(the user's grants))`` on ``case_id`` (the case's own id, or the
    column of a record that points at it): the grants of one officer are few, PostgreSQL reads
    them once and serves the condition from an index — where a correlated EXISTS per case made
    every list evaluate visibility over the whole table. The subqueries are SQL text
    (``core.db.ColumnCondition``): every list and workflow rule asks them.

    For the user a request signed in (``request_grants``) the grants are read once for the
    request and the condition carries their ids: ``id = ANY(%s)``, one array.
    """
    granted = request_grants(user)
    if granted is not None:
        ids = granted.get(codename)
        return [Q(ColumnCondition(case_id, _among_ids_sql(len(ids)), values=ids))] if ids else []
    terms = [Q(ColumnCondition(case_id, _granted_to_user_sql, (codename, user.pk)))]
    if user.agency_id and user.role_names & CASE_ROLES:
        terms.append(
            Q(ColumnCondition(case_id, _granted_to_agency_sql, (user.agency_id, codename)))
        )
    return terms


def _among_ids_sql(count: int):
    """``column`` is among ``count`` ids (``ColumnCondition``'s values): one array on PostgreSQL,
    ``IN (…)`` elsewhere."""

    def _among_ids(connection, column: str) -> str:
        if connection.vendor == "postgresql":
            return f"{column} = ANY(%s)"
        return f"{column} IN ({', '.join(['%s'] * count)})"

    return _among_ids


def _grants_sql(connection, codenames: int, with_agency: bool) -> str:
    """The (codename, case id) pairs granted to one officer, and with ``with_agency`` to one
    agency's group (params: user id, codenames[, group id, codenames])."""
    from django.contrib.auth.models import Permission

    from cases.models import CaseGroupObjectPermission, CaseUserObjectPermission

    qn = connection.ops.quote_name
    marks = ", ".join(["%s"] * codenames)

    def part(model, grantee: str) -> str:
        case, permission, who = _columns(model, "content_object", "permission", grantee)
        return (
            f"SELECT vis_p.{qn('codename')}, vis_g.{qn(case)} "  # noqa: S608 (see above)
            f"FROM {qn(model._meta.db_table)} vis_g INNER JOIN "
            f"{qn(Permission._meta.db_table)} vis_p ON vis_p.{qn('id')} = vis_g.{qn(permission)} "
            f"WHERE vis_g.{qn(who)} = %s AND vis_p.{qn('codename')} IN ({marks})"
        )

    sql = part(CaseUserObjectPermission, "user")
    if with_agency:
        sql += " UNION ALL " + part(CaseGroupObjectPermission, "group")
    return sql


def request_grants(user) -> dict[str, frozenset[int]] | None:
    """The cases granted to the signed-in user of a request, and to the user's agency, by
    permission: read once for the request, in one query. None for any other user object.

    A request's user is read anew for each request with its roles (``accounts.backends``), and
    so are these: a grant or a revocation counts from the next request on, as a role does. With
    the ids in the rule's conditions rather than subqueries of the grant tables, PostgreSQL
    plans each query on cases without them: at 100,000 cases the start page's nine sections
    planned and ran 5–8 ms faster, the request list's count 13 → 7 ms. Any other user object
    (a task's, a test's) keeps the subqueries, which always read the tables as they are.
    """
    # Attributes, not the instance's __dict__: a request's user is a lazy object around it.
    if not hasattr(user, "loaded_roles"):
        return None
    granted = getattr(user, "request_grants", None)
    if granted is None:
        from django.db import connections, router

        from cases.models import Case

        connection = connections[router.db_for_read(Case)]
        with_agency = bool(user.agency_id and user.role_names & CASE_ROLES)
        codenames = tuple(PERMISSION_CODENAMES.values())
        params: list = [user.pk, *codenames]
        if with_agency:  # the agency's grants count for its officers with a case role
            params += [user.agency.grantee_group_id, *codenames]
        with connection.cursor() as cursor:
            cursor.execute(_grants_sql(connection, len(codenames), with_agency), params)
            rows = cursor.fetchall()
        by_codename: dict[str, set[int]] = {}
        for codename, case_id in rows:
            by_codename.setdefault(codename, set()).add(case_id)
        granted = {codename: frozenset(ids) for codename, ids in by_codename.items()}
        user.request_grants = granted
    return granted


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
    case_id = f"{prefix}id" if prefix else "pk"
    roles = user.role_names & CASE_ROLES
    agency = user.agency_id
    if prefix:
        # The case row that the record points at, probed once per record.
        pointer = prefix[:-2]
        own_agency = Q(ColumnCondition(pointer, _case_row_sql, (agency,), probe=True))
        led = Q(ColumnCondition(pointer, _led_case_row_sql, (agency, user.pk), probe=True))
    else:
        own_agency = Q(owning_agency_id=agency)
        led = Q(owning_agency_id=agency, lead_investigator_id=user.pk)
    if action == "share":
        if agency and Role.COORDINATOR in roles:
            return [own_agency]
        return []
    granted = _granted(user, PERMISSION_CODENAMES[action], case_id)
    if not roles or not agency:
        return granted
    if (
        action == "view"
        or Role.COORDINATOR in roles
        or (action == "view_protected" and Role.PROSECUTOR in roles)
    ):
        return _cheapest_first([own_agency], granted, prefix)
    # change, view_protected: the case's own investigators.
    assigned = Q(ColumnCondition(case_id, _assigned_sql, (user.pk,)))
    return _cheapest_first([led, own_agency & assigned], granted, prefix)


def _cheapest_first(by_case_row: list[Q], granted: list[Q], prefix: str) -> list[Q]:
    """The terms in the order PostgreSQL should try them: it evaluates an OR's arms as written
    and stops at the first true one. On the case itself a column of the row costs less than a
    search of the granted ids (a linear scan of the array), and it is the arm that holds for
    most visible cases: counting an agency's 10,000 cases went 3.3 -> 1.4 ms. On a record that
    points at a case, the case row is a probe of another table: the granted ids go first.
    """
    return [*granted, *by_case_row] if prefix else [*by_case_row, *granted]


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
    # The terms of the rule this queryset was narrowed by (``visible_to``), and the queryset
    # before the rule: for ``count_parts``.
    _access_terms: tuple[Q, ...] = ()
    _before_access: CaseQuerySet | None = None

    def _clone(self):
        clone = super()._clone()
        clone._access_terms = self._access_terms
        clone._before_access = self._before_access
        return clone

    def visible_to(self, user, action: str = "view") -> CaseQuerySet:
        """Cases ``user`` may see (or change, see victims of, share: ``action``)."""
        if user.is_authenticated and user.is_superuser:
            return self
        queryset = self.filter(case_access_q(user, action))
        queryset._access_terms = tuple(case_access_terms(user, action))
        queryset._before_access = self
        return queryset

    def count_parts(self) -> list[CaseQuerySet]:
        """The same rows as disjoint querysets, one per term of the rule: each is this queryset
        with its term and without the terms before it (``core.pagination.CappedPaginator``
        counts them as one UNION ALL).

        Counted whole, the rule is an OR that no index serves as a condition: PostgreSQL read
        the (agency, id) index from its first entry and kept the rows of the officer's agency,
        which cost nothing for the agency whose cases come first in it and 66 ms at 100,000
        cases for the agency with the fifth id (91,827 entries read to count 8,173). Apart,
        each term is an index condition: the agency's own entries, a few granted ids.

        Where the rule was the last condition (the case list unfiltered: its commonest load),
        the parts start from the queryset before it, so that no part carries the whole rule
        again (which doubled the count's planning); otherwise from this queryset.
        """
        terms = self._access_terms
        if len(terms) < 2 or self.query.combinator or self.query.is_sliced:
            return [self]
        start = self._before_access
        if start is None or len(self.query.where.children) != len(start.query.where.children) + 1:
            start = self  # a condition followed the rule (or none() emptied it)
        parts = []
        for n, term in enumerate(terms):
            part = start.filter(term)
            for earlier in terms[:n]:
                part = part.exclude(earlier)
            parts.append(part)
        return parts

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
