"""The portal's own errors. Services raise them; views show them, the API maps them to HTTP."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the legal process refuses the operation."""

    status_code = 400

    def __init__(self, message: str, *, details: dict | list | None = None):
        super().__init__(message)
        self.message = message
        self.details = details


class IllegalTransition(DomainError):
    """The record's current state does not allow this step."""

    status_code = 409


class StaleEdit(DomainError):
    """Someone else changed the record since it was loaded: nothing was overwritten."""

    status_code = 409
