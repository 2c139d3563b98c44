"""Fixtures of the documents tests: a test letter template and a throw-away media folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from documents.services import RenderedDocument, document_render

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
LETTER = "documents_test/letter.html"
REFERENCE = "MLA-KG-2026-0001"


@pytest.fixture(autouse=True)
def _letter_templates_and_media(settings, tmp_path):
    """The test letter is found by the template loader; stored PDFs go to a temporary folder."""
    engine = {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], TEMPLATES_DIR]}
    settings.TEMPLATES = [engine, *settings.TEMPLATES[1:]]
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media"},
        },
    }


def render_letter(note: str = "", reference: str = REFERENCE) -> RenderedDocument:
    return document_render(template=LETTER, context={"note": note}, reference=reference)
