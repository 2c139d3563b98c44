"""Content-Security-Policy: one strict policy on every response, and nothing inline that it refuses.

The policy allows scripts and styles only from the portal's own files, so the templates served
to browsers must hold no inline <script>, <style>, style= attribute, on…= handler or htmx
attribute that evaluates JavaScript. The PDF templates (rendered by WeasyPrint on the server,
never sent to a browser) keep their inline styles.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cases import services as case_services
from tests.cases.conftest import make_case

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]

POLICY = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        assert name not in parsed, f"{name} given twice in {header!r}"
        parsed[name] = values
    return parsed


def assert_portal_policy(response):
    assert "Content-Security-Policy-Report-Only" not in response  # enforced, not reported
    assert directives(response) == POLICY
    assert "unsafe" not in response["Content-Security-Policy"]


def test_login_page_and_a_redirect_carry_the_policy(client):
    assert_portal_policy(client.get("/login/"))
    redirect = client.get("/cases/")
    assert redirect.status_code == 302
    assert_portal_policy(redirect)


def test_pages_of_a_signed_in_user_carry_the_policy(client, personas):
    client.force_login(personas["kg_investigator"])
    for url in ("/", "/cases/", "/deadlines/", "/registry/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_portal_policy(response)


def test_api_responses_carry_the_policy(client, personas):
    assert_portal_policy(client.get("/api/cases/"))  # 401 too
    client.force_login(personas["kg_investigator"])
    response = client.get("/api/cases/")
    assert response.status_code == 200
    assert_portal_policy(response)


def test_static_files_carry_the_policy(client, settings):
    settings.WHITENOISE_USE_FINDERS = True  # the test run has collected no static files
    response = client.get("/static/js/countdown.js")
    assert response.status_code == 200
    assert_portal_policy(response)


def test_not_found_is_the_portals_own_page_under_the_policy(client, personas):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert_portal_policy(response)
    assert "Страница не найдена" in response.content.decode()
    client.force_login(personas["kg_investigator"])
    response = client.get("/cases/999999/")
    assert response.status_code == 404
    assert_portal_policy(response)
    assert 'data-testid="whoami"' in response.content.decode()


def test_the_server_error_page_is_the_portals_own_without_any_context(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/cases/"))  # Django renders 500.html with no context at all
    assert response.status_code == 500
    html = response.content.decode()
    assert "Ошибка сервера / Server error" in html
    assert "/static/css/portal.css" in html and "/static/favicon.svg" in html


def test_a_refused_form_is_the_portals_own_page_under_the_policy():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/login/", {"username": "kg_investigator", "password": "x"})
    assert response.status_code == 403
    assert_portal_policy(response)
    html = response.content.decode()
    assert "Срок действия формы истёк" in html
    assert "/static/css/portal.css" in html


def test_swagger_ui_loads_its_set_up_script_as_a_file(client, personas):
    client.force_login(personas["kg_investigator"])
    page = client.get("/api/docs/")
    assert page.status_code == 200
    assert_portal_policy(page)
    html = page.content.decode()
    assert not re.search(r"<style", html)
    scripts = re.findall(r"<script\b([^>]*)>", html)
    assert scripts and all("src=" in attrs for attrs in scripts), scripts
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()


def test_a_downloaded_file_keeps_its_stricter_policy(client, personas):
    lead = personas["kg_investigator"]
    case = make_case(lead, number="24-001-2026-000901")
    attachment = case_services.attachment_upload(
        case=case,
        actor=lead,
        upload=SimpleUploadedFile("act.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"),
    )
    client.force_login(lead)
    response = client.get(f"/cases/{case.pk}/attachments/{attachment.pk}/download/")
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


# --- The templates ---------------------------------------------------------------------------
TEMPLATE_DIRS = [ROOT / "templates", *ROOT.glob("*/templates")]
COMMENT = re.compile(r"{#.*?#}|{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.DOTALL)
REFERENCE = re.compile(r"""{%\s*(extends|include)\s+["']([^"']+)["']""")
TAG = re.compile(r"""<([a-zA-Z][\w:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>""")
ATTRIBUTE = re.compile(r"""\s([^\s=/>"']+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?""")


def _templates() -> dict[str, str]:
    found = {}
    for folder in TEMPLATE_DIRS:
        for path in sorted(folder.rglob("*.html")):
            found.setdefault(path.relative_to(folder).as_posix(), path.read_text(encoding="utf-8"))
    return found


def pdf_templates(templates: dict[str, str]) -> set[str]:
    """documents/base_pdf.html, what extends it, and what only those include."""
    references = {name: REFERENCE.findall(text) for name, text in templates.items()}
    pdf = {"documents/base_pdf.html"}
    while True:
        grown = set(pdf)
        for name, refs in references.items():
            if any(kind == "extends" and target in pdf for kind, target in refs):
                grown.add(name)
        for name in templates:
            referrers = {src for src, refs in references.items() if name in {t for _, t in refs}}
            if referrers and referrers <= grown:
                grown.add(name)
        if grown == pdf:
            return pdf
        pdf = grown


def inline_code(text: str) -> list[str]:
    """What the policy would refuse in a template: inline scripts, styles and handlers."""
    found = []
    for tag in TAG.finditer(COMMENT.sub("", text)):
        name, attrs = tag.group(1).lower(), tag.group(2)
        attributes = {
            a.group(1).lower(): (a.group(2) or "").strip("\"'") for a in ATTRIBUTE.finditer(attrs)
        }
        if name == "script" and "src" not in attributes:
            found.append(tag.group(0))
        if name == "style":
            found.append(tag.group(0))
        for attribute, value in attributes.items():
            if (
                attribute == "style"
                or re.fullmatch(r"on[a-z]+", attribute)
                or attribute.startswith("hx-on")
                or re.match(r"\s*(js|javascript):", value, re.IGNORECASE)
            ):
                found.append(f"{attribute}= in {tag.group(0)}")
    return found


def test_the_pdf_templates_are_told_apart_from_the_pages():
    templates = _templates()
    pdf = pdf_templates(templates)
    assert {
        "documents/_footnotes.html",
        "requests_mla/documents/request.html",
        "requests_mla/documents/_sections.html",
        "teams/documents/agreement.html",
    } <= pdf
    assert not {"base.html", "documents/verify.html", "core/swagger_ui.html"} & pdf


def test_no_template_served_to_browsers_holds_inline_script_or_style():
    templates = _templates()
    pdf = pdf_templates(templates)
    offenders = {
        name: found
        for name, text in templates.items()
        if name not in pdf and (found := inline_code(text))
    }
    assert not offenders


@pytest.mark.parametrize(
    "snippet",
    [
        "<script>alert(1)</script>",
        "<style>p{}</style>",
        '<div style="top: 1rem">',
        '<button onclick="go()">',
        '<select hx-on:change="go()">',
        "<div hx-vals='js:{a: 1}'>",
        '<a href="javascript:go()">',
        "{# a comment #}<script>go()</script>",
    ],
)
def test_the_scan_finds_each_kind_of_inline_code(snippet):
    assert inline_code(snippet)


def test_the_scan_lets_script_files_and_data_attributes_pass():
    assert not inline_code(
        '<script src="/static/js/countdown.js" defer></script>'
        '<span class="countdown" data-due="2026-01-01" data-days="d">'
        '<form hx-post="/x" hx-trigger="change">'
        "{# no <script> nor style= here #}{% comment %}<style>{% endcomment %}"
    )
