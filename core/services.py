"""Mechanisms shared by the apps."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F

from core.models import ReferenceSequence


def reference_next_number(*, scope: str, year: int) -> int:
    """The next number of a reference series; call inside the transaction that uses it."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("reference numbers are allocated inside the caller's transaction")
    ReferenceSequence.objects.get_or_create(scope=scope, year=year)
    # RACE: two records created at once must not share a number; the row stays locked until
    # the caller's transaction commits.
    sequence = ReferenceSequence.objects.select_for_update().get(scope=scope, year=year)
    sequence.last_number = F("last_number") + 1
    sequence.save(update_fields=["last_number"])
    sequence.refresh_from_db(fields=["last_number"])
    return sequence.last_number
