"""Demo library: methodologies, summaries of the registry's instruments and publications in
Russian, Kazakh, Kyrgyz and English (idempotent; PDFs rendered with WeasyPrint)."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils.html import escape

from accounts.models import User
from library import services
from library.models import LibraryDocument
from treaties.models import Instrument

# The documents (their texts, and the registry instruments they summarise, by key) are data.
DOCUMENTS = json.loads((Path(__file__).parent / "demo_documents.json").read_text("utf-8"))


def _pdf(title: str, text: str) -> bytes:
    from weasyprint import HTML

    paragraphs = "".join(f"<p>{escape(line)}</p>" for line in text.split("\n"))
    html = (
        "<html><head><meta charset='utf-8'><style>@page{size:A4;margin:2cm}"
        "body{font-family:'DejaVu Serif',serif;font-size:11pt}h1{font-size:14pt}</style></head>"
        f"<body><h1>{escape(title)}</h1>{paragraphs}</body></html>"
    )
    return HTML(string=html).write_pdf()


@transaction.atomic
def seed_library() -> list[LibraryDocument]:
    users = {u.username: u for u in User.objects.select_related("agency")}
    documents = []
    for spec in DOCUMENTS:
        existing = LibraryDocument.objects.filter(title_ru=spec["title_ru"]).first()
        if existing:
            documents.append(existing)
            continue
        if spec["pdf"]:
            upload = SimpleUploadedFile(
                "document.pdf", _pdf(spec["title_ru"], spec["text"]), "application/pdf"
            )
        else:
            upload = SimpleUploadedFile("document.txt", spec["text"].encode(), "text/plain")
        instrument = (
            Instrument.objects.filter(short_name=spec["instrument"]).first()
            if spec.get("instrument")
            else None
        )
        documents.append(
            services.library_document_create(
                actor=users[spec["actor"]],
                title_ru=spec["title_ru"],
                title_en=spec["title_en"],
                kind=spec["kind"],
                language=spec["language"],
                description=spec.get("description", ""),
                tags=spec["tags"],
                instrument=instrument,
                own_country_only=spec.get("own_country_only", False),
                upload=upload,
            )
        )
    return documents
