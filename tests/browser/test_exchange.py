"""In real headless Chromium at 1366x768: a KZ officer sends an H1 message with a file to the KR
ministry; a KR investigator opens it (the sender sees the read receipt), answers, and turns it
into a draft request carrying its facts; an officer of an uninvolved agency gets 404."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from exchange.models import HandlingCode, Message
from tests.browser.test_case_workflow import sign_in
from tests.exchange.conftest import kg_case, kz_case  # noqa: F401  (fixtures)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migration_data"),
]

SUBJECT = "Сведения о перемещении Абдрахманова Т."


def no_horizontal_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def shot(page: Page, output_path, name: str) -> None:
    path = Path(output_path) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)


def test_h1_message_read_answered_and_drafted_into_a_request(
    page: Page,
    live_server,
    personas,
    kz_case,  # noqa: F811
    kg_case,  # noqa: F811
    output_path,
    tmp_path,
):
    page.set_viewport_size({"width": 1366, "height": 768})
    base = live_server.url
    report = tmp_path / "Справка_ДП_Алматы.pdf"
    report.write_bytes(b"%PDF-1.4 operational report of the Almaty police department")

    # The Kazakh investigator writes to the Kyrgyz ministry.
    sign_in(page, base, "kz_investigator")
    page.goto(f"{base}/exchange/new/")
    form = page.get_by_test_id("message-form")
    form.locator("#id_recipient_agency").select_option(str(personas["kg_investigator"].agency_id))
    # The named officers follow the agency (htmx): the ministry's, found by name as one types.
    officers = page.get_by_test_id("recipients-picker")
    expect(
        officers.get_by_label(personas["kg_coordinator"].display_name, exact=False)
    ).to_be_visible()
    expect(
        officers.get_by_label(personas["kg_prosecutor"].display_name, exact=False)
    ).to_have_count(0)
    expect(page.get_by_test_id("cases-picker")).to_contain_text(kz_case.reference)  # mine
    no_horizontal_scroll(page)
    shot(page, output_path, "exchange-new-lists.png")
    page.get_by_test_id("recipients-search").press_sequentially("kg_invest")
    expect(officers.locator('input[name="recipients"]')).to_have_count(1)
    officers.get_by_label(personas["kg_investigator"].display_name, exact=False).check()
    # The case: found by its title as one types; the search keeps what was already ticked.
    cases = page.get_by_test_id("cases-picker")
    page.get_by_test_id("cases-search").press_sequentially("Алма")
    cases.get_by_label(kz_case.reference, exact=False).check()
    page.get_by_test_id("cases-search").fill("")
    page.get_by_test_id("cases-search").press_sequentially("нет такого дела")
    expect(page.get_by_test_id("cases-hint")).to_be_visible()
    expect(cases.get_by_label(kz_case.reference, exact=False)).to_be_checked()
    page.get_by_test_id("recipients-search").press("Enter")  # searches; does not send the form
    expect(page).to_have_url(f"{base}/exchange/new/")
    form.locator("#id_subject").fill(SUBJECT)
    form.locator("#id_text").fill(
        "12.11.2026 Абдрахманов Т. выехал из г. Алматы в г. Ош через КПП «Карасу»."
    )
    form.locator("#id_category").select_option("operational")
    h1 = HandlingCode.objects.get(code="H1")
    form.locator(f'input[name="handling_code"][value="{h1.pk}"]').check()
    form.locator("#id_handling_restrictions").fill("Не раскрывать источник.")
    form.locator("#id_attachments").set_input_files(str(report))
    no_horizontal_scroll(page)
    shot(page, output_path, "exchange-new.png")
    form.locator("button[type=submit]").click()
    expect(page.get_by_test_id("handling-banner")).to_contain_text("H1")
    expect(page.get_by_test_id("read-receipts")).to_be_visible()
    message = Message.objects.get(subject=SUBJECT)
    attachment = message.attachments.get()
    assert list(message.recipients.all()) == [personas["kg_investigator"]]
    assert list(message.cases.all()) == [kz_case]

    # The Kyrgyz investigator sees the unread badge, opens, answers, drafts a request.
    page.context.clear_cookies()
    sign_in(page, base, "kg_investigator")
    expect(page.get_by_test_id("exchange-unread")).to_have_text("1")
    page.get_by_test_id("exchange-link").click()
    page.get_by_test_id("message-table").get_by_text(SUBJECT).click()
    expect(page.get_by_test_id("handling-banner")).to_contain_text("H1")
    expect(page.get_by_test_id("attachment-link")).to_contain_text("H1")
    no_horizontal_scroll(page)
    reply = page.get_by_test_id("reply-form")
    reply.locator("#id_text").fill("Принято. Проверяем по учётам МВД КР, о результатах сообщим.")
    reply.locator("button[type=submit]").click()
    expect(page.get_by_test_id("acknowledged")).to_be_visible()
    expect(page.get_by_test_id("thread-message")).to_have_count(2)
    draft = page.get_by_test_id("mla-draft-form")
    draft.locator("#id_case").select_option(str(kg_case.pk))
    draft.locator("button[type=submit]").click()
    expect(page).to_have_url(f"{base}/requests/{message.mla_requests.get().pk}/edit/")
    expect(page.locator("#id_facts")).to_contain_text(SUBJECT)
    expect(page.locator("#id_facts")).to_contain_text(message.reference)
    no_horizontal_scroll(page)
    shot(page, output_path, "exchange-draft.png")

    # The sender sees who read it, and the answer.
    page.context.clear_cookies()
    sign_in(page, base, "kz_investigator")
    page.goto(f"{base}/exchange/{message.pk}/")
    receipts = page.get_by_test_id("read-receipts").first
    expect(receipts).to_contain_text(personas["kg_investigator"].display_name)
    expect(page.get_by_test_id("thread-message").nth(1)).to_contain_text("Проверяем по учётам")
    no_horizontal_scroll(page)
    shot(page, output_path, "exchange-thread.png")

    # A prosecutor of the KR (an agency outside the exchange) finds nothing there.
    page.context.clear_cookies()
    sign_in(page, base, "kg_prosecutor")
    # Through the browser's own session (a 404 navigation is a console error by design).
    thread = page.request.get(f"{base}/exchange/{message.pk}/")
    assert thread.status == 404
    assert SUBJECT not in thread.text()
    download = page.request.get(f"{base}/exchange/{message.pk}/files/{attachment.pk}/")
    assert download.status == 404
    assert not message.reads.filter(user=personas["kg_prosecutor"]).exists()
