"""In real headless Chromium: draft a request, watch the checklist fill, submit, get the PDF."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from cases.models import Participant
from requests_mla.models import MLARequest
from tests.browser.test_case_workflow import sign_in
from tests.cases.conftest import make_case

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migration_data"),
]


def missing_count(page: Page) -> int:
    return page.locator('#checklist [data-satisfied="no"]').count()


def test_investigator_drafts_a_request_and_downloads_its_pdf(
    page: Page, live_server, personas, output_path
):
    case = make_case(
        personas["kg_investigator"], number="24-001-2026-007001", victims=("Мамытова",)
    )
    victim = Participant.objects.get(case=case, role="victim")
    victim.person.citizenship = "KG"
    victim.person.save(update_fields=["citizenship"])
    sign_in(page, live_server.url, "kg_investigator")
    page.goto(f"{live_server.url}/requests/new/?case={case.pk}")

    page.locator("#id_requested_agency").select_option(str(personas["kz_prosecutor"].agency_id))
    expect(page.get_by_test_id("checklist").locator("li").first).to_be_visible()
    before = missing_count(page)
    assert before >= 5

    page.locator("#id_facts").fill("Гражданки КР вывезены в г. Алматы и принуждены к проституции.")
    page.locator("#id_qualification_text").fill("Статья 166. Торговля людьми.")
    page.locator("#id_representatives").fill("Представителей нет.")
    page.locator("#id_confidentiality").select_option("required")
    page.locator("#id_purpose").fill("Доказательства для предъявления обвинения.")
    page.locator("#id_actions-0-kind").select_option("interrogation")
    page.locator("#id_actions-0-details").fill("Допросить потерпевшую об обстоятельствах вербовки.")
    page.locator("#id_actions-0-persons").select_option(str(victim.pk))
    page.locator("#id_actions-0-disclosed").select_option(str(victim.pk))
    # Only the signature remains: it is given when the prosecutor approves.
    expect(page.locator('#checklist [data-satisfied="no"]')).to_have_count(1)
    assert missing_count(page) < before

    page.locator("#request-form button[type=submit]").click()
    mla = MLARequest.objects.get(case=case)
    expect(page.get_by_test_id("status")).to_be_visible()
    page.locator("form[data-step=submit] button[type=submit]").click()
    expect(page.get_by_test_id("timeline")).to_contain_text(
        personas["kg_investigator"].display_name
    )
    assert MLARequest.objects.get(pk=mla.pk).status == "submitted"

    with page.expect_download() as download_info:
        page.locator(f'a[href="/requests/{mla.pk}/documents/mla-request.pdf?download=1"]').click()
    path = Path(output_path) / "request.pdf"
    path.parent.mkdir(parents=True, exist_ok=True)
    download_info.value.save_as(path)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages)
    text = " ".join(text.split())
    assert mla.reference in text
    assert "Мамытова" in text
    assert "ст. 166 УК КР 2021" in text
    page.screenshot(path=str(Path(output_path) / "request.png"), full_page=True)
