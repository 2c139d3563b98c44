"""In headless Chromium at 1366×768, on the demo's cases: the same person across both countries.

A KG investigator adding «Мамытова Айзада» is offered the demo's "MAMYTOVA AIZADA" as she types;
a KZ investigator's cross-border check on the Kazakh record of her names only the country and
the agency of the KG case; asking for access reaches the KG coordinator, who shares the case;
then the KZ investigator sees it. The header's search box finds her too.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from cases.demo import seed_cases
from cases.models import AccessRequest, Case, Participant
from deadlines.models import Notification
from tests.browser.test_case_workflow import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migration_data"),
]


def fits(page: Page, out: Path, name: str) -> None:
    page.screenshot(path=str(out / f"{name}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), name


def test_same_person_across_both_countries(page: Page, live_server, personas, output_path):
    out = Path(output_path)
    out.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1366, "height": 768})
    cases = seed_cases()
    kg_osh, kg_talas, kz = cases["kg_osh"], cases["kg_talas"], cases["kz_karaganda"]
    base = live_server.url

    # 1. KG: adding «Мамытова Айзада» to another case offers the recorded MAMYTOVA AIZADA.
    sign_in(page, base, "kg_investigator")
    page.goto(f"{base}/cases/{kg_talas.pk}/participants/new/")
    page.locator("#id_surname").fill("Мамытова")
    page.locator("#id_given_name").press_sequentially("Айзада", delay=30)
    offered = page.get_by_test_id("possible-matches")
    expect(offered).to_contain_text("MAMYTOVA AIZADA")
    expect(offered).to_contain_text(kg_osh.reference)
    fits(page, out, "01-kg-possible-matches")

    # The header's search box finds her by another spelling.
    page.get_by_test_id("header-search-toggle").click()
    page.get_by_test_id("header-search").fill("Mamytova Aizada")
    page.get_by_test_id("header-search").press("Enter")
    expect(page.get_by_test_id("found-persons")).to_contain_text("Мамытова Айзада Бакытовна")
    fits(page, out, "02-kg-search")

    # 2. KZ: the Kazakh record of her; the KG case is not the KZ investigator's to see.
    her = Participant.objects.get(case=kz, person__patronymic="Бақытқызы")
    page.context.clear_cookies()
    sign_in(page, base, "kz_investigator")
    assert not Case.objects.visible_to(personas["kz_investigator"]).filter(pk=kg_osh.pk).exists()
    page.goto(f"{base}/cases/{kz.pk}/participants/{her.pk}/")
    check = page.get_by_test_id("cross-border-check")
    check.locator("[name=reason]").fill("Проверка потерпевшей по делу")
    check.locator("button[type=submit]").click()
    hit = page.get_by_test_id("hit")
    expect(hit).to_have_count(1)
    expect(hit).to_contain_text(kg_osh.owning_agency.name)
    expect(hit).to_contain_text("KG")
    result = page.get_by_test_id("check-result").inner_text()
    for secret in (kg_osh.reference, kg_osh.national_number, "19.07.2004", "Бакытовна"):
        assert secret not in result
    # The Kazakh suspect's double in the KR case shared with her is shown by name.
    fits(page, out, "03-kz-check-hit")
    hit.locator("[name=reason]").fill("Та же потерпевшая: нужны её показания по делу КР")
    hit.locator("button[type=submit]").click()
    expect(page.get_by_test_id("hit")).to_contain_text(kg_osh.owning_agency.name)
    request = AccessRequest.objects.get()
    assert request.target_case == kg_osh and request.status == "pending"
    fits(page, out, "04-kz-asked")

    # 3. KG coordinator: told in the bell, shares the case from the requests page.
    coordinator = personas["kg_coordinator"]
    assert Notification.objects.filter(recipient=coordinator, kind="access_request").exists()
    page.context.clear_cookies()
    sign_in(page, base, "kg_coordinator")
    page.goto(f"{base}/cases/access-requests/")
    incoming = page.get_by_test_id("incoming")
    expect(incoming).to_contain_text(kz.reference)
    expect(incoming).to_contain_text(personas["kz_investigator"].display_name)
    fits(page, out, "05-kg-coordinator-requests")
    page.get_by_test_id(f"answer-{request.pk}").locator("button[value=share]").click()
    expect(incoming).not_to_contain_text("pending")
    request.refresh_from_db()
    assert request.status == "shared"

    # 4. KZ: the case is now theirs to see.
    page.context.clear_cookies()
    sign_in(page, base, "kz_investigator")
    assert page.goto(f"{base}/cases/{kg_osh.pk}/").status == 200
    expect(page.locator("h1")).to_contain_text(kg_osh.reference)
    page.goto(f"{base}/cases/{kz.pk}/participants/{her.pk}/")
    expect(page.get_by_test_id("hit")).to_contain_text(kg_osh.reference)
    fits(page, out, "06-kz-shared")
    assert Case.objects.visible_to(personas["kz_investigator"]).filter(pk=kg_osh.pk).exists()
