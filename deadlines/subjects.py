"""The kinds of records that carry clocks (a request, an extradition file, a team…).

Each app that opens clocks on its records registers their model in its ``AppConfig.ready``;
"My deadlines" offers these kinds as its filter's choices. A fixed list, not the distinct values
of the user's clocks: reading those meant reading every visible clock to draw a drop-down.
"""

from __future__ import annotations

from django.db import models

_SUBJECTS: dict[str, type[models.Model]] = {}


def register(model: type[models.Model]) -> None:
    _SUBJECTS[model._meta.label_lower] = model


def is_registered(obj_or_model) -> bool:
    return obj_or_model._meta.label_lower in _SUBJECTS


def subject_label(label: str) -> str:
    model = _SUBJECTS.get(label)
    return str(model._meta.verbose_name_plural).capitalize() if model else label


def subject_choices() -> list[tuple[str, str]]:
    """(label, name) of every registered kind, by name in the active language."""
    return sorted(((label, subject_label(label)) for label in _SUBJECTS), key=lambda c: c[1])
