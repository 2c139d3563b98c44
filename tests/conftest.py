"""Personas, browser settings and shared fixtures of the test suite."""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

# Imported before any test freezes the clock: DRF's throttles keep ``time.time`` as a class
# attribute, and a first import under freezegun would keep its fake for the whole run.
import rest_framework.throttling  # noqa: F401  isort: skip

from accounts.choices import AgencyKind, Country, Role
from tests.factories import AgencyFactory, UserFactory

PASSWORD = "correct-horse-battery"

# Playwright's sync API keeps an event loop running in the test thread; the ORM calls made by
# the test itself (fixtures, assertions) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@dataclass(frozen=True)
class PersonaSpec:
    key: str
    country: str
    agency: str
    role: str | None


# Every persona of the route x persona matrix. "outsider" works for an agency but has no role.
PERSONA_SPECS = (
    PersonaSpec("kg_investigator", Country.KG, "kg_mvd", Role.INVESTIGATOR),
    PersonaSpec("kz_investigator", Country.KZ, "kz_mvd", Role.INVESTIGATOR),
    PersonaSpec("kg_coordinator", Country.KG, "kg_mvd", Role.COORDINATOR),
    PersonaSpec("kz_coordinator", Country.KZ, "kz_mvd", Role.COORDINATOR),
    PersonaSpec("kg_prosecutor", Country.KG, "kg_gpo", Role.PROSECUTOR),
    PersonaSpec("kz_prosecutor", Country.KZ, "kz_gpo", Role.PROSECUTOR),
    PersonaSpec("registry_admin", Country.KG, "kg_gpo", Role.REGISTRY_ADMIN),
    PersonaSpec("auditor", Country.KZ, "kz_gpo", Role.AUDITOR),
    PersonaSpec("outsider", Country.KG, "kg_border", None),
)
PERSONA_KEYS = tuple(spec.key for spec in PERSONA_SPECS)

_AGENCY_DEFS = {
    "kg_mvd": ("МВД Кыргызской Республики", Country.KG, AgencyKind.INTERNAL_AFFAIRS),
    "kz_mvd": ("МВД Республики Казахстан", Country.KZ, AgencyKind.INTERNAL_AFFAIRS),
    "kg_gpo": ("Генеральная прокуратура Кыргызской Республики", Country.KG, AgencyKind.PROSECUTOR),
    "kz_gpo": ("Генеральная прокуратура Республики Казахстан", Country.KZ, AgencyKind.PROSECUTOR),
    "kg_border": ("Пограничная служба ГКНБ КР", Country.KG, AgencyKind.BORDER_SERVICE),
}


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Hashing with the production work factor would dominate the suite's time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_throttles():
    # The API's sign-in throttle counts per address in the cache (Redis in CI): start each test
    # with no history, without flushing anything else.
    cache.delete("throttle_auth_127.0.0.1")
    yield


# Data that migrations put in the database (roles, the registry). A transactional test ends by
# emptying every table, so the tests that come after it (pytest-django runs those last) put the
# data back through the same migration code. Django's serialized rollback would do this, but it
# loses track of its snapshot once Playwright's event loop runs in the test thread.
MIGRATION_DATA = (
    ("accounts.migrations.0002_roles", "create_roles"),
    ("treaties.migrations.0002_seed_registry", "seed"),
    ("treaties.migrations.0005_seed_criminal_law", "seed"),
    ("treaties.migrations.0006_instrument_scope", "set_scopes"),
    ("treaties.migrations.0008_legal_thresholds", "seed"),
    ("treaties.migrations.0010_seed_instruments_as_applied", "seed"),
    ("treaties.migrations.0011_seed_custody_rules", "seed"),
    ("treaties.migrations.0012_seed_sanctions_and_calendar", "seed"),
    ("treaties.migrations.0013_seed_assistance_kinds", "seed"),
    ("treaties.migrations.0016_seed_element_suppliers", "seed"),
    ("operations.migrations.0002_seed_dday_rule", "seed"),
    ("exchange.migrations.0002_seed_registry", "seed"),
    ("treaties.migrations.0018_seed_english_citations", "seed"),
    ("treaties.migrations.0020_legal_threshold_citation_en", "seed"),
)


@pytest.fixture
def migration_data(transactional_db):
    from django.apps import apps
    from django.contrib.auth.models import Group

    if not Group.objects.filter(name=Role.INVESTIGATOR).exists():
        for module, function in MIGRATION_DATA:
            getattr(importlib.import_module(module), function)(apps, None)


@pytest.fixture
def agencies(db):
    return {
        key: AgencyFactory(name_ru=name, name_en=key, country=country, kind=kind)
        for key, (name, country, kind) in _AGENCY_DEFS.items()
    }


@pytest.fixture
def personas(agencies):
    """One user per persona key; password PASSWORD."""
    return {
        spec.key: UserFactory(
            username=spec.key,
            agency=agencies[spec.agency],
            roles=[spec.role] if spec.role else [],
            last_name="Тестов",
            first_name=spec.key,
            password=PASSWORD,
        )
        for spec in PERSONA_SPECS
    }


@pytest.fixture
def api_client():
    return APIClient()


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def api_with_token(user) -> APIClient:
    """A client signed in as API clients are: a token in the header, no session, and the API's
    own authentication (``api_as`` skips it)."""
    from knox.models import AuthToken

    _stored, token = AuthToken.objects.create(user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


# --- Browser tests (real headless Chromium: Debian's package, never a downloaded build) -----
@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


def browser_errors(context) -> list[str]:
    """The console errors and uncaught exceptions of every page of a browser context, as they come.

    A script, style or image that the Content-Security-Policy refuses is a console error, and so
    is a resource that fails to load."""
    errors: list[str] = []

    def on_console(message):
        if message.type == "error":
            where = message.location.get("url", "")
            errors.append(f"console error ({where}): {message.text}")

    context.on("console", on_console)
    context.on("weberror", lambda web_error: errors.append(f"uncaught: {web_error.error}"))
    return errors


@pytest.fixture
def context(context):
    """Playwright's browser context (the one of the `page` fixture): any console error or
    uncaught exception in any of its pages fails the test."""
    errors = browser_errors(context)
    yield context
    assert not errors, "The browser reported errors:\n" + "\n".join(errors)


def pytest_sessionfinish(session, exitstatus):
    """The run's own folder (SQLite test database, embedded broker) goes with the run."""
    import shutil

    from django.conf import settings

    if settings.TEST_RUN and settings.VAR_DIR.parent.name == "test-runs":
        shutil.rmtree(settings.VAR_DIR, ignore_errors=True)


# --- The world, once per module -----------------------------------------------------------------
def _make_personas() -> dict:
    from accounts.models import Agency
    from tests.factories import AgencyFactory, UserFactory

    agencies = {
        key: AgencyFactory(name_ru=name, name_en=key, country=country, kind=kind)
        for key, (name, country, kind) in _AGENCY_DEFS.items()
    }
    assert Agency.objects.count() == len(agencies)
    return {
        spec.key: UserFactory(
            username=spec.key,
            agency=agencies[spec.agency],
            roles=[spec.role] if spec.role else [],
            last_name="Тестов",
            first_name=spec.key,
            password=PASSWORD,
        )
        for spec in PERSONA_SPECS
    }


@pytest.fixture(scope="module")
def matrix_world(django_db_setup, django_db_blocker):
    """The route matrices' world (``tests.test_route_matrix.build_case_world``), built once
    per module inside an outer transaction rolled back at the end; every test runs in a savepoint
    of it (pytest-django's own atomic blocks nest inside)."""
    from django.db import transaction
    from django.test.utils import override_settings

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer._from_testcase = True  # durable blocks inside behave as under a TestCase
        outer.__enter__()
        try:
            with override_settings(
                PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
            ):
                personas = _make_personas()
                from tests.test_route_matrix import build_case_world

                build_case_world(personas)
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield personas
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
