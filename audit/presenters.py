"""The audit trail as people read it: field names, labels and names instead of codes and ids.

An audit row stores machine values (``{"assignee": [null, 2]}``, ``{"status": ["todo",
"in_progress"]}``); a history table shows "исполнитель: — → Жумабаев Н. А." and "статус: к
выполнению → в работе", in the reader's language. Related records are fetched in one query per
model for the whole page of events, never one per value.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

EMPTY = "—"


@dataclass
class Change:
    label: str
    before: str
    after: str


@dataclass
class EventView:
    event: object
    actor: str = ""
    changes: list[Change] = field(default_factory=list)


def _model_of(label: str):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _field_of(model, name: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _person(obj) -> str:
    """Officers as "Жумабаев Н. А.": surname and initials, as Russian documents write them."""
    last = getattr(obj, "last_name", "")
    if not last:
        return str(obj)
    initials = " ".join(
        f"{part[0]}." for part in (obj.first_name, getattr(obj, "patronymic", "")) if part
    )
    return f"{last} {initials}".strip()


def _related_ids(model_field, values) -> list:
    ids = []
    for value in values:
        if isinstance(value, list):
            ids.extend(v for v in value if isinstance(v, int | str))
        elif isinstance(value, int | str) and value != "":
            ids.append(value)
    return ids


def _time(value: str) -> str | None:
    moment = parse_datetime(value) if "T" in value or " " in value else None
    if moment is not None:
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return formats.date_format(moment, "d.m.Y H:i")
    day = parse_date(value) if len(value) == 10 else None
    return formats.date_format(day, "d.m.Y") if day else None


def _render(value, model_field, names: dict) -> str:
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(_render(v, model_field, names) for v in value) or EMPTY
    if model_field is not None and model_field.is_relation and model_field.related_model:
        return names.get((model_field.related_model, str(value)), f"#{value}")
    choices = getattr(model_field, "flatchoices", None)
    if choices:
        return str(dict(choices).get(value, value))
    if isinstance(value, str):
        readable = _time(value)
        if readable:
            return readable
    if isinstance(value, datetime.date):
        return formats.date_format(value, "d.m.Y")
    return str(value)


def present(events, *, show_protected: bool) -> list[EventView]:
    """Each event with its changes in words; protected changes stay masked for those who may
    not see them (the template says so)."""
    events = list(events)
    wanted: dict[type[models.Model], set] = defaultdict(set)
    plan = []
    for event in events:
        model = _model_of(event.object_type)
        rows = []
        for name, pair in (event.changes or {}).items():
            model_field = _field_of(model, name)
            values = pair if isinstance(pair, list | tuple) and len(pair) == 2 else [None, pair]
            if model_field is not None and model_field.is_relation and model_field.related_model:
                wanted[model_field.related_model].update(
                    str(i) for i in _related_ids(model_field, values)
                )
            rows.append((name, model_field, values))
        plan.append((event, rows))
    actor_field = _field_of(_model_of("audit.auditevent"), "actor")
    wanted[actor_field.related_model].update(
        str(e.actor_id) for e in events if getattr(e, "actor_id", None)
    )
    names: dict = {}
    for related, ids in wanted.items():
        pks = (
            [i for i in ids if i.isdigit()]
            if related._meta.pk.get_internal_type()
            in (
                "AutoField",
                "BigAutoField",
            )
            else list(ids)
        )
        for obj in related._default_manager.filter(pk__in=pks):
            names[(related, str(obj.pk))] = _person(obj) if hasattr(obj, "last_name") else str(obj)
    views = []
    for event, rows in plan:
        actor_id = getattr(event, "actor_id", None)
        view = EventView(
            event=event,
            actor=names.get((actor_field.related_model, str(actor_id)), "")
            or getattr(event, "actor_username", ""),
        )
        if not (getattr(event, "is_protected", False) and not show_protected):
            for name, model_field, (before, after) in rows:
                label = (
                    str(model_field.verbose_name)
                    if model_field is not None and hasattr(model_field, "verbose_name")
                    else name.replace("_", " ")
                )
                view.changes.append(
                    Change(
                        label=label,
                        before=_render(before, model_field, names),
                        after=_render(after, model_field, names),
                    )
                )
        views.append(view)
    return views
