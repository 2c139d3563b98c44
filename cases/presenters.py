"""How a participant is shown: with their identity, or under a stable pseudonym.

SECURITY: every page, API response, export and PDF that shows a participant goes through
``present_participants``; a victim's identifying fields leave the server only for users
holding view_protected on the case, and each such display is written to the audit trail.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cases.models import Participant
from cases.models.person import PROTECTED_PERSON_FIELDS
from cases.services import protected_view_record


def pseudonym(participant: Participant) -> str:
    return participant.pseudonym


@dataclass
class ParticipantView:
    participant: Participant
    hidden: bool

    def __getattr__(self, name: str) -> Any:
        # Person fields, masked for a hidden victim.
        person = self.participant.person
        if name in PROTECTED_PERSON_FIELDS and self.hidden:
            return None
        return getattr(person, name)

    @property
    def pk(self) -> int:
        return self.participant.pk

    @property
    def role(self) -> str:
        return self.participant.role

    @property
    def role_label(self) -> str:
        # A pseudonymous victim keeps the generic role: the wording would tell the sex.
        if self.hidden:
            return self.participant.get_role_display()
        return self.participant.role_label

    @property
    def is_protected(self) -> bool:
        return self.participant.is_protected

    @property
    def display_name(self) -> str:
        if self.hidden:
            return pseudonym(self.participant)
        return self.participant.person.full_name

    @property
    def latin_name(self) -> str:
        return "" if self.hidden else self.participant.person.latin_name

    @property
    def sex_label(self) -> str:
        return self.participant.person.get_sex_display()

    @property
    def citizenship_label(self) -> str:
        return self.participant.person.get_citizenship_display()

    @property
    def documents(self) -> list:
        return [] if self.hidden else list(self.participant.person.documents.all())

    @property
    def note(self) -> str:
        return self.participant.note

    @property
    def version(self) -> int:
        return self.participant.person.version


def present_participants(
    participants, *, user, can_view_protected: bool, where: str, record: bool = True
) -> list[ParticipantView]:
    """Wrap participants for display; log each victim whose identity is shown.

    ``record=False`` leaves the logging to the caller, who shows many cases at once and logs
    their victims together (``shown_victims``, then ``protected_view_record``).
    """
    views = [
        ParticipantView(participant=p, hidden=p.is_protected and not can_view_protected)
        for p in participants
    ]
    if record and (victims := shown_victims(views)):
        protected_view_record(actor=user, participants=victims, where=where)
    return views


def shown_victims(views: list[ParticipantView]) -> list:
    """The victims whose identity these views show."""
    return [v.participant for v in views if v.is_protected and not v.hidden]
