"""In real headless Chromium: a prosecutor, whose role requires it, is sent to set up two-factor
authentication at the first sign-in, scans nothing but types the secret's code, keeps the recovery
codes, and signs in again with a code from the app."""

from __future__ import annotations

import time
from base64 import b32decode
from pathlib import Path

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migration_data"),
]


def code_from_the_app(secret_text: str, steps_ahead: int = 0) -> str:
    """What an authenticator app shows for the secret typed in by hand.

    A code read in the last seconds of its 30-second step may reach the server in the next
    one: the server then accepts it as one step late and remembers that clock drift, so the
    app's next code counts as two steps ahead and is refused. A person would type the code
    that has just appeared; so does this, waiting for a fresh step when few seconds are left.
    """
    left = 30 - time.time() % 30
    if left < 8:
        time.sleep(left + 0.5)
    totp = TOTP(b32decode(secret_text.replace(" ", "")))
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def password_step(page: Page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/cases/")
    page.get_by_label("Имя пользователя").fill(username)
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Вход").click()


def test_a_prosecutor_enrolls_at_first_sign_in_then_signs_in_with_a_code(
    page: Page, live_server, personas, output_path, settings
):
    settings.TWO_FACTOR_REQUIRED_ROLES = ["prosecutor", "coordinator", "registry_admin", "auditor"]
    page.set_viewport_size({"width": 1366, "height": 768})

    password_step(page, live_server.url, "kz_prosecutor")
    # Sent to enrollment before any page of the portal.
    expect(page).to_have_url(f"{live_server.url}/account/two-factor/setup/?next=%2Fcases%2F")
    expect(
        page.get_by_role("heading", name="Настроить двухфакторную аутентификацию")
    ).to_be_visible()
    qr = page.get_by_test_id("totp-qr")
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.complete && img.naturalWidth > 100")  # the CSP let it load
    secret = page.get_by_test_id("totp-secret").inner_text()
    out = Path(output_path)
    out.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(out / "two-factor-setup.png"), full_page=True)

    page.get_by_label("Код из приложения").fill(code_from_the_app(secret))
    page.get_by_role("button", name="Подтвердить").click()

    codes = page.get_by_test_id("recovery-codes").locator("li")
    expect(codes).to_have_count(10)
    shot = out / "two-factor-recovery-codes.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    page.get_by_role("link", name="Я сохранил(а) резервные коды").click()
    expect(page).to_have_url(f"{live_server.url}/cases/")

    page.get_by_test_id("whoami").get_by_role("button").first.click()  # the user's menu
    page.get_by_role("button", name="Выйти").click()
    password_step(page, live_server.url, "kz_prosecutor")
    expect(page).to_have_url(f"{live_server.url}/account/two-factor/verify/?next=%2Fcases%2F")
    # The enrollment's code was used: the app's next one signs in.
    page.get_by_label("Код").fill(code_from_the_app(secret, steps_ahead=1))
    page.get_by_role("button", name="Проверить").click()

    expect(page).to_have_url(f"{live_server.url}/cases/")
    expect(page.get_by_test_id("whoami")).to_contain_text("Тестов")
    page.screenshot(path=str(out / "two-factor-signed-in.png"), full_page=True)
