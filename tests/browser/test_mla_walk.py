"""In real headless Chromium at 1366×768, through the pages alone: a request from its draft in
Kyrgyzstan to its execution in Kazakhstan — routed by the General Prosecutor's Office to the
ministry, assigned by its coordinator, executed by its investigator — and read back in Kyrgyzstan.
Every page fits the screen (no horizontal scroll) and says whose step comes next."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from cases.models import Participant
from requests_mla.models import MLARequest
from tests.browser.test_case_workflow import sign_in
from tests.cases.conftest import make_case

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migration_data"),
]


class Walk:
    def __init__(self, page: Page, base: str, out: Path):
        self.page, self.base, self.out, self.shots = page, base, out, 0

    def as_(self, username: str) -> None:
        self.page.context.clear_cookies()
        sign_in(self.page, self.base, username)
        self.check(f"{username}-home")

    def open(self, path: str, name: str) -> None:
        self.page.goto(f"{self.base}{path}")
        self.check(name)

    def check(self, name: str) -> None:
        """No horizontal scroll on this page; a screenshot of it kept."""
        fits = self.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert fits, f"{name}: the page is wider than the screen"
        self.shots += 1
        self.page.screenshot(path=str(self.out / f"{self.shots:02d}-{name}.png"), full_page=True)

    def take(self, step: str, name: str, **fields) -> None:
        form = self.page.locator(f"form[data-step={step}]")
        for selector, value in fields.items():
            target = form.locator(f"[name={selector}]")
            if target.evaluate("e => e.tagName") == "SELECT":
                target.select_option(value)
            else:
                target.fill(value)
        form.locator("button[type=submit]").click()
        expect(self.page.locator(".alert-success")).to_be_visible()
        self.check(name)


def test_a_request_walks_from_kyrgyz_draft_to_kazakh_execution_and_back(
    page: Page, live_server, personas, agencies, output_path
):
    page.set_viewport_size({"width": 1366, "height": 768})
    out = Path(output_path) / "mla-walk"
    out.mkdir(parents=True, exist_ok=True)
    walk = Walk(page, live_server.url, out)
    case = make_case(
        personas["kg_investigator"], number="24-001-2026-007101", victims=("Мамытова",)
    )
    victim = Participant.objects.get(case=case, role="victim")
    victim.person.citizenship = "KG"
    victim.person.save(update_fields=["citizenship"])
    kz_mvd = agencies["kz_mvd"]

    # KR investigator drafts, sees the checklist green for the drafter, submits with a note.
    walk.as_("kg_investigator")
    walk.open(f"/requests/new/?case={case.pk}", "draft-form")
    page.locator("#id_requested_agency").select_option(str(personas["kz_prosecutor"].agency_id))
    page.locator("#id_facts").fill("Гражданки КР вывезены в г. Алматы и принуждены к проституции.")
    page.locator("#id_qualification_text").fill("Статья 166. Торговля людьми.")
    page.locator("#id_representatives").fill("Представителей нет.")
    page.locator("#id_confidentiality").select_option("required")
    page.locator("#id_purpose").fill("Доказательства для предъявления обвинения.")
    page.locator("#id_actions-0-kind").select_option("interrogation")
    page.locator("#id_actions-0-details").fill("Допросить потерпевшую об обстоятельствах вербовки.")
    page.locator("#id_actions-0-persons").select_option(str(victim.pk))
    page.locator("#id_actions-0-disclosed").select_option(str(victim.pk))
    expect(page.get_by_test_id("checklist")).to_have_attribute("data-complete", "yes")
    walk.check("draft-complete-for-drafter")
    page.locator("#request-form button[type=submit]").click()
    expect(page.get_by_test_id("next-step")).to_contain_text("Направить на согласование")
    mla = MLARequest.objects.get(case=case)
    detail = f"/requests/{mla.pk}/"
    walk.check("draft-saved")
    walk.take("submit", "submitted", note="Прошу согласовать")
    expect(page.get_by_test_id("next-step")).to_contain_text("прокурор")
    expect(page.get_by_test_id("timeline")).to_contain_text("Прошу согласовать")

    # KR prosecutor approves and sends.
    walk.as_("kg_prosecutor")
    walk.open(detail, "prosecutor-sees")
    walk.take("approve", "approved", note="Согласовано")
    walk.take("send", "sent", outgoing_number="12/3-456")

    # KZ General Prosecutor's Office registers it and routes it to the ministry.
    walk.as_("kz_prosecutor")
    walk.open(detail, "gpo-sees")
    walk.take("receive", "received", incoming_number="ВХ-77")
    expect(page.get_by_test_id("next-step")).to_contain_text("Направить в исполняющее ведомство")
    walk.take("route", "routed", executing_agency=str(kz_mvd.pk))
    expect(page.get_by_test_id("executing-agency")).to_contain_text(kz_mvd.name_ru)

    # The ministry's coordinator accepts and assigns its investigator.
    walk.as_("kz_coordinator")
    walk.open(detail, "mvd-coordinator-sees")
    walk.take("accept", "accepted", note="Исполнить в МВД")
    walk.take(
        "start_execution",
        "assigned",
        executing_officer=str(personas["kz_investigator"].pk),
    )
    expect(page.get_by_test_id("timeline")).to_contain_text("Исполнить в МВД")

    # The ministry's investigator sees that it is their turn and reports the execution.
    walk.as_("kz_investigator")
    walk.open(detail, "executor-sees")
    expect(page.locator('[data-testid=next-step] [data-mine="yes"]')).to_be_visible()
    walk.take("execute", "executed", result_summary="Потерпевшая допрошена 12.06.2026.")

    # The KR investigator reads the result.
    walk.as_("kg_investigator")
    walk.open(detail, "result-read")
    expect(page.get_by_test_id("results")).to_contain_text("Потерпевшая допрошена")
    expect(page.get_by_test_id("next-step")).to_contain_text("Дальнейших шагов нет")
    assert MLARequest.objects.get(pk=mla.pk).status == "executed"
