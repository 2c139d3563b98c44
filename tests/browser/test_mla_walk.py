"""In real headless Chromium at 1366×768, through the pages alone: a request from its draft in
Kyrgyzstan to its execution in Kazakhstan — routed by the General Prosecutor's Office to the
ministry, assigned by its coordinator, executed by its investigator — and read back in Kyrgyzstan,
whose investigator is told of each step in the bell. Every page fits the screen (no horizontal
scroll) and says whose step comes next. The same walk in English finds no Cyrillic in any label,
heading, button, badge or message of the pages it visits — only in what people typed (marked
``data-user-text`` in the templates) and in names that have no English form."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from accounts.models import User
from cases.models import Participant
from requests_mla.models import MLARequest
from tests.browser.test_case_workflow import sign_in
from tests.cases.conftest import make_case

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migration_data"),
]


# The page's own words: every element a person reads as the portal's label, heading or message.
# What people typed and names without an English form sit inside [data-user-text]; people's
# names (``names``) have no English form wherever they appear.
CYRILLIC_IN_LABELS = """(names) => {
  const chrome = 'label, legend, th, button, h1, h2, h3, h4, h5, h6, .nav-link, .dropdown-item,'
    + ' .badge, .form-text, dt, .card-header, .btn, caption, .alert, .invalid-feedback,'
    + ' [data-testid=next-step] li, title,'
    + ' [data-testid=deadline-panel] abbr, [data-testid=request-facts] dd';
  const found = [];
  for (const element of document.querySelectorAll(chrome)) {
    if (element.closest('[data-user-text]')) continue;
    const own = element.cloneNode(true);
    own.querySelectorAll('[data-user-text]').forEach(node => node.remove());
    let text = own.textContent.replace(/\\s+/g, ' ').trim();
    for (const name of names) text = text.split(name).join('');
    if (/[\\u0400-\\u04FF]/.test(text)) found.push(element.tagName + ': ' + text.slice(0, 160));
  }
  return found;
}"""


class Walk:
    def __init__(self, page: Page, base: str, out: Path, language: str):
        self.page, self.base, self.out, self.shots = page, base, out, 0
        self.language = language
        self.names = [user.display_name for user in User.objects.all()]

    def as_(self, username: str) -> None:
        context = self.page.context
        context.clear_cookies()
        context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": self.language, "url": self.base}]
        )
        sign_in(self.page, self.base, username)
        self.check(f"{username}-home")

    def open(self, path: str, name: str) -> None:
        self.page.goto(f"{self.base}{path}")
        self.check(name)

    def check(self, name: str) -> None:
        """No horizontal scroll on this page; a screenshot of it kept."""
        fits = self.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert fits, f"{name}: the page is wider than the screen"
        if self.language == "en":
            russian = self.page.evaluate(CYRILLIC_IN_LABELS, self.names)
            assert not russian, f"{name}: Russian in English labels: {russian}"
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
        confirm = form.get_attribute("data-confirm")
        form.locator("button[type=submit]").click()
        if confirm:
            # An irreversible step: the modal names the request and the consequence first.
            expect(self.page.get_by_test_id("confirm-modal")).to_be_visible()
            self.check(f"{name}-confirm")
            self.page.get_by_test_id("confirm-submit").click()
        expect(self.page.locator(".alert-success")).to_be_visible()
        self.check(name)

    def waits_for(self, step: str) -> None:
        expect(self.page.locator(f"[data-testid=next-step] [data-pending={step}]")).to_be_visible()

    def told(self, kinds: list[str]) -> None:
        """The bell's list holds one notification of each kind, each linking to the request."""
        self.open("/deadlines/notifications/", "notifications")
        for kind in kinds:
            expect(self.page.locator(f"[data-kind={kind}]")).to_have_count(1)


@pytest.mark.parametrize("language", ["ru", "en"])
def test_a_request_walks_from_kyrgyz_draft_to_kazakh_execution_and_back(
    page: Page, live_server, personas, agencies, output_path, language
):
    page.set_viewport_size({"width": 1366, "height": 768})
    out = Path(output_path) / f"mla-walk-{language}"
    out.mkdir(parents=True, exist_ok=True)
    walk = Walk(page, live_server.url, out, language)
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
    walk.waits_for("submit")
    mla = MLARequest.objects.get(case=case)
    detail = f"/requests/{mla.pk}/"
    walk.check("draft-saved")
    walk.take("submit", "submitted", note="Прошу согласовать")
    walk.waits_for("approve")
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
    walk.waits_for("route")
    walk.take("route", "routed", executing_agency=str(kz_mvd.pk))
    expect(page.get_by_test_id("executing-agency")).to_contain_text(
        kz_mvd.name_en if language == "en" else kz_mvd.name_ru
    )

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
    expect(page.locator("[data-testid=next-step] [data-pending]")).to_have_count(0)
    assert MLARequest.objects.get(pk=mla.pk).status == "executed"
    walk.told(["mla_approved", "mla_sent", "mla_accepted", "mla_executed"])
