from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from library import services

METHODOLOGY = (
    "Методические рекомендации по выявлению жертв торговли людьми. "
    "Торговля людьми — вербовка, перевозка, передача, укрывательство или получение людей "
    "путём угрозы силой или обмана в целях эксплуатации."
)


def text_file(text: str, name: str = "doc.txt") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/plain")


def pdf_file(text: str, name: str = "doc.pdf") -> SimpleUploadedFile:
    from weasyprint import HTML

    data = HTML(string=f"<html><body><p>{text}</p></body></html>").write_pdf()
    return SimpleUploadedFile(name, data, content_type="application/pdf")


@pytest.fixture
def methodology(personas):
    """A methodology of the KR ministry, for everyone; its text says «торговля людьми»."""
    return services.library_document_create(
        actor=personas["kg_coordinator"],
        title_ru="Выявление пострадавших: памятка",
        kind="methodology",
        language="ru",
        tags=["потерпевшие", "выявление"],
        upload=text_file(METHODOLOGY),
    )


@pytest.fixture
def internal(personas):
    """A KZ document kept to Kazakhstan's officers."""
    return services.library_document_create(
        actor=personas["kz_coordinator"],
        title_ru="Внутренний порядок проверки",
        kind="legal_act",
        language="kk",
        own_country_only=True,
        upload=text_file("Ішкі тәртіп"),
    )
