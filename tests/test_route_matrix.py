"""Every named route x every persona: the status each must get.

A route added without an entry in ROUTES fails ``test_every_route_has_an_expectation`` — so every
new page and endpoint must state, here, who may see it.
"""

from __future__ import annotations

import sys
import types
from dataclasses import dataclass, field

import pytest
from django.urls import path, reverse

from tests.conftest import PERSONA_KEYS
from tests.routes import collect_route_names

ANON = "anonymous"
ALL = (ANON, *PERSONA_KEYS)


@dataclass(frozen=True)
class Route:
    """Expected status per persona for GET; ``default`` covers personas not listed."""

    default: int
    overrides: dict[str, int] = field(default_factory=dict)
    kwargs: str = ""  # name of a builder in KWARGS
    accept: str = ""  # default: JSON for API routes, HTML for pages

    def expected(self, persona: str) -> int:
        return self.overrides.get(persona, self.default)


PAGE = {ANON: 302}  # a signed-in page: anonymous users are sent to the login page
API = {ANON: 401}  # an API route: anonymous calls get 401, never a redirect
REGISTRY_WRITE_PAGE = {ANON: 302, "registry_admin": 200}
AUDIT = {ANON: 302, "auditor": 200}
# Statistics: coordinators, prosecutors and auditors (of either country); others 403.
STATS_READERS = ("kg_coordinator", "kz_coordinator", "kg_prosecutor", "kz_prosecutor", "auditor")
STATS_PAGE = {ANON: 302, **dict.fromkeys(STATS_READERS, 200)}
STATS_API = {ANON: 401, **dict.fromkeys(STATS_READERS, 200)}
# The KR case of the matrix is led by kg_investigator; kg_coordinator coordinates its agency.
# Everyone else gets 404: the case's existence must not leak.
CASE_PAGE = {ANON: 302, "kg_investigator": 200, "kg_coordinator": 200}
CASE_POST_ONLY = {ANON: 302, "kg_investigator": 405, "kg_coordinator": 405}
CASE_SHARE_POST_ONLY = {ANON: 302, "kg_investigator": 403, "kg_coordinator": 405}
CASE_API = {ANON: 401, "kg_investigator": 200, "kg_coordinator": 200}
# The matrix's request is submitted: its drafters and the KR prosecutors (who approve) see it.
REQUEST_PAGE = {**CASE_PAGE, "kg_prosecutor": 200}
REQUEST_POST_ONLY = {**CASE_POST_ONLY, "kg_prosecutor": 405}
REQUEST_API = {**CASE_API, "kg_prosecutor": 200}
# The matrix's clock runs on the KR case with kz_prosecutor responsible for it.
CLOCK_POST_ONLY = {ANON: 302, "kg_investigator": 405, "kg_coordinator": 405, "kz_prosecutor": 405}
CLOCK_API = {ANON: 401, "kg_investigator": 200, "kg_coordinator": 200, "kz_prosecutor": 200}
# The matrix's extradition file (KR case, notice issued): the case's officers and both GPOs.
FILE_PAGE = {**CASE_PAGE, "kg_prosecutor": 200, "kz_prosecutor": 200}
FILE_POST_ONLY = {**CASE_POST_ONLY, "kg_prosecutor": 405, "kz_prosecutor": 405}
FILE_API = {**CASE_API, "kg_prosecutor": 200, "kz_prosecutor": 200}
# The matrix's team: the two cases' investigators and the two coordinators (leaders).
TEAM_PAGE = {**CASE_PAGE, "kz_investigator": 200, "kz_coordinator": 200}
TEAM_POST_ONLY = {**CASE_POST_ONLY, "kz_investigator": 405, "kz_coordinator": 405}
TEAM_API = {**CASE_API, "kz_investigator": 200, "kz_coordinator": 200}
# The matrix's operation: led by the two coordinators, the two investigators named in it.
OPERATION_PEOPLE = ("kg_investigator", "kz_investigator", "kg_coordinator", "kz_coordinator")
OPERATION_PAGE = {ANON: 302, **dict.fromkeys(OPERATION_PEOPLE, 200)}
OPERATION_POST_ONLY = {ANON: 302, **dict.fromkeys(OPERATION_PEOPLE, 405)}
OPERATION_API = {ANON: 401, **dict.fromkeys(OPERATION_PEOPLE, 200)}
# The library: every officer with a role reads it; the border officer without one does not.
LIBRARY_PAGE = {ANON: 302, "outsider": 404}
LIBRARY_API = {ANON: 401, "outsider": 404}
# The matrix's message: kz_investigator (KZ ministry) to the KR ministry, with a file. The two
# ministries' officers with a case role see it; the prosecutors' offices, the registry
# administrator, the auditor and the border service do not.
MESSAGE_READERS = ("kz_investigator", "kz_coordinator", "kg_investigator", "kg_coordinator")
MESSAGE_PAGE = {ANON: 302, **dict.fromkeys(MESSAGE_READERS, 200)}
MESSAGE_POST_ONLY = {ANON: 302, **dict.fromkeys(MESSAGE_READERS, 405)}
MESSAGE_API = {ANON: 401, **dict.fromkeys(MESSAGE_READERS, 200)}
OPENS_CASES = {
    ANON: 302,
    "kg_investigator": 200,
    "kz_investigator": 200,
    "kg_coordinator": 200,
    "kz_coordinator": 200,
}

# The statistical exchange: its pages are the coordinators' and prosecutors' (403 for others);
# the matrix's report is KZ's draft, which the KR side cannot see.
EXCHANGERS = ("kg_coordinator", "kz_coordinator", "kg_prosecutor", "kz_prosecutor")
EXCHANGE_PAGE = {ANON: 302, **dict.fromkeys(EXCHANGERS, 200)}
KZ_EXCHANGE_404 = dict.fromkeys(("kz_coordinator", "kz_prosecutor"), 404)
STATREPORT_PAGE = {
    ANON: 302,
    **dict.fromkeys(("kz_coordinator", "kz_prosecutor"), 200),
    **dict.fromkeys(("kg_coordinator", "kg_prosecutor"), 404),
}
STATREPORT_POST_ONLY = {
    ANON: 302,
    **dict.fromkeys(("kz_coordinator", "kz_prosecutor"), 405),
    **dict.fromkeys(("kg_coordinator", "kg_prosecutor"), 404),
}

ROUTES: dict[str, Route] = {
    # Shell
    "home": Route(200, PAGE),
    "home_counts": Route(200, PAGE),  # the start page's sections, polled by htmx
    "healthz": Route(200),
    "livez": Route(200),
    "login": Route(200, dict.fromkeys(PERSONA_KEYS, 302)),  # signed-in users go home
    "logout": Route(405),  # POST only
    "set_language": Route(302),  # GET redirects back without changing anything
    # Registry pages: everyone signed in reads, registry admins write
    "treaties:list": Route(200, PAGE),
    "treaties:rules": Route(200, PAGE),
    "treaties:detail": Route(200, PAGE, kwargs="instrument"),
    "treaties:create": Route(403, REGISTRY_WRITE_PAGE),
    "treaties:edit": Route(403, REGISTRY_WRITE_PAGE, kwargs="instrument"),
    "treaties:child_create": Route(403, REGISTRY_WRITE_PAGE, kwargs="instrument_child_kind"),
    "treaties:child_edit": Route(403, REGISTRY_WRITE_PAGE, kwargs="provision_child"),
    # Audit: auditors only
    "audit:list": Route(403, AUDIT),
    "audit:export": Route(403, AUDIT),
    "stats:index": Route(403, STATS_PAGE),
    "stats:download": Route(403, STATS_PAGE, kwargs="figure_download"),
    "api:statistics-list": Route(403, STATS_API),
    "api:statistics-figure": Route(403, STATS_API, kwargs="figure"),
    # Cases
    "cases:list": Route(200, PAGE),
    "cases:export": Route(200, PAGE),
    "cases:filter_options": Route(200, PAGE, kwargs="case_filter_options"),
    "cases:create": Route(403, OPENS_CASES),
    "cases:detail": Route(404, CASE_PAGE, kwargs="case"),
    "cases:edit": Route(404, CASE_PAGE, kwargs="case"),
    "cases:status": Route(404, CASE_POST_ONLY, kwargs="case"),
    "cases:participant_create": Route(404, CASE_PAGE, kwargs="case"),
    "cases:person_edit": Route(404, CASE_PAGE, kwargs="case_suspect"),
    "cases:attachment_upload": Route(404, CASE_POST_ONLY, kwargs="case"),
    "cases:attachment_download": Route(404, CASE_PAGE, kwargs="case_attachment"),
    "cases:grant": Route(404, CASE_SHARE_POST_ONLY, kwargs="case"),
    "cases:revoke": Route(404, CASE_SHARE_POST_ONLY, kwargs="case_grantee"),
    "cases:link_propose": Route(404, CASE_POST_ONLY, kwargs="case"),
    "cases:link_decide": Route(404, CASE_SHARE_POST_ONLY, kwargs="case_link"),
    "cases:link_withdraw": Route(404, CASE_POST_ONLY, kwargs="case_link"),
    # The same person across cases: the person's panel and check on the KR case; the matrix's
    # access request is kz_investigator's, to the KR agency (its coordinator answers).
    "cases:person": Route(404, CASE_PAGE, kwargs="case_suspect"),
    "cases:person_matches": Route(404, CASE_PAGE, kwargs="case"),
    "cases:person_check": Route(404, CASE_POST_ONLY, kwargs="case_suspect"),
    "cases:access_request_create": Route(404, CASE_POST_ONLY, kwargs="case_suspect"),
    "cases:access_requests": Route(200, PAGE),
    "cases:access_request_answer": Route(405, PAGE, kwargs="access_request"),  # POST only
    "search:results": Route(200, PAGE),
    "api:person-list": Route(400, API),  # q is required
    "api:person-compare": Route(405, API),  # POST only
    "api:person-check": Route(405, API),  # POST only
    "api:access-request-list": Route(200, API),
    "api:access-request-detail": Route(
        404, {ANON: 401, "kz_investigator": 200, "kg_coordinator": 200}, kwargs="access_request"
    ),
    "api:access-request-share": Route(405, API, kwargs="access_request"),  # POST only
    "api:access-request-decline": Route(405, API, kwargs="access_request"),  # POST only
    "requests_mla:list": Route(200, PAGE),
    "requests_mla:create": Route(200, PAGE),
    "requests_mla:checklist": Route(405, PAGE),  # POST only (htmx)
    "requests_mla:detail": Route(404, REQUEST_PAGE, kwargs="mla"),
    # Not editable once submitted: drafters are sent back to the page, the approver may not.
    "requests_mla:edit": Route(
        404,
        {ANON: 302, "kg_investigator": 302, "kg_coordinator": 302, "kg_prosecutor": 403},
        kwargs="mla",
    ),
    "requests_mla:transition": Route(404, REQUEST_POST_ONLY, kwargs="mla_step"),
    "requests_mla:document": Route(404, REQUEST_PAGE, kwargs="mla_document"),
    "requests_mla:file_upload": Route(404, REQUEST_POST_ONLY, kwargs="mla"),
    "requests_mla:file_download": Route(404, REQUEST_PAGE, kwargs="mla_file"),
    "documents:verify": Route(200, PAGE),
    "documents:verify_code": Route(200, PAGE, kwargs="document_code"),
    "api:mla-request-list": Route(200, API),
    "api:mla-request-detail": Route(404, REQUEST_API, kwargs="mla"),
    "api:mla-request-completeness": Route(404, REQUEST_API, kwargs="mla"),
    "api:mla-request-history": Route(404, REQUEST_API, kwargs="mla"),
    "api:mla-request-document": Route(404, REQUEST_API, kwargs="mla", accept="application/pdf"),
    "api:mla-request-step": Route(405, API, kwargs="mla_step"),  # POST only
    "accounts:preferences": Route(200, PAGE),
    # Two-factor pages: everyone has their own. Nobody in the matrix has an authenticator, so the
    # second step and turning off send them on (home, the overview).
    "accounts:two_factor": Route(200, PAGE),
    "accounts:two_factor_setup": Route(200, PAGE),
    "accounts:two_factor_verify": Route(302),
    "accounts:two_factor_recovery_codes": Route(405, PAGE),  # POST only
    "accounts:two_factor_disable": Route(302),
    "accounts:token_revoke": Route(405, PAGE),  # POST only
    "accounts:token_revoke_all": Route(405, PAGE),  # POST only
    "deadlines:mine": Route(200, PAGE),
    "deadlines:notifications": Route(200, PAGE),
    "deadlines:bell": Route(200, PAGE),
    "deadlines:feed_settings": Route(200, PAGE),
    "deadlines:notifications_read_all": Route(405, PAGE),  # POST only
    "deadlines:pause": Route(404, CLOCK_POST_ONLY, kwargs="clock"),
    "deadlines:resume": Route(404, CLOCK_POST_ONLY, kwargs="clock"),
    "deadlines:extend": Route(404, CLOCK_POST_ONLY, kwargs="clock"),
    # Another user's notification does not exist for you.
    "deadlines:notification_read": Route(404, {ANON: 302, "kz_prosecutor": 405}, kwargs="notice"),
    # The feed needs no sign-in (calendar programs cannot): its secret token is the key.
    "deadlines:ical": Route(200, kwargs="feed"),
    "api:deadline-list": Route(200, API),
    "api:deadline-detail": Route(404, CLOCK_API, kwargs="clock"),
    "api:deadline-pause": Route(405, API, kwargs="clock"),  # POST only
    "api:deadline-resume": Route(405, API, kwargs="clock"),
    "api:deadline-extend": Route(405, API, kwargs="clock"),
    "api:notification-list": Route(200, API),
    "api:notification-detail": Route(404, {ANON: 401, "kz_prosecutor": 200}, kwargs="notice"),
    "api:notification-read": Route(405, API, kwargs="notice"),
    "extradition:list": Route(200, PAGE),
    "extradition:custody": Route(200, PAGE),
    "extradition:create": Route(200, PAGE),
    "extradition:detail": Route(404, FILE_PAGE, kwargs="xfile"),
    "extradition:step": Route(404, FILE_POST_ONLY, kwargs="xfile_step"),
    "extradition:document": Route(404, FILE_PAGE, kwargs="xfile_doc"),
    "extradition:grounds": Route(404, FILE_POST_ONLY, kwargs="xfile"),
    "extradition:document_send": Route(404, FILE_POST_ONLY, kwargs="xfile_doc"),
    "api:extradition-list": Route(200, API),
    "api:extradition-detail": Route(404, FILE_API, kwargs="xfile"),
    "api:extradition-document": Route(404, FILE_API, kwargs="xfile", accept="application/pdf"),
    "api:extradition-step": Route(405, API, kwargs="xfile_step"),  # POST only
    "teams:list": Route(200, PAGE),
    "teams:my_tasks": Route(200, PAGE),
    "teams:detail": Route(404, TEAM_PAGE, kwargs="team"),
    "teams:task": Route(404, TEAM_PAGE, kwargs="team_task"),
    "teams:task_create": Route(404, TEAM_POST_ONLY, kwargs="team"),
    "teams:task_move": Route(404, TEAM_POST_ONLY, kwargs="team_task"),
    "teams:comment": Route(404, TEAM_POST_ONLY, kwargs="team_task"),
    "teams:task_file_upload": Route(404, TEAM_POST_ONLY, kwargs="team_task"),
    "teams:member_leave": Route(404, TEAM_POST_ONLY, kwargs="team_member"),
    "teams:file_upload": Route(404, TEAM_POST_ONLY, kwargs="team"),
    "teams:agreement": Route(404, TEAM_PAGE, kwargs="team"),
    "teams:file_download": Route(404, TEAM_PAGE, kwargs="team_file"),
    "teams:step": Route(404, TEAM_POST_ONLY, kwargs="team_step"),
    "api:team-list": Route(200, API),
    "api:team-detail": Route(404, TEAM_API, kwargs="team"),
    "api:team-members": Route(404, TEAM_API, kwargs="team"),
    "api:task-list": Route(200, API),
    "api:task-detail": Route(404, TEAM_API, kwargs="task"),
    "api:task-comments": Route(404, TEAM_API, kwargs="task"),
    "api:task-transition": Route(405, API, kwargs="task_transition"),  # POST only
    # Coordinated operations: named participants only; coordinators plan them.
    "operations:list": Route(200, PAGE),
    "operations:create": Route(403, {ANON: 302, "kg_coordinator": 200, "kz_coordinator": 200}),
    "operations:detail": Route(404, OPERATION_PAGE, kwargs="operation"),
    "operations:report": Route(404, OPERATION_POST_ONLY, kwargs="operation"),
    "operations:step": Route(404, OPERATION_POST_ONLY, kwargs="operation_step"),
    "api:operation-list": Route(200, API),
    "api:operation-results": Route(200, API),
    "api:operation-detail": Route(404, OPERATION_API, kwargs="operation"),
    "api:operation-report": Route(405, API, kwargs="operation"),  # POST only
    "api:operation-step": Route(405, API, kwargs="operation_step"),  # POST only
    # The library: officers of both countries read it; those with a working role add to it.
    "library:list": Route(200, PAGE),
    "library:create": Route(200, {ANON: 302, "auditor": 403, "outsider": 403}),
    "library:detail": Route(200, LIBRARY_PAGE, kwargs="library_document"),
    "library:version_upload": Route(405, LIBRARY_PAGE, kwargs="library_document"),  # POST only
    "library:version_download": Route(200, LIBRARY_PAGE, kwargs="library_version"),
    "api:library-document-list": Route(200, API),
    "api:library-document-detail": Route(200, LIBRARY_API, kwargs="library_document"),
    "api:library-document-versions": Route(405, API, kwargs="library_document"),  # POST only
    "api:library-document-download": Route(200, LIBRARY_API, kwargs="library_version_api"),
    # Information exchange: officers with a case role write; the message is its agencies'.
    "exchange:list": Route(200, PAGE),
    "exchange:create": Route(
        200, {ANON: 302, "registry_admin": 403, "auditor": 403, "outsider": 403}
    ),
    # The new-message form's pick lists (htmx): for those who may open the form.
    "exchange:officer_options": Route(
        200, {ANON: 302, "registry_admin": 403, "auditor": 403, "outsider": 403}
    ),
    "exchange:case_options": Route(
        200, {ANON: 302, "registry_admin": 403, "auditor": 403, "outsider": 403}
    ),
    "exchange:unread": Route(200, PAGE),
    "exchange:detail": Route(404, MESSAGE_PAGE, kwargs="message"),
    "exchange:reply": Route(404, MESSAGE_POST_ONLY, kwargs="message"),
    "exchange:acknowledge": Route(404, MESSAGE_POST_ONLY, kwargs="message"),
    "exchange:mla_draft": Route(404, MESSAGE_POST_ONLY, kwargs="message"),
    "exchange:attachment_download": Route(404, MESSAGE_PAGE, kwargs="message_file"),
    "api:message-list": Route(200, API),
    "api:message-detail": Route(404, MESSAGE_API, kwargs="message"),
    "api:message-reply": Route(405, API, kwargs="message"),  # POST only
    "api:message-acknowledge": Route(405, API, kwargs="message"),  # POST only
    "api:message-mla-draft": Route(405, API, kwargs="message"),  # POST only
    "api:message-unread-count": Route(200, API),
    "api:message-attachment": Route(404, MESSAGE_API, kwargs="message_file"),
    "treaties:criminal_law": Route(200, PAGE),
    "treaties:law_create": Route(403, REGISTRY_WRITE_PAGE, kwargs="law_kind"),
    "treaties:law_edit": Route(403, REGISTRY_WRITE_PAGE, kwargs="law_article"),
    "treaties:calendar": Route(200, PAGE),
    "treaties:decree_create": Route(403, REGISTRY_WRITE_PAGE),
    "treaties:assistance": Route(200, PAGE),
    "treaties:assistance_create": Route(403, REGISTRY_WRITE_PAGE),
    "treaties:assistance_edit": Route(403, REGISTRY_WRITE_PAGE, kwargs="assistance_kind"),
    "treaties:assistance_link_create": Route(403, REGISTRY_WRITE_PAGE, kwargs="assistance_kind"),
    "treaties:assistance_link_edit": Route(403, REGISTRY_WRITE_PAGE, kwargs="assistance_link"),
    "api:case-list": Route(200, API),
    "api:case-detail": Route(404, CASE_API, kwargs="case"),
    "api:case-status": Route(405, API, kwargs="case"),  # POST only
    "api:case-participant-list": Route(404, CASE_API, kwargs="case_pk"),
    "api:case-participant-detail": Route(404, CASE_API, kwargs="case_pk_suspect"),
    "api:case-attachment-list": Route(404, CASE_API, kwargs="case_pk"),
    "api:case-attachment-detail": Route(404, CASE_API, kwargs="case_pk_attachment"),
    "api:case-attachment-download": Route(404, CASE_API, kwargs="case_pk_attachment"),
    "api:case-grant-list": Route(404, {**CASE_API, "kg_investigator": 403}, kwargs="case_pk"),
    "api:case-grant-detail": Route(405, API, kwargs="case_pk_grantee"),  # DELETE only
    "api:case-link-list": Route(404, CASE_API, kwargs="case_pk"),
    "api:case-link-accept": Route(405, API, kwargs="case_pk_link"),  # POST only
    "api:case-link-decline": Route(405, API, kwargs="case_pk_link"),
    "api:case-link-withdraw": Route(405, API, kwargs="case_pk_link"),
    "api:criminal-code-list": Route(200, API),
    "api:criminal-code-detail": Route(200, API, kwargs="criminal_code"),
    "api:criminal-article-list": Route(200, API),
    "api:criminal-article-detail": Route(200, API, kwargs="criminal_article"),
    # API
    "api:api-root": Route(200, API),
    "api:auth-token": Route(405),  # POST only, open to anonymous callers
    "api:auth-logout": Route(405, API),  # POST only
    "api:me": Route(200, API),
    "api:home": Route(200, API),
    # The statistical exchange: coordinators and prosecutors; the matrix's report is KZ's draft.
    "statreports:list": Route(403, EXCHANGE_PAGE),
    "statreports:compare": Route(403, EXCHANGE_PAGE),
    "statreports:create": Route(403, {ANON: 302, "kg_coordinator": 200, "kz_coordinator": 200}),
    "statreports:detail": Route(403, STATREPORT_PAGE, kwargs="statreport"),
    # A draft has no PDF (its figures are not frozen): 404 for its own side too.
    "statreports:document": Route(403, {**STATREPORT_PAGE, **KZ_EXCHANGE_404}, kwargs="statreport"),
    "statreports:step": Route(403, STATREPORT_POST_ONLY, kwargs="statreport_step"),
    "api:stat-report-list": Route(200, API),
    "api:stat-report-detail": Route(
        404, {ANON: 401, "kz_coordinator": 200, "kz_prosecutor": 200}, kwargs="statreport"
    ),
    "api:stat-report-step": Route(405, API, kwargs="statreport_step"),  # POST only
    "api:schema": Route(200, API),
    "api:docs": Route(200, API, accept="text/html"),
    "api:agency-list": Route(200, API),
    "api:agency-detail": Route(200, API, kwargs="agency"),
    "api:treaty-list": Route(200, API),
    "api:treaty-detail": Route(200, API, kwargs="instrument"),
    "api:treaty-party-list": Route(200, API),
    "api:treaty-party-detail": Route(200, API, kwargs="party"),
    "api:treaty-provision-list": Route(200, API),
    "api:treaty-provision-detail": Route(200, API, kwargs="provision"),
    "api:deadline-rule-list": Route(200, API),
    "api:deadline-rule-detail": Route(200, API, kwargs="rule"),
    "api:required-element-list": Route(200, API),
    "api:required-element-detail": Route(200, API, kwargs="element"),
    "api:refusal-ground-list": Route(200, API),
    "api:refusal-ground-detail": Route(200, API, kwargs="ground"),
    "api:assistance-kind-list": Route(200, API),
    "api:assistance-kind-detail": Route(200, API, kwargs="assistance_kind"),
}


def _first(model_path: str):
    from django.apps import apps

    return apps.get_model(model_path).objects.order_by("pk").first()


KWARGS = {
    "statreport": lambda: {"pk": _first("statreports.StatReport").pk},
    "statreport_step": lambda: {"pk": _first("statreports.StatReport").pk, "step": "approve"},
    "figure": lambda: {"name": "cases-by-qualification"},
    "case_filter_options": lambda: {"name": "lead_investigator"},
    "figure_download": lambda: {"name": "victims-by-sex-age", "fmt": "xlsx"},
    "instrument": lambda: {"pk": _first("treaties.Instrument").pk},
    "instrument_child_kind": lambda: {"pk": _first("treaties.Instrument").pk, "kind": "provision"},
    "provision_child": lambda: {"kind": "provision", "pk": _first("treaties.Provision").pk},
    "agency": lambda: {"pk": _first("accounts.Agency").pk},
    "party": lambda: {"pk": _first("treaties.InstrumentParty").pk},
    "provision": lambda: {"pk": _first("treaties.Provision").pk},
    "rule": lambda: {"pk": _first("treaties.DeadlineRule").pk},
    "element": lambda: {"pk": _first("treaties.RequiredElement").pk},
    "ground": lambda: {"pk": _first("treaties.RefusalGround").pk},
    "assistance_kind": lambda: {"pk": _first("treaties.AssistanceKind").pk},
    "assistance_link": lambda: {"pk": _first("treaties.InstrumentAssistance").pk},
    "law_kind": lambda: {"kind": "article"},
    "law_article": lambda: {"kind": "article", "pk": _first("treaties.CriminalArticle").pk},
    "criminal_code": lambda: {"pk": _first("treaties.CriminalCode").pk},
    "criminal_article": lambda: {"pk": _first("treaties.CriminalArticle").pk},
    "case": lambda: {"pk": _kr_case().pk},
    "case_suspect": lambda: {"pk": _kr_case().pk, "participant_pk": _suspect().pk},
    "case_attachment": lambda: {"pk": _kr_case().pk, "attachment_pk": _attachment().pk},
    "case_grantee": lambda: {"pk": _kr_case().pk, "kind": "agency", "grantee_pk": _kz_agency()},
    "case_link": lambda: {"pk": _kr_case().pk, "link_pk": _first("cases.CaseLink").pk},
    "case_pk": lambda: {"case_pk": _kr_case().pk},
    "case_pk_suspect": lambda: {"case_pk": _kr_case().pk, "pk": _suspect().pk},
    "case_pk_attachment": lambda: {"case_pk": _kr_case().pk, "pk": _attachment().pk},
    "case_pk_grantee": lambda: {
        "case_pk": _kr_case().pk,
        "kind": "agency",
        "grantee_pk": _kz_agency(),
    },
    "case_pk_link": lambda: {"case_pk": _kr_case().pk, "pk": _first("cases.CaseLink").pk},
    "mla": lambda: {"pk": _first("requests_mla.MLARequest").pk},
    "mla_step": lambda: {"pk": _first("requests_mla.MLARequest").pk, "step": "submit"},
    "mla_document": lambda: {"pk": _first("requests_mla.MLARequest").pk, "kind": "mla_request"},
    "mla_file": lambda: {
        "pk": _first("requests_mla.MLARequest").pk,
        "file_pk": _first("requests_mla.RequestFile").pk,
    },
    "document_code": lambda: {"code": "0123456789ab"},
    "clock": lambda: {"pk": _first("deadlines.Deadline").pk},
    "team": lambda: {"pk": _first("teams.JointTeam").pk},
    "team_task": lambda: {"pk": _first("teams.JointTeam").pk, "task_pk": _first("teams.Task").pk},
    "team_file": lambda: {
        "pk": _first("teams.JointTeam").pk,
        "file_pk": _first("teams.TeamFile").pk,
    },
    "team_member": lambda: {
        "pk": _first("teams.JointTeam").pk,
        "member_pk": _first("teams.TeamMember").pk,
    },
    "team_step": lambda: {"pk": _first("teams.JointTeam").pk, "step": "sign"},
    "task": lambda: {"pk": _first("teams.Task").pk},
    "task_transition": lambda: {"pk": _first("teams.Task").pk, "transition": "start"},
    "operation": lambda: {"pk": _first("operations.Operation").pk},
    "operation_step": lambda: {"pk": _first("operations.Operation").pk, "step": "go"},
    "library_document": lambda: {"pk": _first("library.LibraryDocument").pk},
    "library_version": lambda: {
        "pk": _first("library.LibraryDocument").pk,
        "version_pk": _first("library.LibraryVersion").pk,
    },
    "library_version_api": lambda: {
        "pk": _first("library.LibraryDocument").pk,
        "version_pk": _first("library.LibraryVersion").pk,
    },
    "xfile": lambda: {"pk": _first("extradition.ExtraditionFile").pk},
    "xfile_doc": lambda: {
        "pk": _first("extradition.ExtraditionFile").pk,
        "kind": "extradition_request",
    },
    "xfile_step": lambda: {"pk": _first("extradition.ExtraditionFile").pk, "step": "locate"},
    "notice": lambda: {"pk": _first("deadlines.Notification").pk},
    "access_request": lambda: {"pk": _first("cases.AccessRequest").pk},
    "feed": lambda: {"token": _first("deadlines.CalendarFeed").token},
    "message": lambda: {"pk": _first("exchange.Message").pk},
    "message_file": lambda: {
        "pk": _first("exchange.Message").pk,
        "file_pk": _first("exchange.MessageAttachment").pk,
    },
}


def _kr_case():
    from cases.models import Case

    return Case.objects.get(country="KG")


def _suspect():
    return _kr_case().participants.get(role="suspect")


def _attachment():
    return _kr_case().attachments.get()


def _kz_agency():
    from accounts.models import Agency

    return Agency.objects.filter(country="KZ").order_by("pk").first().pk


@pytest.fixture
def case_world(personas):
    """A KR case (victims, a file) and a KZ case, with a proposed link between them."""
    build_case_world(personas)


def build_case_world(personas):
    """The matrix's world (see ``case_world``); also built once per module by the write pass."""
    from django.core.files.base import ContentFile

    from cases import services
    from tests.cases.conftest import make_case

    kr = make_case(personas["kg_investigator"], number="24-001-2026-000101")
    kz = make_case(personas["kz_investigator"], number="261500031000101")
    services.attachment_upload(
        case=kr, actor=personas["kg_investigator"], upload=ContentFile(b"%PDF-1.4 x", name="a.pdf")
    )
    services.case_link_propose(case=kr, actor=personas["kg_investigator"], identifier=kz.reference)

    from requests_mla import services as mla_services
    from tests.requests_mla.conftest import complete_fields, complete_relations

    mla = mla_services.mla_request_create(
        case=kr,
        actor=personas["kg_investigator"],
        fields=complete_fields(personas),
        relations=complete_relations(kr),
    )
    mla_services.request_file_upload(
        request=mla,
        actor=personas["kg_investigator"],
        upload=ContentFile(b"%PDF-1.4 y", name="b.pdf"),
    )
    mla_services.mla_request_submit(request=mla, actor=personas["kg_investigator"])

    import datetime

    from django.utils import timezone

    from deadlines.models import CalendarFeed, Notification
    from deadlines.services import deadline_open

    clock = deadline_open(
        subject=mla,
        case=kr,
        trigger="mla_sent",
        started_at=timezone.now(),
        country="KZ",
        responsible=[personas["kz_prosecutor"]],
        due_on=timezone.localdate() + datetime.timedelta(days=10),
    )
    Notification.objects.create(
        recipient=personas["kz_prosecutor"], deadline=clock, kind="lead-7", title="Срок"
    )
    CalendarFeed.objects.create(user=personas["kg_investigator"])

    from tests.extradition.conftest import open_file

    open_file(personas, kr)

    from teams import services as team_services
    from treaties.models import Instrument

    team = team_services.team_create(
        actor=personas["kg_coordinator"],
        name="ССГ",
        cases=[kr, kz],
        instruments=[Instrument.objects.get(short_name="UNTOC")],
        purpose="Совместное расследование",
        kg_leader=personas["kg_coordinator"],
        kz_leader=personas["kz_coordinator"],
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + datetime.timedelta(days=90),
    )
    team_services.member_add(
        team=team,
        actor=personas["kg_coordinator"],
        user=personas["kz_investigator"],
        role="member",
        joined_on=timezone.localdate(),
    )
    team_services.task_create(
        team=team,
        actor=personas["kg_coordinator"],
        title="Задача",
        case=kr,
        assignee=personas["kz_investigator"],
    )
    team_services.team_file_upload(
        team=team, actor=personas["kg_coordinator"], upload=ContentFile(b"%PDF-1.4 t", name="t.pdf")
    )

    # The statistical exchange: KZ's draft report of last year (its coordinators and prosecutors).
    from statreports.services import statreport_prepare

    statreport_prepare(
        actor=personas["kz_coordinator"], period_kind="year", year=timezone.localdate().year - 1
    )

    from library.services import library_document_create
    from operations.services import operation_create

    operation_create(
        actor=personas["kg_coordinator"],
        name="Операция «Караван»",
        purpose="Одновременные обыски в Оше и Алматы",
        h_hour=timezone.now() + datetime.timedelta(days=7),
        kg_leader=personas["kg_coordinator"],
        kz_leader=personas["kz_coordinator"],
        cases=[kr, kz],
        participants=[personas["kg_investigator"], personas["kz_investigator"]],
    )
    library_document_create(
        actor=personas["kg_coordinator"],
        title_ru="Методические рекомендации",
        kind="methodology",
        language="ru",
        upload=ContentFile("Торговля людьми: признаки".encode(), name="m.txt"),
    )

    from exchange import services as exchange_services
    from exchange.models import HandlingCode

    exchange_services.message_send(
        actor=personas["kz_investigator"],
        recipient_agency=personas["kg_investigator"].agency,
        subject="Сведения",
        text="Оперативные сведения",
        category="operational",
        handling_code=HandlingCode.objects.get(code="H1"),
        uploads=[ContentFile(b"%PDF-1.4 m", name="m.pdf")],
    )

    from cases.models import AccessRequest

    AccessRequest.objects.create(
        requested_by=personas["kz_investigator"],
        case=kz,
        participant=kz.participants.get(role="suspect"),
        target_agency=kr.owning_agency,
        target_case=kr,
        target_participant=kr.participants.get(role="suspect"),
        reason="Тот же подозреваемый",
    )


def missing_expectations(urlconf: str | None = None) -> set[str]:
    return collect_route_names(urlconf) - set(ROUTES)


def test_every_route_has_an_expectation():
    missing = missing_expectations()
    assert not missing, f"Routes without an expectation in ROUTES: {sorted(missing)}"


def test_no_expectation_for_a_route_that_does_not_exist():
    stale = set(ROUTES) - collect_route_names()
    assert not stale, f"Expectations for routes that no longer exist: {sorted(stale)}"


def test_a_new_route_without_expectation_is_reported():
    module = types.ModuleType("tests._urlconf_with_new_route")
    from config import urls as project_urls

    module.urlpatterns = [
        *project_urls.urlpatterns,
        path("new-page/", lambda request: None, name="brand_new_page"),
    ]
    sys.modules[module.__name__] = module
    try:
        assert missing_expectations(module.__name__) == {"brand_new_page"}
    finally:
        del sys.modules[module.__name__]


@pytest.mark.django_db
@pytest.mark.parametrize("route_name", sorted(ROUTES))
def test_route_matrix(route_name, matrix_world, client):
    personas = matrix_world
    route = ROUTES[route_name]
    kwargs = KWARGS[route.kwargs]() if route.kwargs else {}
    url = reverse(route_name, kwargs=kwargs)
    failures = []
    for persona in ALL:
        client.logout()
        if persona != ANON:
            client.force_login(personas[persona])
        accept = route.accept or (
            "application/json" if route_name.startswith("api:") else "text/html"
        )
        response = client.get(url, HTTP_ACCEPT=accept)
        if response.status_code != route.expected(persona):
            failures.append(f"{persona}: {response.status_code} != {route.expected(persona)}")
    assert not failures, f"{route_name} ({url}): " + "; ".join(failures)


@pytest.mark.django_db
def test_admin_is_for_superusers_only(matrix_world, client, django_user_model):
    personas = matrix_world
    for persona in PERSONA_KEYS:
        client.force_login(personas[persona])
        assert client.get("/admin/").status_code == 302
    client.force_login(django_user_model.objects.create_superuser("root", password="x" * 12))
    assert client.get("/admin/").status_code == 200
