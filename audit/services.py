"""Writing the audit trail. Services call these; signals never do."""

from __future__ import annotations

import datetime
import decimal
import logging
import time
import uuid
from collections.abc import Iterable
from typing import Any

from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from audit import chain
from audit.models import AuditAction, AuditChainCheck, AuditEvent, ChainProblem
from core import context

logger = logging.getLogger(__name__)


def _plain(value: Any) -> Any:
    """A JSON-safe rendering of a field value, stable enough to compare later."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The audited values of a record's concrete fields (foreign keys as ids)."""
    result: dict[str, Any] = {}
    # Derived columns (search keys, counters) say nothing a reader of the trail needs.
    skipped = {"created_at", "updated_at", "password", *getattr(instance, "audit_exclude", ())}
    for field in instance._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if field.name in skipped:
            continue
        result[field.name] = _plain(getattr(instance, field.attname))
    return result


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [before, after]} for every field whose value changed."""
    keys = before.keys() | after.keys()
    return {k: [before.get(k), after.get(k)] for k in sorted(keys) if before.get(k) != after.get(k)}


def audit_record(
    *,
    actor,
    action: AuditAction | str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    changes: dict[str, Any] | None = None,
    note: str = "",
    scope: models.Model | None = None,
    protected: bool = False,
) -> AuditEvent:
    """Append one event. The request id and address come from the request being served."""
    event = AuditEvent(
        **_event_fields(
            actor=actor,
            action=action,
            obj=obj,
            object_type=object_type,
            object_id=object_id,
            object_repr=object_repr,
            changes=changes,
            note=note,
            scope=scope,
            protected=protected,
        )
    )
    _append([event])
    return event


def audit_record_many(
    *, actor, action: AuditAction | str, objs, scope_of=None, note="", protected=False
):
    """One event per record, written in one statement (e.g. each victim shown on a page).

    ``scope_of(obj)`` gives each record's scope (its case), when it has one.
    """
    events = [
        AuditEvent(
            **_event_fields(
                actor=actor,
                action=action,
                obj=obj,
                note=note,
                scope=scope_of(obj) if scope_of else None,
                protected=protected,
            )
        )
        for obj in objs
    ]
    if events:
        _append(events)
    return events


def _append(events: list[AuditEvent]) -> None:
    """Link the events to the end of the chain and insert them, in this order.

    Costs one lock (PostgreSQL) and one probe of the primary key's index for the chain's end;
    the lock is held until the caller's transaction commits (see ``audit.chain.lock``). Without
    an outer transaction, this one is its own."""
    with transaction.atomic(savepoint=False):
        chain.lock()
        chain.seal(events, AuditEvent.objects.order_by("-id").values_list("seq", "hash").first())
        if len(events) == 1:
            events[0].save(force_insert=True)
        else:
            # One INSERT: PostgreSQL and SQLite hand out the ids in the order of its rows.
            AuditEvent.objects.bulk_create(events)


def _event_fields(
    *,
    actor,
    action,
    obj=None,
    object_type="",
    object_id="",
    object_repr="",
    changes=None,
    note="",
    scope=None,
    protected=False,
) -> dict[str, Any]:
    ctx = context.current()
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    return {
        "actor": actor if authenticated else None,
        "actor_username": actor.get_username() if authenticated else "",
        "actor_agency_id": getattr(actor, "agency_id", None) if authenticated else None,
        "object_type": object_type,
        "object_id": object_id,
        "object_repr": object_repr[:255],
        "action": str(action),
        "changes": _plain(changes or {}),
        "note": note[:500],
        "scope_type": scope._meta.label_lower if scope is not None else "",
        "scope_id": str(scope.pk) if scope is not None else "",
        "is_protected": protected,
        "request_id": ctx.request_id,
        "ip": ctx.ip,
    }


def audit_chain_check(*, source: str, from_seq: int = 1) -> AuditChainCheck:
    """Re-check the hash chain from ``from_seq`` to its end and store the result.

    The latest intact check anchors this one: the event it ended at must still be there with
    the same hash, else the latest events were removed. A broken chain is logged as an ERROR.
    """
    anchor = (
        AuditChainCheck.objects.filter(ok=True, last_seq__isnull=False)
        .order_by("-id")
        .values_list("last_seq", "last_hash", "checked_at")
        .first()
    )
    checked_at = timezone.now()
    started = time.perf_counter()
    result = chain.walk(from_seq=from_seq, anchor=anchor)
    broken = result.broken
    check = AuditChainCheck.objects.create(
        checked_at=checked_at,
        source=source,
        ok=broken is None,
        from_seq=from_seq,
        events_checked=result.events,
        last_seq=result.last_seq,
        last_hash=result.last_hash,
        problem=broken.problem if broken else "",
        broken_seq=broken.seq if broken else None,
        broken_event_id=broken.event_id if broken else None,
        broken_occurred_at=broken.occurred_at if broken else None,
        message=chain.describe(broken) if broken else "",
        duration=time.perf_counter() - started,
    )
    if broken:
        logger.error("audit trail: %s", check.message)
    return check


def audit_chain_alert(*, check: AuditChainCheck) -> list:
    """Tell every active auditor that the chain is broken, in the bell and by e-mail (as they
    chose to receive notices): once per break, however many checks find it again."""
    from accounts.choices import Role
    from accounts.models import User
    from deadlines.models import Notification, delivery_for

    kind = f"audit-chain-{check.problem}-{check.broken_seq}"[:60]
    auditors = User.objects.filter(groups__name=Role.AUDITOR, is_active=True).distinct()
    with override("ru"):
        title = _("The audit trail's chain is broken at no. %(seq)s: %(problem)s") % {
            "seq": check.broken_seq,
            "problem": ChainProblem(check.problem).label,
        }
    created = []
    for user in auditors:
        if Notification.objects.filter(recipient=user, kind=kind).exists():
            continue
        created.append(
            Notification.objects.create(
                recipient=user,
                kind=kind,
                title=title[:255],
                body=check.message,
                url=reverse("audit:list"),
                delivery=delivery_for(user.notification_mode),
            )
        )
    return created
