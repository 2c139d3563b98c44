"""The one visibility rule: who sees which case, in every place a case can surface."""

from __future__ import annotations

import pytest

from cases import services
from cases.models import Case
from tests.conftest import api_as

pytestmark = pytest.mark.django_db


def _sees(client, case) -> dict[str, bool]:
    """Every place the case could leak, as seen by the signed-in client."""
    html = client.get("/cases/").content.decode()
    searched = client.get("/cases/", {"q": case.reference}).content.decode()
    by_number = client.get("/cases/", {"q": case.national_number}).content.decode()
    by_suspect = client.get(
        "/cases/", {"q": "Абдрахманов", "country": case.country}
    ).content.decode()
    export = b"".join(client.get("/cases/export.csv").streaming_content).decode("utf-8-sig")
    api = client.get("/api/cases/", {"page_size": 100}, HTTP_ACCEPT="application/json").json()
    link = f'href="/cases/{case.pk}/"'  # the search box echoes the query: look for the row
    return {
        "detail": client.get(f"/cases/{case.pk}/").status_code == 200,
        "list": link in html,
        "search": link in searched,
        "search_number": link in by_number,
        "search_participant": link in by_suspect,
        "export": case.reference in export,
        "api_list": any(c["reference"] == case.reference for c in api["results"]),
        "api_detail": client.get(f"/api/cases/{case.pk}/").status_code == 200,
    }


def test_kz_investigator_sees_a_kr_case_only_while_it_is_shared(client, personas, kg_case):
    kz = personas["kz_investigator"]
    client.force_login(kz)
    assert client.get(f"/cases/{kg_case.pk}/").status_code == 404
    assert client.get(f"/api/cases/{kg_case.pk}/").status_code == 404
    assert not any(_sees(client, kg_case).values())
    # The count of the list does not betray the case either.
    client.cookies["django_language"] = "en"
    assert "Cases found: 0" in client.get("/cases/").content.decode()
    assert client.get("/api/cases/").json()["results"] == []

    services.case_grant(case=kg_case, actor=personas["kg_coordinator"], user=kz, levels=["view"])
    assert all(_sees(client, kg_case).values())

    services.case_revoke(case=kg_case, actor=personas["kg_coordinator"], user=kz)
    assert not any(_sees(client, kg_case).values())
    assert client.get(f"/cases/{kg_case.pk}/?tab=participants").status_code == 404


def test_an_agency_grant_reaches_its_officers_with_a_case_role_only(client, personas, kg_case):
    kz_agency = personas["kz_investigator"].agency
    services.case_grant(
        case=kg_case, actor=personas["kg_coordinator"], agency=kz_agency, levels=["view"]
    )
    assert Case.objects.visible_to(personas["kz_investigator"]).filter(pk=kg_case.pk).exists()
    assert Case.objects.visible_to(personas["kz_coordinator"]).filter(pk=kg_case.pk).exists()
    assert not Case.objects.visible_to(personas["kz_prosecutor"]).filter(pk=kg_case.pk).exists()


EXPECTED = {
    # persona: (view, change, view_protected, share) on the KR case led by kg_investigator
    "kg_investigator": (True, True, True, False),
    "kg_coordinator": (True, True, True, True),
    "kg_prosecutor": (False, False, False, False),  # another agency (the prosecutor's office)
    "kz_investigator": (False, False, False, False),
    "kz_coordinator": (False, False, False, False),
    "kz_prosecutor": (False, False, False, False),
    "registry_admin": (False, False, False, False),
    "auditor": (False, False, False, False),
    "outsider": (False, False, False, False),
}


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_each_role_and_country_gets_exactly_its_access(personas, kg_case, persona):
    user = personas[persona]
    got = tuple(
        Case.objects.visible_to(user, action).filter(pk=kg_case.pk).exists()
        for action in ("view", "change", "view_protected", "share")
    )
    assert got == EXPECTED[persona]
    annotated = Case.objects.filter(pk=kg_case.pk).with_access(user).get()
    assert (annotated.can_change, annotated.can_view_protected, annotated.can_share) == got[1:]


def test_same_agency_investigator_sees_but_does_not_change_or_see_victims(personas, kg_case):
    from tests.factories import UserFactory

    colleague = UserFactory(agency=personas["kg_investigator"].agency, roles=["investigator"])
    assert Case.objects.visible_to(colleague).filter(pk=kg_case.pk).exists()
    assert not Case.objects.visible_to(colleague, "change").filter(pk=kg_case.pk).exists()
    assert not Case.objects.visible_to(colleague, "view_protected").filter(pk=kg_case.pk).exists()
    kg_case.investigators.add(colleague)
    assert Case.objects.visible_to(colleague, "view_protected").filter(pk=kg_case.pk).exists()


def test_prosecutor_of_the_owning_agency_sees_victims(personas, kg_case):
    from tests.factories import UserFactory

    supervising = UserFactory(agency=personas["kg_investigator"].agency, roles=["prosecutor"])
    assert Case.objects.visible_to(supervising, "view_protected").filter(pk=kg_case.pk).exists()
    assert not Case.objects.visible_to(supervising, "change").filter(pk=kg_case.pk).exists()


def test_grant_levels(personas, kg_case):
    kz = personas["kz_investigator"]
    coordinator = personas["kg_coordinator"]
    services.case_grant(case=kg_case, actor=coordinator, user=kz, levels=["change"])
    assert Case.objects.visible_to(kz, "change").filter(pk=kg_case.pk).exists()
    assert not Case.objects.visible_to(kz, "view_protected").filter(pk=kg_case.pk).exists()
    services.case_grant(case=kg_case, actor=coordinator, user=kz, levels=["view_protected"])
    assert Case.objects.visible_to(kz, "view_protected").filter(pk=kg_case.pk).exists()
    assert not Case.objects.visible_to(kz, "change").filter(pk=kg_case.pk).exists()


def test_only_the_owning_coordinator_shares(personas, kg_case):
    from django.core.exceptions import PermissionDenied

    for persona in ("kg_investigator", "kz_coordinator", "kg_prosecutor"):
        with pytest.raises(PermissionDenied):
            services.case_grant(
                case=kg_case,
                actor=personas[persona],
                user=personas["kz_investigator"],
                levels=["view"],
            )


def test_sharing_page_and_api_are_for_the_coordinator(client, personas, kg_case):
    client.force_login(personas["kg_investigator"])
    response = client.post(
        f"/cases/{kg_case.pk}/sharing/",
        {"user": personas["kz_investigator"].pk, "levels": ["view"]},
    )
    assert response.status_code == 403
    api = api_as(personas["kg_investigator"])
    assert api.get(f"/api/cases/{kg_case.pk}/grants/").status_code == 403
    client.force_login(personas["kg_coordinator"])
    response = client.post(
        f"/cases/{kg_case.pk}/sharing/",
        {"user": personas["kz_investigator"].pk, "levels": ["view"]},
    )
    assert response.status_code == 302
    assert Case.objects.visible_to(personas["kz_investigator"]).filter(pk=kg_case.pk).exists()
    grants = api_as(personas["kg_coordinator"]).get(f"/api/cases/{kg_case.pk}/grants/").json()
    assert grants == [
        {
            "kind": "user",
            "id": personas["kz_investigator"].pk,
            "label": "Тестов kz_investigator",
            "levels": ["view"],
        }
    ]
    revoke = api_as(personas["kg_coordinator"]).delete(
        f"/api/cases/{kg_case.pk}/grants/user/{personas['kz_investigator'].pk}/"
    )
    assert revoke.status_code == 204
    assert not Case.objects.visible_to(personas["kz_investigator"]).filter(pk=kg_case.pk).exists()


def _select(html: str, name: str) -> str:
    start = html.index(f'id="id_{name}"')
    return html[start : html.index("</select>", start)]


def test_filter_choices_do_not_list_leads_of_invisible_cases(client, personas, kg_case, kz_case):
    client.force_login(personas["kz_investigator"])
    own, foreign = personas["kz_investigator"], personas["kg_investigator"]
    # The page carries "all" and asks for the officers when the user reaches for them.
    page = client.get("/cases/").content.decode()
    assert 'hx-get="/cases/filter-options/lead_investigator/"' in _select(page, "lead_investigator")
    options = client.get("/cases/filter-options/lead_investigator/")
    assert options.status_code == 200
    select = _select(options.content.decode(), "lead_investigator")
    assert f'value="{own.pk}"' in select
    assert f'value="{foreign.pk}"' not in select
    assert "kg_investigator" not in select
    # A foreign lead asked for by id is neither listed nor marked.
    chosen = client.get(
        "/cases/filter-options/lead_investigator/", {"lead_investigator": foreign.pk}
    )
    assert chosen.status_code == 200
    assert f'value="{foreign.pk}"' not in chosen.content.decode()
    assert "selected" not in chosen.content.decode()
    # Whatever is asked: a drop-down with nothing marked, or 404 for what is not one.
    for name, value in (("article", "1' OR '1'='1"), ("exploitation_form", "-1"), ("q", "x")):
        answer = client.get(f"/cases/filter-options/{name}/", {name: value})
        assert answer.status_code == (404 if name == "q" else 200)
        assert "selected" not in answer.content.decode()


def test_a_lead_is_checked_against_the_visible_leads_built_only_when_needed(
    client, personas, kg_case, kz_case, monkeypatch
):
    from cases import filters

    built = []

    def visible_leads(user):
        built.append(user)
        return real(user)

    real = filters.visible_leads
    monkeypatch.setattr(filters, "visible_leads", visible_leads)
    api = api_as(personas["kz_investigator"])
    own, foreign = personas["kz_investigator"], personas["kg_investigator"]
    listed = api.get("/api/cases/", {"lead_investigator": own.pk})
    assert listed.status_code == 200
    assert [row["id"] for row in listed.json()["results"]] == [kz_case.pk]
    # The lead of a case this officer may not see is not a choice: a field error, not a list.
    refused = api.get("/api/cases/", {"lead_investigator": foreign.pk})
    assert refused.status_code == 400 and "lead_investigator" in refused.json()
    assert len(built) == 2
    # A list not filtered by lead does not build the leads' query (the rule's terms, each a
    # subquery: a tenth of the API list's time); the page's drop-down builds it once.
    assert api.get("/api/cases/").status_code == 200
    assert len(built) == 2
    client.force_login(own)
    page = client.get("/cases/", {"lead_investigator": own.pk})
    assert (
        page.status_code == 200 and f'<option value="{own.pk}" selected>' in page.content.decode()
    )
    assert len(built) == 3


def test_children_of_an_invisible_case_are_404(client, personas, kg_case):
    from django.core.files.base import ContentFile

    from cases import services

    attachment = services.attachment_upload(
        case=kg_case,
        actor=personas["kg_investigator"],
        upload=ContentFile(b"%PDF-1.4 protocol", name="protocol.pdf"),
    )
    attachment_id = attachment.pk
    # Positive control: the same URLs answer for the case's own investigator.
    client.force_login(personas["kg_investigator"])
    assert (
        client.get(f"/cases/{kg_case.pk}/attachments/{attachment_id}/download/").status_code == 200
    )
    assert client.get(f"/api/cases/{kg_case.pk}/attachments/").status_code == 200
    client.force_login(personas["kz_investigator"])
    for url in (
        f"/cases/{kg_case.pk}/edit/",
        f"/cases/{kg_case.pk}/participants/new/",
        f"/cases/{kg_case.pk}/attachments/{attachment_id}/download/",
        f"/api/cases/{kg_case.pk}/participants/",
        f"/api/cases/{kg_case.pk}/attachments/",
        f"/api/cases/{kg_case.pk}/links/",
        f"/api/cases/{kg_case.pk}/grants/",
    ):
        assert client.get(url).status_code == 404, url


def test_filter_choices_are_labelled_in_full_from_one_read_each(client, personas, kg_case):
    """The drop-downs read only their labels' columns: each label is whole, and no option loads
    a column of its own (a query per option)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cases.models import Case
    from treaties.models import ExploitationForm

    lead = personas["kg_investigator"]
    lead.patronymic = "Асанович"
    lead.save(update_fields=["patronymic"])
    article = Case.objects.get(pk=kg_case.pk).qualifications.get().article
    form = ExploitationForm.objects.get(code="sexual-exploitation")
    client.force_login(personas["kg_coordinator"])
    client.get("/cases/")  # warm: sessions, caches

    def choice_reads(queries) -> list[str]:
        tables = ('FROM "accounts_user"', "criminalarticle", "exploitationform")
        return [q["sql"] for q in queries.captured_queries if any(t in q["sql"] for t in tables)]

    with CaptureQueriesContext(connection) as queries:
        assert client.get("/cases/").status_code == 200
    # The signed-in user; the articles (with their codes) and forms the rows name, in one
    # statement. No drop-down's choices: each is read when the user reaches for it.
    assert len(choice_reads(queries)) == 2, [sql[:150] for sql in choice_reads(queries)]
    for name, option in (
        ("lead_investigator", f">{lead.display_name}</option>"),
        ("article", f">{article.citation} — {article.title}</option>"),
        ("exploitation_form", f">{form.name}</option>"),
    ):
        with CaptureQueriesContext(connection) as queries:
            html = client.get(f"/cases/filter-options/{name}/").content.decode()
        assert option in _select(html, name)
        reads = choice_reads(queries)
        assert len(reads) == 2, [sql[:150] for sql in reads]  # the signed-in user, the choices
        assert "password" not in reads[1], "a lead's row read in full"
    assert "Асанович" in lead.display_name
    assert article.code.shown_short_name in article.citation
