"""The audit trail as a hash chain: each event carries the hash of the one before it.

An event's ``hash`` is the SHA-256 of its canonical form (``canonical``), which includes the
``prev_hash`` of the event before it, so changing, removing or reordering any stored event
breaks every link after it. ``seq`` numbers the events 1, 2, 3… without gaps, so a deleted row
shows as a gap even where the rows around it still link. The canonical form is written out in
``audit.models.AuditEvent``'s docstring, for a verifier written without this code.

``walk`` re-checks a stored chain in id order, a batch at a time, and names the first event
that does not hold.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
from collections.abc import Iterator, Mapping
from typing import Any

from django.db import connection
from django.utils.ipv6 import clean_ipv6_address
from django.utils.translation import override

# The prev_hash of the first event.
GENESIS = "0" * 64
# The PostgreSQL advisory lock that serializes appends to the chain: b"audit_ch" as a bigint.
LOCK_KEY = int.from_bytes(b"audit_ch", "big")

# The stored columns an event's hash covers, besides seq and prev_hash (in the canonical form's
# key names). The row's own id is not among them: it is handed out by the insert, after the
# hash is computed; seq identifies the event within the chain instead.
CONTENT_FIELDS = (
    "occurred_at",
    "actor_id",
    "actor_username",
    "actor_agency_id",
    "object_type",
    "object_id",
    "object_repr",
    "scope_type",
    "scope_id",
    "is_protected",
    "action",
    "changes",
    "note",
    "request_id",
    "ip",
)


def _utc(moment: datetime.datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("audit events carry aware times")
    # isoformat, not strftime: the same text, in a third of the time (a walk formats millions).
    return moment.astimezone(datetime.UTC).isoformat(timespec="microseconds")[:-6] + "Z"


def _json(value: Any) -> Any:
    """The ``changes`` value as the database gives it back: PostgreSQL's jsonb keeps numbers
    as decimals, so 1e20 returns as 100000000000000000000 and 2.0 may return as 2 — whole
    numbers are written as integers on both sides."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {str(k): _json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    return value


def _ip(value: str | None) -> str | None:
    if not value:
        return None
    # IPv6 as Django stores it (compressed, lower case), whatever the caller wrote.
    return clean_ipv6_address(value) if ":" in value else value


# One encoder for every event: json.dumps with options would build a new one per call.
_ENCODER = json.JSONEncoder(
    sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
)


def canonical(values: Mapping[str, Any], *, seq: int, prev_hash: str) -> bytes:
    """The bytes an event's hash is taken over (see ``AuditEvent``'s docstring)."""
    actor_id, agency_id, changes = (
        values["actor_id"],
        values["actor_agency_id"],
        values["changes"],
    )
    document = {
        "seq": seq,
        "prev_hash": prev_hash,
        "occurred_at": _utc(values["occurred_at"]),
        "actor_id": None if actor_id is None else str(actor_id),
        "actor_username": values["actor_username"],
        "actor_agency_id": None if agency_id is None else str(agency_id),
        "object_type": values["object_type"],
        "object_id": values["object_id"],
        "object_repr": values["object_repr"],
        "scope_type": values["scope_type"],
        "scope_id": values["scope_id"],
        "is_protected": bool(values["is_protected"]),
        "action": values["action"],
        "changes": _json(changes) if changes is not None else {},
        "note": values["note"],
        "request_id": values["request_id"],
        "ip": _ip(values["ip"]),
    }
    return _ENCODER.encode(document).encode("utf-8")


def event_hash(values: Mapping[str, Any], *, seq: int, prev_hash: str) -> str:
    return hashlib.sha256(canonical(values, seq=seq, prev_hash=prev_hash)).hexdigest()


def seal(events, last: tuple[int, str] | None) -> None:
    """Give unsaved events their place after ``last`` (seq, hash of the chain's end)."""
    seq, prev = last or (0, GENESIS)
    for event in events:
        seq += 1
        values = {name: getattr(event, name) for name in CONTENT_FIELDS}
        event.seq, event.prev_hash = seq, prev
        event.hash = prev = event_hash(values, seq=seq, prev_hash=prev)


def lock() -> None:
    """Hold the chain's end until this transaction ends.

    RACE: two transactions appending at once would both read the same last event and fork the
    chain (the unique seq would then refuse the second). On PostgreSQL a transaction-level
    advisory lock makes the second wait for the first to commit; under READ COMMITTED its next
    statement then sees the first's event. SQLite runs one writing transaction at a time
    (``transaction_mode = IMMEDIATE`` in settings), so there is nothing to take there."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])


# --- Verification ---------------------------------------------------------------------------
@dataclasses.dataclass
class Break:
    """The first event at which the chain does not hold."""

    problem: str  # a ChainProblem value
    message: str
    seq: int | None
    event_id: int | None = None
    occurred_at: datetime.datetime | None = None


@dataclasses.dataclass
class Walk:
    events: int = 0
    first_seq: int | None = None
    last_seq: int | None = None
    last_hash: str = ""
    broken: Break | None = None


COLUMNS = ("id", "seq", "prev_hash", "hash", *CONTENT_FIELDS)


def _rows(queryset, after_id: int, batch: int) -> Iterator[dict[str, Any]]:
    """Events with an id above ``after_id``, in id order, ``batch`` at a time: memory stays
    constant and no cursor stays open between batches."""
    while True:
        rows = list(queryset.filter(id__gt=after_id).order_by("id").values_list(*COLUMNS)[:batch])
        for row in rows:
            yield dict(zip(COLUMNS, row, strict=True))
        if len(rows) < batch:
            return
        after_id = rows[-1][0]


def walk(
    *,
    from_seq: int = 1,
    anchor: tuple[int, str, datetime.datetime] | None = None,
    batch: int = 5000,
) -> Walk:
    """Re-check the stored chain from ``from_seq`` to its end.

    Each event must follow the one before it in id order: seq one more, prev_hash its hash,
    and its own hash that of its content. ``anchor`` (seq, hash, time of an earlier intact
    check) also catches the removal of the latest events, which leaves no gap behind: the
    event the earlier check ended at must still be there, with the same hash."""
    from audit.models import AuditEvent, ChainProblem

    queryset = AuditEvent.objects.all()
    result = Walk()
    expected_seq, expected_prev, after_id = 1, GENESIS, 0
    if from_seq > 1:
        start = queryset.filter(seq=from_seq - 1).values_list("id", "hash").first()
        if start is None:
            result.broken = Break(
                ChainProblem.GAP, f"no event with seq {from_seq - 1} to continue from", from_seq - 1
            )
            return result
        expected_seq, (after_id, expected_prev) = from_seq, start
    anchor_seen = anchor is None or anchor[0] < expected_seq
    for row in _rows(queryset, after_id, batch):
        seq, when = row["seq"], row["occurred_at"]
        problem = None
        if seq is None:
            problem = (ChainProblem.ORDER, "the event has no sequence number")
        elif seq > expected_seq:
            missing = f"{expected_seq}–{seq - 1}" if seq > expected_seq + 1 else expected_seq
            problem = (ChainProblem.GAP, f"the events with seq {missing} are missing")
        elif seq < expected_seq:
            problem = (ChainProblem.ORDER, f"seq {seq} where {expected_seq} was expected")
        elif row["prev_hash"] != expected_prev:
            problem = (
                ChainProblem.LINK,
                "its prev_hash is not the hash of the event before it"
                if expected_seq > 1
                else "the first event does not start from the genesis hash",
            )
        elif row["hash"] != event_hash(row, seq=seq, prev_hash=row["prev_hash"]):
            problem = (ChainProblem.CONTENT, "its content does not match its hash")
        elif anchor is not None and seq == anchor[0] and row["hash"] != anchor[1]:
            problem = (
                ChainProblem.LINK,
                f"its hash differs from the one the check of {_utc(anchor[2])} saw",
            )
        if problem:
            result.broken = Break(problem[0], problem[1], seq, row["id"], when)
            return result
        if result.first_seq is None:
            result.first_seq = seq
        anchor_seen = anchor_seen or seq == anchor[0]
        result.events += 1
        result.last_seq, result.last_hash = seq, row["hash"]
        expected_seq, expected_prev = seq + 1, row["hash"]
    if not anchor_seen:
        result.broken = Break(
            ChainProblem.MISSING,
            f"events with seq {expected_seq}–{anchor[0]} are missing: the check of "
            f"{_utc(anchor[2])} saw the chain up to seq {anchor[0]}",
            expected_seq,
        )
    return result


def describe(broken: Break) -> str:
    """One line naming the first broken link, in English (logs, the command, stored checks)."""
    from audit.models import ChainProblem

    if broken.event_id is None:
        where = f"seq {broken.seq}"
    else:
        where = f"event #{broken.event_id} (seq {broken.seq}, {_utc(broken.occurred_at)})"
    with override("en"):
        problem = str(ChainProblem(broken.problem).label)
    return f"chain broken at {where}: {problem} — {broken.message}"
