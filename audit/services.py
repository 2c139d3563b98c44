"""Writing the audit trail. Services call these; signals never do."""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Iterable
from typing import Any

from django.db import models

from audit.models import AuditAction, AuditEvent
from core import context


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
    return AuditEvent.objects.create(
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


def audit_record_many(
    *, actor, action: AuditAction | str, objs, scope_of=None, note="", protected=False
):
    """One event per record, written in one statement (e.g. each victim shown on a page).

    ``scope_of(obj)`` gives each record's scope (its case), when it has one.
    """
    return AuditEvent.objects.bulk_create(
        [
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
    )


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
