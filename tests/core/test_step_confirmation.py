"""A destructive step posted from a page without the confirmation flag is not taken: the
answer is the confirmation page naming the object and the consequence (the same content the
modal shows with JavaScript); with the flag the step is taken. The API is explicit and exempt."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Agency
from cases import services as case_services
from cases.models import Case, CaseLink
from cases.workflow import CASE_LINK_WORKFLOW, CASE_WORKFLOW
from extradition import services as extradition_services
from extradition.models import ExtraditionFile, StageChange
from extradition.workflow import EXTRADITION_WORKFLOW
from requests_mla import services as mla_services
from requests_mla.models import MLARequest
from requests_mla.workflow import MLA_WORKFLOW
from teams import services as team_services
from teams.models import JointTeam
from teams.workflow import TEAM_WORKFLOW
from tests.cases.conftest import make_case
from tests.conftest import api_as
from tests.extradition.conftest import open_file
from tests.requests_mla.conftest import complete_fields, complete_relations
from treaties.models import Instrument

pytestmark = pytest.mark.django_db


def detained_file(personas) -> ExtraditionFile:
    file = open_file(personas, make_case(personas["kg_investigator"], number="24-001-2026-000950"))
    return extradition_services.extradition_step(
        file=file,
        actor=personas["kz_prosecutor"],
        step="detain",
        data={
            "detention_place": "ИВС",
            "detained_at": timezone.now() - datetime.timedelta(hours=1),
            "detaining_agency": Agency.objects.get(pk=personas["kz_investigator"].agency_id),
        },
    )


def proposed_link(personas) -> CaseLink:
    kr = make_case(personas["kg_investigator"], number="24-001-2026-000951")
    kz = make_case(personas["kz_investigator"], number="261500031000951")
    return case_services.case_link_propose(
        case=kr, actor=personas["kg_investigator"], identifier=kz.reference
    )


def proposed_team(personas) -> JointTeam:
    kr = make_case(personas["kg_investigator"], number="24-001-2026-000952")
    kz = make_case(personas["kz_investigator"], number="261500031000952")
    link = case_services.case_link_propose(
        case=kr, actor=personas["kg_investigator"], identifier=kz.reference
    )
    case_services.case_link_decide(link=link, actor=personas["kz_coordinator"], accept=True)
    today = timezone.localdate()
    return team_services.team_create(
        actor=personas["kg_coordinator"],
        name="ССГ «Ош — Алматы»",
        cases=[kr, kz],
        instruments=[Instrument.objects.get(short_name="UNTOC")],
        purpose="Совместное расследование.",
        kg_leader=personas["kg_coordinator"],
        kz_leader=personas["kz_coordinator"],
        starts_on=today,
        ends_on=today + datetime.timedelta(days=180),
    )


def draft_request(personas) -> MLARequest:
    case = make_case(
        personas["kg_investigator"], number="24-001-2026-000953", victims=("Мамытова",)
    )
    return mla_services.mla_request_create(
        case=case,
        actor=personas["kg_investigator"],
        fields=complete_fields(personas),
        relations=complete_relations(case),
    )


def scenario(kind: str, personas):
    """(actor, object, its page's step URL, the post, the object's state reader, consequence)."""
    if kind in ("extradition-release", "extradition-close"):
        file = detained_file(personas)
        name = kind.split("-")[1]
        data = {"release_reason": "Истёк срок"} if name == "release" else {"note": "Отказ"}
        return (
            personas["kz_prosecutor"],
            file,
            reverse("extradition:step", args=[file.pk, name]),
            data,
            lambda: ExtraditionFile.objects.get(pk=file.pk).stage,
            EXTRADITION_WORKFLOW[name],
        )
    if kind in ("case-suspend", "case-close"):
        case = make_case(personas["kg_investigator"], number="24-001-2026-000954")
        name = kind.split("-")[1]
        target = CASE_WORKFLOW[name].target
        return (
            personas["kg_investigator"],
            case,
            reverse("cases:status", args=[case.pk]),
            {"status": target, "reason": "Основание"},
            lambda: Case.objects.get(pk=case.pk).status,
            CASE_WORKFLOW[name],
        )
    if kind in ("link-decline", "link-withdraw"):
        link = proposed_link(personas)
        if kind == "link-decline":
            return (
                personas["kz_coordinator"],
                link,
                reverse("cases:link_decide", args=[link.target_id, link.pk]),
                {"decision": "decline", "note": "Не то дело"},
                lambda: CaseLink.objects.get(pk=link.pk).status,
                CASE_LINK_WORKFLOW["decline"],
            )
        return (
            personas["kg_investigator"],
            link,
            reverse("cases:link_withdraw", args=[link.source_id, link.pk]),
            {},
            lambda: CaseLink.objects.get(pk=link.pk).status,
            CASE_LINK_WORKFLOW["withdraw"],
        )
    if kind == "team-close":
        team = proposed_team(personas)
        return (
            personas["kg_coordinator"],
            team,
            reverse("teams:step", args=[team.pk, "close"]),
            {"note": "Цели достигнуты"},
            lambda: JointTeam.objects.get(pk=team.pk).status,
            TEAM_WORKFLOW["close"],
        )
    assert kind == "mla-withdraw"
    mla = draft_request(personas)
    return (
        personas["kg_investigator"],
        mla,
        reverse("requests_mla:transition", args=[mla.pk, "withdraw"]),
        {"reason": "Запрос больше не нужен"},
        lambda: MLARequest.objects.get(pk=mla.pk).status,
        MLA_WORKFLOW["withdraw"],
    )


KINDS = [
    "extradition-release",
    "extradition-close",
    "case-suspend",
    "case-close",
    "link-decline",
    "link-withdraw",
    "team-close",
    "mla-withdraw",
]


@pytest.mark.parametrize("kind", KINDS)
def test_a_destructive_step_is_taken_only_once_confirmed(client, personas, kind):
    actor, obj, url, data, state, transition = scenario(kind, personas)
    before = state()
    client.force_login(actor)
    response = client.post(url, data)
    # Without the flag: the confirmation page, and nothing changed.
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="confirm-page"' in page
    with translation.override("ru"):
        assert str(transition.confirm) in page
        assert str(transition.button) in page
    assert str(getattr(obj, "reference", None) or obj) in page
    assert 'name="confirmed" value="1"' in page
    for value in data.values():
        assert value in page  # the values typed (the reason) come back to be confirmed
    assert state() == before
    # With the flag: the step is taken.
    response = client.post(url, {**data, "confirmed": "1"})
    assert response.status_code == 302
    assert state() != before


def test_the_confirmation_page_is_not_shown_for_a_step_the_person_may_not_take(client, personas):
    file = detained_file(personas)
    client.force_login(personas["kg_prosecutor"])  # the requesting side: release is not theirs
    response = client.post(reverse("extradition:step", args=[file.pk, "release"]), {})
    assert response.status_code == 403
    assert ExtraditionFile.objects.get(pk=file.pk).stage == "detained"


def test_a_confirmed_step_still_wants_its_reason(client, personas):
    file = detained_file(personas)
    client.force_login(personas["kz_prosecutor"])
    url = reverse("extradition:step", args=[file.pk, "close"])
    response = client.post(url, {"note": "", "confirmed": "1"}, follow=True)
    assert ExtraditionFile.objects.get(pk=file.pk).stage == "detained"
    assert not StageChange.objects.filter(file=file, to_stage="closed").exists()
    label = EXTRADITION_WORKFLOW.field_labels("close")["note"]
    with translation.override("ru"):
        assert f"Укажите: {label}." in response.content.decode()


def test_the_api_takes_a_destructive_step_without_the_page_flag(personas):
    file = detained_file(personas)
    response = api_as(personas["kz_prosecutor"]).post(
        f"/api/extraditions/{file.pk}/release/",
        {"release_reason": "Истёк срок"},
        format="json",
    )
    assert response.status_code in (200, 201), response.content
    assert ExtraditionFile.objects.get(pk=file.pk).stage == "released"


def test_every_destructive_step_names_its_consequence():
    for workflow, names in [
        (EXTRADITION_WORKFLOW, ["decide", "appeal_decided", "surrender", "release", "close"]),
        (CASE_WORKFLOW, ["suspend", "close"]),
        (CASE_LINK_WORKFLOW, ["decline", "withdraw"]),
        (TEAM_WORKFLOW, ["close"]),
        (MLA_WORKFLOW, ["return", "refuse", "withdraw"]),
    ]:
        for name in names:
            assert workflow[name].confirm, (workflow.model.__name__, name)
