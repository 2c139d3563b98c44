"""Every write route (POST/PUT/PATCH/DELETE) x every persona: who gets through, who is refused.

The write pass of the route matrix (``tests/test_route_matrix.py`` is the GET pass, whose world,
personas and kwargs builders this reuses). For each route the table ``WRITE_ROUTES`` names the
methods, the object (a KWARGS builder), a body and the outcome each persona must get:

- ``ALLOWED``: the authorization passed — any status but 401/403/404/405 and no redirect to the
  login page (a 400 from validation or a 409 from the object's state is fine);
- 403: the persona sees the object but may not do this; 404: the object is invisible to them
  (as in the GET matrix); 400: only for a create whose target is a body field (the case or team
  they cannot see is "no such choice");
- ``LOGIN`` (pages) or 401 (API) for anonymous callers.

A route that accepts a write method without an entry fails
``test_every_write_route_has_an_expectation``.
The world is built once for the module; each route runs in its own savepoint, refused personas
first, so an allowed call that changes state cannot spoil a refusal. A refused call must leave the
database as it found it (row counts, statuses, versions, stamps of the watched apps).
"""

from __future__ import annotations

import datetime
import sys
import types
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, path, reverse
from django.utils import timezone
from django.views import View
from django.views.generic.edit import ProcessFormView
from rest_framework.test import APIClient

from tests.conftest import PERSONA_SPECS
from tests.routes import EXCLUDED_NAMESPACES
from tests.test_route_matrix import KWARGS, _first, _kr_case

ANON = "anonymous"
PERSONAS = tuple(spec.key for spec in PERSONA_SPECS)
ALL = (ANON, *PERSONAS)
ALLOWED = "allowed"
LOGIN = "login"  # 302 to the login page
WRITE_METHODS = ("post", "put", "patch", "delete")

# Function views cannot be introspected for their methods: each is either a write route (in
# WRITE_ROUTES) or declared here as read-only.
READ_ONLY_FUNCTION_VIEWS = {"healthz", "livez", "deadlines:ical"}

Outcome = str | int


@dataclass(frozen=True)
class Write:
    """Outcome per persona for ``methods``; ``default`` covers signed-in personas not listed;
    anonymous callers get ``LOGIN`` on pages and 401 on the API unless listed."""

    methods: tuple[str, ...]
    default: Outcome
    overrides: dict[str, Outcome] = field(default_factory=dict)
    kwargs: str = ""  # a builder in WRITE_KWARGS
    body: Callable[[], dict] | None = None  # called per request (uploads are read once)
    hole: str = ""  # a known permission hole: the case is xfail(strict) until it is fixed
    # The expected outcome is itself the success (signing out lands on the login page), which
    # writes its audit row: not a refusal that must leave the data as it was.
    succeeds: bool = False

    def expected(self, persona: str, api: bool) -> Outcome:
        if persona in self.overrides:
            return self.overrides[persona]
        if persona == ANON:
            return 401 if api else LOGIN
        return self.default


def allow(*personas: str) -> dict[str, Outcome]:
    return dict.fromkeys(personas, ALLOWED)


def deny(*personas: str) -> dict[str, Outcome]:
    return dict.fromkeys(personas, 403)


POST, PUT_PATCH = ("post",), ("put", "patch")
OPENS_CASES = ("kg_investigator", "kz_investigator", "kg_coordinator", "kz_coordinator")
# The KR case: led by kg_investigator, its agency's coordinator kg_coordinator (both change it;
# only the coordinator shares it). Nobody else sees it.
KR_CHANGE = allow("kg_investigator", "kg_coordinator")
KR_SHARE = {**allow("kg_coordinator"), **deny("kg_investigator")}
# The KZ case's side of the proposed link: kz_coordinator decides.
KZ_SHARE = {**allow("kz_coordinator"), **deny("kz_investigator")}
# The submitted request: its drafters see it, the KR prosecutor approves it.
MLA_DRAFTERS = ("kg_investigator", "kg_coordinator")
# The clock: KZ's, on the KR case, addressed to kz_prosecutor — only the KZ side manages it.
CLOCK = {**allow("kz_prosecutor"), **deny("kg_investigator", "kg_coordinator")}
# The extradition file (KR requests, KZ is requested): the KR case's officers and both GPOs.
FILE_REQUESTED_SIDE = {
    **allow("kz_prosecutor"),
    **deny("kg_investigator", "kg_coordinator", "kg_prosecutor"),
}
FILE_REQUESTING_SIDE = {
    **allow("kg_investigator", "kg_coordinator", "kg_prosecutor"),
    **deny("kz_prosecutor"),
}
FILE_EITHER_SIDE = allow("kg_investigator", "kg_coordinator", "kg_prosecutor", "kz_prosecutor")
# The team: led by the two coordinators; kz_investigator is a member (and the task's assignee);
# kg_investigator sees it (they change one of its cases) but is not in it.
RUNS_TEAM = {
    **allow("kg_coordinator", "kz_coordinator"),
    **deny("kg_investigator", "kz_investigator"),
}
IN_TEAM = {
    **allow("kg_coordinator", "kz_coordinator", "kz_investigator"),
    **deny("kg_investigator"),
}
REGISTRY = allow("registry_admin")
EVERYONE = allow(*PERSONAS)
# The message: KZ ministry to KR ministry; officers with a case role write messages.
MESSAGE_READERS = ("kz_investigator", "kz_coordinator", "kg_investigator", "kg_coordinator")
OFFICERS = allow(*MESSAGE_READERS, "kg_prosecutor", "kz_prosecutor")
MESSAGE_RECEIVER = {
    **allow("kg_investigator", "kg_coordinator"),
    **deny("kz_investigator", "kz_coordinator"),
}


def _statreport_period() -> dict:
    """The last finished quarter: a period a statistical report may cover."""
    from statreports.forms import last_full_quarter

    year, quarter = last_full_quarter()
    return {"period_kind": "quarter", "year": year, "quarter": quarter}


def _today() -> str:
    return timezone.localdate().isoformat()


def _pdf(name: str = "w.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 write matrix", content_type="application/pdf")


def _kz_case():
    from cases.models import Case

    return Case.objects.get(country="KZ")


def _user(key: str) -> int:
    from accounts.models import User

    return User.objects.get(username=key).pk


def _agency(country: str, kind: str) -> int:
    from accounts.models import Agency

    return Agency.objects.get(country=country, kind=kind).pk


def _later(days: int = 30) -> datetime.datetime:
    return timezone.localtime() + datetime.timedelta(days=days)


def _message() -> dict:
    from exchange.models import HandlingCode

    return {
        "recipient_agency": _agency("KG", "internal_affairs"),
        "subject": "Матрица записи",
        "text": "Сведения",
        "category": "operational",
        "handling_code": HandlingCode.objects.get(code="H0").pk,
    }


def _case_payload() -> dict:
    from tests.cases.conftest import kr_article

    return {
        "national_register": "kg_erp",
        "national_number": "24-001-2026-009999",
        "title": "Матрица записи",
        "opened_on": _today(),
        "articles": [kr_article().pk],
        "exploitation_forms": ["forced-labour"],
        "route": [{"role": "origin", "country": "KG", "locality": "г. Нарын"}],
    }


def _extradition_payload() -> dict:
    from tests.extradition.conftest import kg_166, kz_128
    from treaties.models import Instrument

    case = _kr_case()
    return {
        "case": case.pk,
        "person": case.participants.get(role="suspect").pk,
        "requested_state": "KZ",
        "purpose": "prosecution",
        "requesting_articles": [kg_166().pk],
        "requested_articles": [kz_128().pk],
        "instruments": [Instrument.objects.get(short_name="KR–KZ Extradition Agreement").pk],
    }


def _detain() -> dict:
    return {
        "detention_place": "ИВС г. Алматы",
        "detained_at": (timezone.localtime() - datetime.timedelta(hours=3)).strftime(
            "%Y-%m-%dT%H:%M"
        ),
        "detaining_agency": _agency("KZ", "internal_affairs"),
    }


def _mla_full() -> dict:
    """The stored request as a complete PUT body (so the check that decides is who may edit)."""
    from requests_mla.api import MLARequestWriteSerializer
    from requests_mla.models import MLARequest
    from requests_mla.services import DRAFT_FIELDS

    mla = MLARequest.objects.order_by("pk").first()
    fields = MLARequestWriteSerializer().fields
    names = (*DRAFT_FIELDS, "instruments", "provisions", "articles", "confirmed_elements")
    body = {n: fields[n].to_representation(fields[n].get_attribute(mla)) for n in names}
    return {**body, "version": mla.version}


def _task() -> dict:
    return {
        "title": "Допросить свидетеля",
        "case": _kr_case().pk,
        "assignee": _user("kz_investigator"),
        "priority": "normal",
    }


OPERATION_PEOPLE = ("kg_investigator", "kz_investigator", "kg_coordinator", "kz_coordinator")
OPERATION_LEADERS = {
    **allow("kg_coordinator", "kz_coordinator"),
    **deny("kg_investigator", "kz_investigator"),
}
LIBRARY_OWNERS = allow("kg_investigator", "kg_coordinator", "registry_admin")


def _text(name: str = "w.txt") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, "Торговля людьми".encode(), content_type="text/plain")


def _operation() -> dict:
    return {
        "name": "Матрица записи",
        "purpose": "Обыски",
        "d_day": (timezone.localdate() + datetime.timedelta(days=9)).isoformat(),
        "h_hour": "06:00",
        "zone": "KG",
        "cases": [_kr_case().pk, _kz_case().pk],
        "kg_leader": _user("kg_coordinator"),
        "kz_leader": _user("kz_coordinator"),
    }


def _operation_report() -> dict:
    return {
        "persons_detained": 1,
        "victims_identified": 1,
        "victims_assisted": 1,
        "items_seized": 0,
        "summary": "Итоги",
    }


def _library_document() -> dict:
    return {"title_ru": "Матрица", "kind": "publication", "language": "ru", "file": _text()}


WRITE_KWARGS = {
    **KWARGS,
    "kz_case_link": lambda: {"pk": _kz_case().pk, "link_pk": _first("cases.CaseLink").pk},
    "kz_case_pk_link": lambda: {"case_pk": _kz_case().pk, "pk": _first("cases.CaseLink").pk},
    "mla_approve": lambda: {"pk": _first("requests_mla.MLARequest").pk, "step": "approve"},
    "xfile_detain": lambda: {"pk": _first("extradition.ExtraditionFile").pk, "step": "detain"},
}

WRITE_ROUTES: dict[str, Write] = {
    # Shell: open to everyone
    "login": Write(POST, ALLOWED, allow(ANON)),  # anonymous: the form again; signed in: home
    # Success is the login page, for everyone (audited: the data changes).
    "logout": Write(POST, LOGIN, {ANON: LOGIN}, succeeds=True),
    "set_language": Write(POST, ALLOWED, allow(ANON), body=lambda: {"language": "en", "next": "/"}),
    "accounts:preferences": Write(POST, ALLOWED),
    # One's own second factor (an empty body: form errors, or nothing to do without a device).
    "accounts:two_factor_setup": Write(POST, ALLOWED),
    "accounts:two_factor_verify": Write(POST, ALLOWED),
    "accounts:two_factor_recovery_codes": Write(POST, ALLOWED),
    "accounts:two_factor_disable": Write(POST, ALLOWED),
    # One's own API tokens: an unknown token is a message on the preferences page.
    "accounts:token_revoke": Write(POST, ALLOWED),
    "accounts:token_revoke_all": Write(POST, ALLOWED),
    "api:auth-logout": Write(POST, ALLOWED),  # signs out the token or the session in use
    "documents:verify": Write(POST, ALLOWED),
    "api:auth-token": Write(
        POST, ALLOWED, allow(ANON), body=lambda: {"username": "nobody", "password": "wrong"}
    ),
    # Registry: registry administrators only (pages and API)
    "treaties:create": Write(POST, 403, REGISTRY),
    "treaties:edit": Write(POST, 403, REGISTRY, kwargs="instrument"),
    "treaties:child_create": Write(POST, 403, REGISTRY, kwargs="instrument_child_kind"),
    "treaties:child_edit": Write(POST, 403, REGISTRY, kwargs="provision_child"),
    "treaties:law_create": Write(POST, 403, REGISTRY, kwargs="law_kind"),
    "treaties:law_edit": Write(POST, 403, REGISTRY, kwargs="law_article"),
    "treaties:decree_create": Write(POST, 403, REGISTRY),
    "treaties:assistance_create": Write(POST, 403, REGISTRY),
    "treaties:assistance_edit": Write(POST, 403, REGISTRY, kwargs="assistance_kind"),
    "treaties:assistance_link_create": Write(POST, 403, REGISTRY, kwargs="assistance_kind"),
    "treaties:assistance_link_edit": Write(POST, 403, REGISTRY, kwargs="assistance_link"),
    **{
        f"api:{resource}-list": Write(POST, 403, REGISTRY)
        for resource in (
            "treaty",
            "treaty-party",
            "treaty-provision",
            "deadline-rule",
            "required-element",
            "refusal-ground",
            "assistance-kind",
            "criminal-code",
            "criminal-article",
        )
    },
    **{
        f"api:{resource}-detail": Write(PUT_PATCH, 403, REGISTRY, kwargs=kwargs)
        for resource, kwargs in (
            ("treaty", "instrument"),
            ("treaty-party", "party"),
            ("treaty-provision", "provision"),
            ("deadline-rule", "rule"),
            ("required-element", "element"),
            ("refusal-ground", "ground"),
            ("assistance-kind", "assistance_kind"),
            ("criminal-code", "criminal_code"),
            ("criminal-article", "criminal_article"),
        )
    },
    # Cases
    "cases:create": Write(POST, 403, allow(*OPENS_CASES)),
    "cases:edit": Write(POST, 404, KR_CHANGE, kwargs="case"),
    "cases:status": Write(
        POST, 404, KR_CHANGE, kwargs="case", body=lambda: {"status": "suspended", "reason": "м"}
    ),
    "cases:participant_create": Write(POST, 404, KR_CHANGE, kwargs="case"),
    "cases:person_edit": Write(POST, 404, KR_CHANGE, kwargs="case_suspect"),
    "cases:attachment_upload": Write(
        POST, 404, KR_CHANGE, kwargs="case", body=lambda: {"file": _pdf(), "description": "м"}
    ),
    "cases:grant": Write(
        POST,
        404,
        KR_SHARE,
        kwargs="case",
        body=lambda: {"agency": _agency("KZ", "prosecutor"), "levels": ["view"]},
    ),
    "cases:revoke": Write(POST, 404, KR_SHARE, kwargs="case_grantee"),
    "cases:link_propose": Write(
        POST, 404, KR_CHANGE, kwargs="case", body=lambda: {"identifier": _kz_case().reference}
    ),
    "cases:link_decide": Write(
        POST, 404, KZ_SHARE, kwargs="kz_case_link", body=lambda: {"decision": "accept"}
    ),
    "cases:link_withdraw": Write(POST, 404, KR_CHANGE, kwargs="case_link"),
    # The same person: check and ask from the KR case; the access request is kz_investigator's
    # (who sees it but may not answer), to the KR agency, whose coordinator answers.
    "cases:person_check": Write(
        POST, 404, KR_CHANGE, kwargs="case_suspect", body=lambda: {"reason": "м"}
    ),
    "cases:access_request_create": Write(POST, 404, KR_CHANGE, kwargs="case_suspect"),
    "cases:access_request_answer": Write(
        POST,
        404,
        {**allow("kg_coordinator"), **deny("kz_investigator")},
        kwargs="access_request",
        body=lambda: {"decision": "decline", "reason": "м"},
    ),
    "api:person-compare": Write(POST, ALLOWED),
    "api:person-check": Write(POST, ALLOWED),
    "api:access-request-list": Write(POST, ALLOWED),
    "api:access-request-share": Write(
        POST, 404, {**allow("kg_coordinator"), **deny("kz_investigator")}, kwargs="access_request"
    ),
    "api:access-request-decline": Write(
        POST,
        404,
        {**allow("kg_coordinator"), **deny("kz_investigator")},
        kwargs="access_request",
        body=lambda: {"reason": "м"},
    ),
    "api:case-list": Write(POST, 403, allow(*OPENS_CASES), body=_case_payload),
    "api:case-detail": Write(
        PUT_PATCH,
        404,
        KR_CHANGE,
        kwargs="case",
        body=lambda: {"title": "Матрица", "version": _kr_case().version},
    ),
    "api:case-status": Write(
        POST, 404, KR_CHANGE, kwargs="case", body=lambda: {"status": "suspended", "reason": "м"}
    ),
    "api:case-participant-list": Write(POST, 404, KR_CHANGE, kwargs="case_pk"),
    "api:case-participant-detail": Write(("patch",), 404, KR_CHANGE, kwargs="case_pk_suspect"),
    "api:case-attachment-list": Write(
        POST, 404, KR_CHANGE, kwargs="case_pk", body=lambda: {"file": _pdf(), "description": "м"}
    ),
    "api:case-grant-list": Write(
        POST,
        404,
        KR_SHARE,
        kwargs="case_pk",
        body=lambda: {"agency": _agency("KZ", "prosecutor"), "levels": ["view"]},
    ),
    "api:case-grant-detail": Write(("delete",), 404, KR_SHARE, kwargs="case_pk_grantee"),
    "api:case-link-list": Write(
        POST, 404, KR_CHANGE, kwargs="case_pk", body=lambda: {"identifier": _kz_case().reference}
    ),
    "api:case-link-accept": Write(POST, 404, KZ_SHARE, kwargs="kz_case_pk_link"),
    "api:case-link-decline": Write(POST, 404, KZ_SHARE, kwargs="kz_case_pk_link"),
    "api:case-link-withdraw": Write(POST, 404, KR_CHANGE, kwargs="case_pk_link"),
    # Requests for legal assistance (the matrix's request is submitted, awaiting approval)
    "requests_mla:create": Write(
        POST, 404, allow(*MLA_DRAFTERS), body=lambda: {"case": _kr_case().pk}
    ),
    "requests_mla:checklist": Write(
        POST, 404, allow(*MLA_DRAFTERS), body=lambda: {"case": _kr_case().pk}
    ),
    # Submitted, so no longer editable: the drafters are sent back to the page; the approver
    # may not edit.
    "requests_mla:edit": Write(
        POST, 404, {**allow(*MLA_DRAFTERS), **deny("kg_prosecutor")}, kwargs="mla"
    ),
    "requests_mla:transition": Write(
        POST,
        404,
        {**allow("kg_prosecutor"), **deny(*MLA_DRAFTERS)},
        kwargs="mla_approve",
        body=lambda: {"note": "согласовано"},
    ),
    # Nobody adds files to a submitted request (drafters while editable, the executing side later).
    "requests_mla:file_upload": Write(
        POST,
        404,
        deny(*MLA_DRAFTERS, "kg_prosecutor"),
        kwargs="mla",
        body=lambda: {"file": _pdf(), "description": "м"},
    ),
    # The case is a body field: a case the caller may not change is not among the choices.
    "api:mla-request-list": Write(
        POST, 400, allow(*MLA_DRAFTERS), body=lambda: {"case": _kr_case().pk}
    ),
    "api:mla-request-detail": Write(
        PUT_PATCH,
        404,
        {**allow(*MLA_DRAFTERS), **deny("kg_prosecutor")},
        kwargs="mla",
        body=_mla_full,
    ),
    "api:mla-request-step": Write(
        POST,
        404,
        {**allow("kg_prosecutor"), **deny(*MLA_DRAFTERS)},
        kwargs="mla_approve",
        body=lambda: {"note": "согласовано"},
    ),
    # Deadlines
    "deadlines:pause": Write(POST, 404, CLOCK, kwargs="clock", body=lambda: {"reason": "м"}),
    "deadlines:resume": Write(POST, 404, CLOCK, kwargs="clock", body=lambda: {"reason": "м"}),
    "deadlines:extend": Write(
        POST,
        404,
        CLOCK,
        kwargs="clock",
        body=lambda: {"reason": "м", "new_due_at": _later().strftime("%Y-%m-%dT%H:%M")},
    ),
    "deadlines:notification_read": Write(POST, 404, allow("kz_prosecutor"), kwargs="notice"),
    "deadlines:notifications_read_all": Write(POST, ALLOWED),
    "deadlines:feed_settings": Write(POST, ALLOWED, body=lambda: {"action": "create"}),
    "api:deadline-pause": Write(POST, 404, CLOCK, kwargs="clock", body=lambda: {"reason": "м"}),
    "api:deadline-resume": Write(POST, 404, CLOCK, kwargs="clock", body=lambda: {"reason": "м"}),
    "api:deadline-extend": Write(
        POST,
        404,
        CLOCK,
        kwargs="clock",
        body=lambda: {"reason": "м", "new_due_at": _later().isoformat()},
    ),
    "api:notification-read": Write(POST, 404, allow("kz_prosecutor"), kwargs="notice"),
    # Extradition (the file: KR requests, KZ is requested; the person is wanted)
    "extradition:create": Write(POST, 404, KR_CHANGE, body=lambda: {"case": _kr_case().pk}),
    "extradition:step": Write(POST, 404, FILE_REQUESTED_SIDE, kwargs="xfile_detain", body=_detain),
    "extradition:grounds": Write(POST, 404, FILE_EITHER_SIDE, kwargs="xfile"),
    "extradition:document_send": Write(POST, 404, FILE_REQUESTING_SIDE, kwargs="xfile_doc"),
    # The case is a body field: a case the caller cannot see is not among the choices.
    "api:extradition-list": Write(POST, 400, KR_CHANGE, body=_extradition_payload),
    "api:extradition-step": Write(
        POST, 404, FILE_REQUESTED_SIDE, kwargs="xfile_detain", body=_detain
    ),
    # Joint teams
    "teams:task_create": Write(POST, 404, RUNS_TEAM, kwargs="team", body=_task),
    "teams:task_move": Write(
        POST,
        404,
        {**allow("kz_investigator", "kg_coordinator", "kz_coordinator"), **deny("kg_investigator")},
        kwargs="team_task",
        body=lambda: {"status": "in_progress"},
    ),
    "teams:comment": Write(POST, 404, IN_TEAM, kwargs="team_task", body=lambda: {"text": "м"}),
    "teams:task_file_upload": Write(
        POST, 404, IN_TEAM, kwargs="team_task", body=lambda: {"file": _pdf()}
    ),
    "teams:member_leave": Write(
        POST, 404, RUNS_TEAM, kwargs="team_member", body=lambda: {"left_on": _today()}
    ),
    "teams:file_upload": Write(POST, 404, IN_TEAM, kwargs="team", body=lambda: {"file": _pdf()}),
    "teams:step": Write(
        POST, 404, RUNS_TEAM, kwargs="team_step", body=lambda: {"signed_on": _today()}
    ),
    # The team is a body field: a team the caller cannot see is not among the choices.
    "api:task-list": Write(
        POST,
        400,
        RUNS_TEAM,
        body=lambda: {**_task(), "team": _first("teams.JointTeam").pk},
    ),
    "api:task-comments": Write(POST, 404, IN_TEAM, kwargs="task", body=lambda: {"text": "м"}),
    # The statistical exchange: coordinators prepare; KZ's draft is approved by its coordinators
    # and prosecutors; the KR side does not see it; others may not take part (403 on pages).
    "statreports:create": Write(
        POST, 403, allow("kg_coordinator", "kz_coordinator"), body=lambda: _statreport_period()
    ),
    "statreports:step": Write(
        POST,
        403,
        {
            **allow("kz_coordinator", "kz_prosecutor"),
            **dict.fromkeys(("kg_coordinator", "kg_prosecutor"), 404),
        },
        kwargs="statreport_step",
    ),
    "api:stat-report-list": Write(
        POST, 403, allow("kg_coordinator", "kz_coordinator"), body=lambda: _statreport_period()
    ),
    "api:stat-report-step": Write(
        POST, 404, allow("kz_coordinator", "kz_prosecutor"), kwargs="statreport_step"
    ),
    "api:task-transition": Write(
        POST,
        404,
        {**allow("kz_investigator", "kg_coordinator", "kz_coordinator"), **deny("kg_investigator")},
        kwargs="task_transition",
    ),
    # Coordinated operations: the coordinators plan; the leaders decide; participants report.
    "operations:create": Write(POST, 403, allow("kg_coordinator", "kz_coordinator")),
    "operations:step": Write(POST, 404, OPERATION_LEADERS, kwargs="operation_step"),
    "operations:report": Write(
        POST, 404, allow(*OPERATION_PEOPLE), kwargs="operation", body=_operation_report
    ),
    "api:operation-list": Write(
        POST, 403, allow("kg_coordinator", "kz_coordinator"), body=_operation
    ),
    "api:operation-step": Write(POST, 404, OPERATION_LEADERS, kwargs="operation_step"),
    "api:operation-report": Write(
        POST, 404, allow(*OPERATION_PEOPLE), kwargs="operation", body=_operation_report
    ),
    # The library: officers with a working role add documents; the owning agency (the KR
    # ministry) and the registry administrator add versions; the border officer sees nothing.
    "library:create": Write(POST, ALLOWED, deny("auditor", "outsider")),
    "library:version_upload": Write(
        POST,
        403,
        {**LIBRARY_OWNERS, "outsider": 404},
        kwargs="library_document",
        body=lambda: {"file": _text()},
    ),
    "api:library-document-list": Write(
        POST, ALLOWED, deny("auditor", "outsider"), body=_library_document
    ),
    "api:library-document-versions": Write(
        POST,
        403,
        {**LIBRARY_OWNERS, "outsider": 404},
        kwargs="library_document",
        body=lambda: {"file": _text()},
    ),
    # Information exchange
    "exchange:create": Write(POST, 403, OFFICERS, body=_message),
    "exchange:reply": Write(
        POST, 404, allow(*MESSAGE_READERS), kwargs="message", body=lambda: {"text": "м"}
    ),
    "exchange:acknowledge": Write(POST, 404, MESSAGE_RECEIVER, kwargs="message"),
    "exchange:mla_draft": Write(
        POST, 404, allow(*MESSAGE_READERS), kwargs="message", body=lambda: {"case": _kr_case().pk}
    ),
    "api:message-list": Write(
        POST, 403, OFFICERS, body=lambda: {**_message(), "handling_code": "H0"}
    ),
    "api:message-reply": Write(
        POST, 404, allow(*MESSAGE_READERS), kwargs="message", body=lambda: {"text": "м"}
    ),
    "api:message-acknowledge": Write(POST, 404, MESSAGE_RECEIVER, kwargs="message"),
    "api:message-mla-draft": Write(
        POST, 404, allow(*MESSAGE_READERS), kwargs="message", body=lambda: {"case": _kr_case().pk}
    ),
}


# --- Which routes write -----------------------------------------------------------------------
def _alias_of_post(view_class, method: str) -> bool:
    """Django's generic form views answer PUT with their POST handler (reading no body)."""
    return method == "put" and getattr(view_class, "put", None) is ProcessFormView.put


def _walk(patterns, namespace: str = ""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in EXCLUDED_NAMESPACES:
                continue
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry.callback


def write_methods(urlconf: str | None = None) -> dict[str, set[str]]:
    """Route name -> the write methods it accepts; ``{"?"}`` for a function view (undeclared)."""
    found: dict[str, set[str]] = {}
    for name, callback in _walk(get_resolver(urlconf).url_patterns):
        actions = getattr(callback, "actions", None)  # a DRF viewset bound to its actions
        view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
        if actions is not None:
            methods = set(actions) & set(WRITE_METHODS)
        elif view_class is not None:
            methods = {
                m
                for m in WRITE_METHODS
                if hasattr(view_class, m) and not _alias_of_post(view_class, m)
            }
        else:
            methods = set() if name in READ_ONLY_FUNCTION_VIEWS else {"?"}
        if methods:
            found.setdefault(name, set()).update(methods)
    return found


def missing_write_expectations(urlconf: str | None = None) -> set[str]:
    missing = set()
    for name, methods in write_methods(urlconf).items():
        declared = set(WRITE_ROUTES[name].methods) if name in WRITE_ROUTES else set()
        if name in WRITE_ROUTES and methods == {"?"}:
            continue  # a function view whose methods the table declares
        missing |= {f"{name} {method.upper()}" for method in methods - declared}
    return missing


def test_every_write_route_has_an_expectation():
    missing = missing_write_expectations()
    assert not missing, f"Write routes without an expectation in WRITE_ROUTES: {sorted(missing)}"


def test_no_write_expectation_for_a_route_that_does_not_write():
    writes = write_methods()
    stale = {
        f"{name} {method.upper()}"
        for name, write in WRITE_ROUTES.items()
        for method in write.methods
        if name not in writes or (writes[name] != {"?"} and method not in writes[name])
    }
    assert not stale, f"Expectations for writes that do not exist: {sorted(stale)}"


def test_a_new_write_route_without_expectation_is_reported():
    class NewActionView(View):
        def post(self, request):
            return None

    module = types.ModuleType("tests._urlconf_with_new_write_route")
    from config import urls as project_urls

    module.urlpatterns = [
        *project_urls.urlpatterns,
        path("new-action/", NewActionView.as_view(), name="brand_new_action"),
        path("new-function/", lambda request: None, name="brand_new_function"),
    ]
    sys.modules[module.__name__] = module
    try:
        assert missing_write_expectations(module.__name__) == {
            "brand_new_action POST",
            "brand_new_function ?",
        }
    finally:
        del sys.modules[module.__name__]


def test_the_table_names_every_persona_it_overrides():
    unknown = {
        f"{name}: {persona}"
        for name, write in WRITE_ROUTES.items()
        for persona in write.overrides
        if persona not in ALL
    }
    assert not unknown, sorted(unknown)
    assert all(write.kwargs in WRITE_KWARGS for write in WRITE_ROUTES.values() if write.kwargs)


# --- What a refused call must not change --------------------------------------------------------
WATCHED_APPS = (
    "accounts",
    "audit",
    "cases",
    "deadlines",
    "documents",
    "extradition",
    "requests_mla",
)
WATCHED_APPS += ("teams", "treaties", "core")
WATCHED_APPS += ("exchange",)
WATCHED_APPS += ("operations", "library")
SIGNED_FIELDS = ("status", "stage", "state", "version", "updated_at", "read_at", "due_at")
SIGNED_FIELDS += ("left_on", "custody_lapsed", "is_active", "token")


def _sub(expression: str, table: str, where: str = "") -> str:
    # Identifiers only, from the models' metadata and quoted by the backend: no input reaches it.
    return f"(SELECT {expression} FROM {table}{where})"  # noqa: S608


def _fingerprint_sql() -> str:
    from django.apps import apps
    from django.db import connection

    q = connection.ops.quote_name
    parts = []
    for app in WATCHED_APPS:
        for model in apps.get_app_config(app).get_models(include_auto_created=True):
            if model._meta.proxy or not model._meta.managed:
                continue
            table = q(model._meta.db_table)
            parts.append(_sub("COUNT(*)", table))
            for f in model._meta.concrete_fields:
                if f.name not in SIGNED_FIELDS:
                    continue
                column = q(f.column)
                kind = f.get_internal_type()
                if kind in ("CharField", "TextField", "SlugField"):
                    parts.append(_sub(f"SUM(LENGTH({column}))", table))
                    parts.append(_sub(f"MAX({column})", table))
                elif kind in ("DateTimeField", "DateField"):
                    parts.append(_sub(f"COUNT({column})", table))
                    parts.append(_sub(f"MAX({column})", table))
                elif kind == "BooleanField":
                    parts.append(_sub("COUNT(*)", table, f" WHERE {column}"))
                else:
                    parts.append(_sub(f"SUM({column})", table))
    return "SELECT " + ", ".join(parts)


_SQL: list[str] = []


def fingerprint() -> tuple:
    """One query: row counts of the watched apps, and their statuses, versions and stamps."""
    from django.db import connection

    if not _SQL:
        _SQL.append(_fingerprint_sql())
    with connection.cursor() as cursor:
        cursor.execute(_SQL[0])
        return tuple(cursor.fetchone())


# --- The pass -----------------------------------------------------------------------------------
def _send(client: APIClient, method: str, url: str, body: dict | None, api: bool):
    has_file = body is not None and any(hasattr(v, "read") for v in body.values())
    fmt = "json" if api and not has_file else "multipart"
    if method == "delete":
        return client.delete(url)
    return getattr(client, method)(url, body or {}, format=fmt)


def _outcome(response, login_url: str) -> Outcome:
    status = response.status_code
    if status == 302 and response["Location"].split("?")[0] == login_url:
        return LOGIN
    return status


def _matches(outcome: Outcome, expected: Outcome) -> bool:
    if expected == ALLOWED:
        return outcome not in (LOGIN, 401, 403, 404, 405)
    return outcome == expected


def _cases():
    for name in sorted(WRITE_ROUTES):
        write = WRITE_ROUTES[name]
        marks = [pytest.mark.xfail(strict=True, reason=f"hole: {write.hole}")] if write.hole else []
        yield pytest.param(name, marks=marks, id=name)


@pytest.mark.django_db
@pytest.mark.parametrize("route_name", list(_cases()))
def test_write_matrix(route_name, matrix_world):
    write = WRITE_ROUTES[route_name]
    api = route_name.startswith("api:")
    url = reverse(route_name, kwargs=WRITE_KWARGS[write.kwargs]() if write.kwargs else {})
    login_url = reverse("login")
    # Refused personas first: an allowed call that changes state must not spoil a refusal.
    order = sorted(ALL, key=lambda persona: write.expected(persona, api) == ALLOWED)
    failures = []
    for persona in order:
        expected = write.expected(persona, api)
        for method in write.methods:
            client = APIClient()
            if persona != ANON:
                client.force_login(matrix_world[persona])
            before = fingerprint() if expected != ALLOWED and not write.succeeds else None
            response = _send(client, method, url, write.body() if write.body else None, api)
            outcome = _outcome(response, login_url)
            if not _matches(outcome, expected):
                failures.append(f"{persona} {method.upper()}: {outcome} != {expected}")
            elif before is not None and fingerprint() != before:
                failures.append(f"{persona} {method.upper()}: refused ({outcome}) but changed data")
    assert not failures, f"{route_name} ({url}): " + "; ".join(failures)
