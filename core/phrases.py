"""A sentence written once and read in each reader's language.

A notification is created while one person (the actor) works in their language and read later
by others in theirs. Its title is therefore kept as a ``Phrase`` — a translatable source with its
parameters, themselves translatable (a stage's label, an agency's name) — and stored rendered in
every language of the portal; the reader gets their own.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.utils import translation


class Phrase:
    """``source % params``, evaluated in the active language each time it is turned into text.

    ``source`` is a lazy translation (``gettext_lazy``); each parameter is anything whose ``str``
    follows the active language (a lazy label, a model whose ``__str__`` picks name_ru/name_en)
    or plain text.
    """

    def __init__(self, source: Any, **params: Any):
        self.source, self.params = source, params

    def __str__(self) -> str:
        return str(self.source) % {key: str(value) for key, value in self.params.items()}

    def __repr__(self) -> str:
        return f"Phrase({str(self.source)!r})"


def in_every_language(text: Any, limit: int | None = None) -> dict[str, str]:
    """``text`` rendered in each of the portal's languages: ``{"ru": …, "en": …}``."""
    rendered = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            value = str(text)
        rendered[code] = value[:limit] if limit else value
    return rendered


def in_reader_language(rendered: Mapping[str, str] | None, fallback: str) -> str:
    """The rendering for the active language, else ``fallback`` (what was stored before)."""
    if rendered:
        code = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
        return rendered.get(code) or rendered.get(settings.LANGUAGE_CODE) or fallback
    return fallback
