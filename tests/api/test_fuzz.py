"""Every operation of the API, fuzzed from the OpenAPI schema the portal serves (schemathesis):
no input answers 5xx, and every answer is one the schema documents (status code, content type,
body).

The schema is read from ``/api/schema/`` and every call goes through the WSGI application in
this process, as a KG and a KZ investigator signed in with API tokens from
``/api/auth/token/``. The world of the route matrices is in the database (a case per country, a
request, an extradition file, a team with a task, clocks), and path parameters are drawn from
its real ids as often as from the generator, so calls reach the objects and not only 404s.
Writes happen inside the test's transaction and are rolled back per call, so every case meets
the same world. Generation is derandomized with a fixed seed: a run is reproducible, and its
figures are printed at the end of the session (tests/api/conftest.py).
"""

from __future__ import annotations

import time
from contextlib import contextmanager

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.conftest import FIGURES
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

# One officer per country; neither needs a second factor (TWO_FACTOR_REQUIRED_ROLES).
PERSONAS = ("kg_investigator", "kz_investigator")
# Cases per operation; each is sent once per persona. Sized so the whole run stays within about a
# minute on two cores (~100 operations).
MAX_EXAMPLES = 8
SEED = 14
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@contextmanager
def _wsgi_calls_in_the_test_transaction():
    """Django's request signals close a connection that is inside a transaction (the test's);
    its own test client detaches them for the same reason."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _token(username: str) -> str:
    from rest_framework.test import APIClient

    response = APIClient().post(
        "/api/auth/token/", {"username": username, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200, response.content
    return response.json()["token"]


def _ids(model_path: str, **filters) -> list[int]:
    from django.apps import apps

    model = apps.get_model(model_path)
    return list(model.objects.filter(**filters).order_by("pk").values_list("pk", flat=True)[:3])


# The model behind /api/<resource>/{id}/.
RESOURCES = {
    "agencies": "accounts.Agency",
    "assistance-kinds": "treaties.AssistanceKind",
    "cases": "cases.Case",
    "criminal-articles": "treaties.CriminalArticle",
    "criminal-codes": "treaties.CriminalCode",
    "deadline-rules": "treaties.DeadlineRule",
    "deadlines": "deadlines.Deadline",
    "extraditions": "extradition.ExtraditionFile",
    "library": "library.LibraryDocument",
    "messages": "exchange.Message",
    "operations": "operations.Operation",
    "persons": "cases.AccessRequest",  # /api/persons/access-requests/{id}/
    "stat-reports": "statreports.StatReport",
    "mla-requests": "requests_mla.MLARequest",
    "notifications": "deadlines.Notification",
    "refusal-grounds": "treaties.RefusalGround",
    "required-elements": "treaties.RequiredElement",
    "tasks": "teams.Task",
    "teams": "teams.JointTeam",
    "treaties": "treaties.Instrument",
    "treaty-parties": "treaties.InstrumentParty",
    "treaty-provisions": "treaties.Provision",
}


def _real_path_parameters(path: str) -> list[dict]:
    """Path parameters of ``path`` that name objects of the world (visible to one persona or
    the other, or to neither)."""
    from cases.models import Case
    from cases.views import case_grants

    parts = path.strip("/").split("/")  # api, resource, ...
    if parts[1] == "statistics":  # a figure by name (stats.figures.FIGURES)
        from stats.figures import FIGURES as STATISTICS_FIGURES

        return [{"name": name} for name in STATISTICS_FIGURES]
    if parts[1] != "cases" or "{case_pk}" not in parts:
        return [{"id": pk} for pk in _ids(RESOURCES[parts[1]])]
    child = parts[3]
    rows = []
    for case in Case.objects.order_by("pk"):
        if child == "participants":
            rows += [{"case_pk": case.pk, "id": pk} for pk in _ids("cases.Participant", case=case)]
        elif child == "attachments":
            rows += [{"case_pk": case.pk, "id": pk} for pk in _ids("cases.Attachment", case=case)]
        elif child == "links":
            links = _ids("cases.CaseLink", source=case) + _ids("cases.CaseLink", target=case)
            rows += [{"case_pk": case.pk, "id": pk} for pk in links]
        elif child == "grants" and "{grantee_pk}" in parts:
            rows += [
                {"case_pk": case.pk, "kind": grant["kind"], "grantee_pk": grant["pk"]}
                for grant in case_grants(case)
            ]
        else:
            rows.append({"case_pk": case.pk})
    return rows


@pytest.fixture
def api_schema(matrix_world, settings):
    """The OpenAPI schema as /api/schema/ serves it, bound to the WSGI application, with real
    ids for path parameters."""
    from config.wsgi import application

    # The WSGI test client of schemathesis calls the application as host "localhost".
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    tokens = {persona: _token(persona) for persona in PERSONAS}
    config = schemathesis.Config.from_dict(
        {"seed": SEED, "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}}}
    )
    with _wsgi_calls_in_the_test_transaction():
        schema = schemathesis.openapi.from_wsgi(
            "/api/schema/?format=json",
            application,
            config=config,
            headers={"Authorization": f"Token {tokens['kg_investigator']}"},
        )
    schema.tokens = tokens
    return schema


def _strategy(operation):
    """Valid and invalid inputs alike (schemathesis' positive and negative modes), with the
    generator's path parameters and with the world's real ones."""
    fixed = [None, *_real_path_parameters(operation.path)] if "{" in operation.path else [None]
    return st.one_of(
        operation.as_strategy(mode, path_parameters=path_parameters)
        for path_parameters in fixed
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    )


def test_every_operation_answers_as_documented_and_never_5xx(api_schema, subtests):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) > 90  # the whole API, not a filtered part of it
    for operation in operations:

        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate, Phase.shrink],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=_strategy(operation))
        def fuzz(case):
            FIGURES.cases += 1
            for persona, token in api_schema.tokens.items():
                FIGURES.personas.add(persona)
                _call_and_check(case, token)

        FIGURES.operations.add(operation.label)
        started = time.perf_counter()
        with subtests.test(msg=operation.label), _wsgi_calls_in_the_test_transaction():
            fuzz()
        FIGURES.seconds += time.perf_counter() - started


def _call_and_check(case, token: str) -> None:
    # Each call in a savepoint rolled back after it: the next case meets the same world.
    with transaction.atomic():
        response = case.call(headers={"Authorization": f"Token {token}"})
        FIGURES.calls += 1
        FIGURES.statuses[response.status_code] += 1
        if response.status_code >= 500:
            FIGURES.server_errors += 1
        try:
            case.validate_response(response, checks=CHECKS)
        except BaseExceptionGroup:  # schemathesis' FailureGroup: the failed checks
            if response.status_code < 500:
                FIGURES.violations += 1
            raise
        finally:
            transaction.set_rollback(True)
