"""In real headless Chromium: one layout from 1366 to 1920 px for every persona's main pages.

No page is wider than the window, the header stays one line, a list of check boxes is a list
whose labels tick their boxes, and in English the registry's names are English.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_case_workflow import sign_in
from tests.requests_mla.conftest import complete_fields, complete_relations
from tests.requests_mla.test_documents import send

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migration_data"),
]

VIEWPORTS = [(1366, 768), (1920, 1080)]
HEADER_MAX_HEIGHT = 80
CYRILLIC = re.compile("[А-Яа-яЁё]")


@pytest.fixture
def world(personas):
    """A case of the KG investigator and a request of it sent to Kazakhstan."""
    from requests_mla import services
    from tests.cases.conftest import make_case

    case = make_case(personas["kg_investigator"], number="24-001-2026-009001")
    mla = services.mla_request_create(
        case=case,
        actor=personas["kg_investigator"],
        fields=complete_fields(personas),
        relations=complete_relations(case),
    )
    send(personas, mla)
    return {"case": case, "mla": mla}


def pages_of(persona: str, world) -> list[str]:
    case, mla = world["case"], world["mla"]
    common = ["/", "/deadlines/", "/registry/", "/registry/rules/", "/account/preferences/"]
    return {
        "kg_investigator": [
            *common,
            "/cases/",
            "/cases/new/",
            f"/cases/{case.pk}/",
            "/requests/",
            f"/requests/{mla.pk}/",
            f"/requests/new/?case={case.pk}",
            "/extradition/",
            "/teams/",
        ],
        "kz_prosecutor": [*common, "/requests/", f"/requests/{mla.pk}/", "/extradition/"],
        "auditor": [*common, "/audit/", "/cases/", "/requests/"],
    }[persona]


def misfits(page: Page, where: str) -> list[str]:
    """What does not fit: a page wider than the window, a header taller than one line."""
    widths = page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth,"
        " document.querySelector('nav.navbar').getBoundingClientRect().height]"
    )
    scroll_width, inner_width, header_height = widths
    found = []
    if scroll_width > inner_width:
        found.append(f"{where}: {scroll_width} px wide in {inner_width} px")
    if header_height > HEADER_MAX_HEIGHT:
        found.append(f"{where}: header {header_height} px tall")
    return found


def assert_fits(page: Page, where: str) -> None:
    found = misfits(page, where)
    assert not found, found


@pytest.mark.parametrize("persona", ["kg_investigator", "kz_prosecutor", "auditor"])
def test_main_pages_fit_the_screen_with_a_one_line_header(
    page: Page, live_server, personas, world, output_path, persona
):
    out = Path(output_path) / "layout"
    out.mkdir(parents=True, exist_ok=True)
    sign_in(page, live_server.url, persona)
    found = []
    for width, height in VIEWPORTS:
        page.set_viewport_size({"width": width, "height": height})
        for path in pages_of(persona, world):
            response = page.goto(f"{live_server.url}{path}")
            assert response.status == 200, path
            page.wait_for_load_state("networkidle")
            found += misfits(page, f"{persona} {path} at {width}")
            name = re.sub(r"[^a-z0-9]+", "-", path).strip("-") or "home"
            page.screenshot(path=str(out / f"{persona}-{width}-{name}.png"), full_page=True)
    assert not found, "\n".join(found)


def test_user_menu_holds_preferences_language_and_sign_out(page: Page, live_server, personas):
    sign_in(page, live_server.url, "kg_investigator")
    sign_out = page.get_by_role("button", name="Выйти")
    expect(sign_out).to_be_hidden()
    page.get_by_test_id("whoami").get_by_role("button").click()
    expect(sign_out).to_be_visible()
    expect(page.get_by_role("link", name="Мои настройки")).to_be_visible()
    page.get_by_test_id("language-switch").get_by_role("button", name="EN").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_clicking_the_label_of_a_listed_checkbox_ticks_it(page: Page, live_server, personas):
    sign_in(page, live_server.url, "kg_investigator")
    page.goto(f"{live_server.url}/cases/new/")
    box = page.get_by_role("checkbox", name="Принудительный труд или услуги")
    expect(box).not_to_be_checked()
    page.get_by_text("Принудительный труд или услуги", exact=True).click()
    expect(box).to_be_checked()
    # The label sits on the box's line, beside it, not in a narrow column over other fields.
    box_area = box.bounding_box()
    label_area = page.get_by_text("Принудительный труд или услуги", exact=True).bounding_box()
    assert label_area["x"] > box_area["x"]
    assert abs(label_area["y"] - box_area["y"]) < box_area["height"] * 2
    assert label_area["width"] > 100


def test_in_english_the_registry_names_are_english(
    page: Page, live_server, personas, world, output_path
):
    from deadlines.models import Deadline
    from treaties.models import DeadlineRule, Instrument

    sign_in(page, live_server.url, "kg_investigator")
    page.get_by_test_id("whoami").get_by_role("button").click()
    page.get_by_test_id("language-switch").get_by_role("button", name="EN").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.set_viewport_size({"width": 1366, "height": 768})

    page.goto(f"{live_server.url}/registry/rules/")
    table = page.locator("main table").first
    for rule in DeadlineRule.objects.exclude(name_en=""):
        expect(table).to_contain_text(rule.name_en)
    instrument = Instrument.objects.exclude(title_en="").first()
    page.goto(f"{live_server.url}/registry/{instrument.pk}/")
    expect(page.locator("main")).to_contain_text(instrument.title_en)
    assert not CYRILLIC.search(page.locator("main h1").inner_text())
    # A clock opened in Russian reads in English by its rule's English name.
    clock = Deadline.objects.for_subject(world["mla"]).get()
    assert clock.title == clock.rule.name_ru
    page.goto(f"{live_server.url}/requests/{world['mla'].pk}/")
    expect(page.get_by_test_id("deadline-panel")).to_contain_text(clock.rule.name_en)
    expect(page.get_by_test_id("deadline-panel")).not_to_contain_text(clock.rule.name_ru)
    page.goto(f"{live_server.url}/deadlines/")
    expect(page.locator("main table").first).to_contain_text(clock.rule.name_en)
    for path in ["/registry/rules/", "/deadlines/", f"/requests/{world['mla'].pk}/"]:
        page.goto(f"{live_server.url}{path}")
        assert_fits(page, f"en {path}")
    out = Path(output_path) / "layout"
    out.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(out / "english-request.png"), full_page=True)
