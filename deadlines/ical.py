"""The personal iCal feed: its address (a revocable token) and its text (RFC 5545, by hand).

Calendar programs cannot sign in, so the token in the address is the only credential: it is
long and random, replaced on request, and the feed shows exactly what its owner sees in the
portal now (the clocks are read through ``visible_to`` on every fetch). Subject labels are
references (a request's number), never a person's name.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from audit.models import AuditAction
from audit.services import audit_record
from deadlines.models import CalendarFeed, Deadline, DeadlineState, new_feed_token

CRLF = "\r\n"
LINE_OCTETS = 75  # RFC 5545 §3.1: content lines are folded at 75 octets, CRLF not counted
PRODID = "-//JIT portal KR-KZ//Deadlines//RU"


# --- The address ------------------------------------------------------------------------------
@transaction.atomic
def calendar_feed_create(*, user) -> CalendarFeed:
    """The user's feed, issued on first use (idempotent: a second click keeps the address)."""
    feed, created = CalendarFeed.objects.get_or_create(user=user)
    if created:
        # The token itself never enters the trail: the trail is readable by auditors.
        audit_record(
            actor=user, action=AuditAction.TOKEN, obj=feed, note="calendar feed address issued"
        )
    return feed


@transaction.atomic
def calendar_feed_rotate(*, user) -> CalendarFeed | None:
    """Replace the feed's token: the old address answers 404 from now on."""
    # RACE: two rotations at once must not both report the token the other one replaced.
    feed = CalendarFeed.objects.select_for_update().filter(user=user).first()
    if feed is None:
        return None
    feed.token = new_feed_token()
    feed.save(update_fields=["token"])
    audit_record(
        actor=user,
        action=AuditAction.REVOKE,
        obj=feed,
        note="calendar feed address replaced; the previous one no longer works",
    )
    return feed


# --- The text ---------------------------------------------------------------------------------
def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks escaped."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    # Other control characters are not allowed in TEXT at all.
    return "".join(c for c in value if c == "\t" or (ord(c) >= 0x20 and ord(c) != 0x7F))


def fold(line: str) -> str:
    """Fold a content line into pieces of at most 75 octets, never inside a UTF-8 character.

    Each continuation starts with one space, which counts toward its 75 octets.
    """
    pieces: list[str] = []
    current: list[str] = []
    size, limit = 0, LINE_OCTETS
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > limit:
            pieces.append("".join(current))
            current, size, limit = [], 0, LINE_OCTETS - 1
        current.append(char)
        size += octets
    pieces.append("".join(current))
    return (CRLF + " ").join(pieces)


def utc_stamp(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def absolute_url(path: str) -> str:
    if not path:
        return ""
    return path if "://" in path else f"{settings.PORTAL_BASE_URL}{path}"


def _event(deadline: Deadline, now: datetime.datetime) -> list[str]:
    url = absolute_url(deadline.url)
    summary = str(deadline)
    if deadline.state == DeadlineState.PAUSED:
        summary = f"{summary} ({deadline.get_state_display()})"
    description = "\n".join(part for part in (deadline.citation, url) if part)
    lines = [
        "BEGIN:VEVENT",
        f"UID:deadline-{deadline.pk}@portal",
        f"DTSTAMP:{utc_stamp(now)}",
        f"DTSTART:{utc_stamp(deadline.due_at)}",
        # The end of an event must come after its start (RFC 5545 §3.8.2.2; strict servers
        # refuse equal values): the instant of the due moment, one second long.
        f"DTEND:{utc_stamp(deadline.due_at + datetime.timedelta(seconds=1))}",
        f"SUMMARY:{escape_text(summary)}",
        f"DESCRIPTION:{escape_text(description)}",
        # A deadline is not a meeting: it must not mark the owner busy.
        "TRANSP:TRANSPARENT",
    ]
    if url:
        # A URI value is not TEXT: not escaped (it holds no line breaks).
        lines.append(f"URL:{url}")
    lines.append("END:VEVENT")
    return lines


def render_calendar(
    deadlines: Iterable[Deadline], *, name: str, now: datetime.datetime | None = None
) -> str:
    """The VCALENDAR text, lines folded and ended by CRLF."""
    now = now or timezone.now()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
        "X-PUBLISHED-TTL:PT1H",
    ]
    for deadline in deadlines:
        lines.extend(_event(deadline, now))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)
