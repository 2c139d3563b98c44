"""Request pages: drafting with the formset, editing, lists and their query budget."""

from __future__ import annotations

import pytest

from requests_mla import services
from requests_mla.models import MLARequest
from tests.requests_mla.conftest import chisinau, complete_fields, complete_relations

pytestmark = pytest.mark.django_db


def _post_data(personas, case, **extra):
    victim = case.participants.filter(role="victim").first()
    return {
        "case": case.pk,
        "request_type": "formal_mla",
        "requesting_agency": personas["kg_investigator"].agency_id,
        "requested_agency": personas["kz_prosecutor"].agency_id,
        "instruments": [chisinau().pk],
        "articles": [q.article_id for q in case.qualifications.all()],
        "qualification_text": "Статья 166.",
        "facts": "Фабула.",
        "purpose": "Цель.",
        "representatives": "Нет.",
        "confidentiality": "required",
        "language": "ru",
        "actions-TOTAL_FORMS": "2",
        "actions-INITIAL_FORMS": "0",
        "actions-MIN_NUM_FORMS": "0",
        "actions-MAX_NUM_FORMS": "30",
        "actions-0-kind": "interrogation",
        "actions-0-details": "Допросить.",
        "actions-0-persons": [victim.pk],
        **extra,
    }


def test_choose_a_case_then_draft(client, personas, kr_case):
    client.force_login(personas["kg_investigator"])
    chooser = client.get("/requests/new/").content.decode()
    assert kr_case.reference in chooser
    form = client.get(f"/requests/new/?case={kr_case.pk}")
    assert form.status_code == 200
    initial = form.context["form"].initial
    assert initial["requesting_agency"] == kr_case.owning_agency_id
    assert initial["instruments"]  # the applicable bases are proposed
    response = client.post("/requests/new/", _post_data(personas, kr_case))
    assert response.status_code == 302, response.context["form"].errors
    mla = MLARequest.objects.get()
    assert response["Location"] == f"/requests/{mla.pk}/"
    assert mla.actions.get().links.get().participant.role == "victim"


@pytest.mark.parametrize(
    ("extra", "where"),
    [
        ({"requested_agency": ""}, "requested_agency"),
        ({"execution_requested_by": "2000-01-01"}, "execution_requested_by"),
        ({"urgent": "on"}, "urgency_reason"),
        ({"actions-0-kind": ""}, "kind"),
        ({"instruments": []}, "instruments"),
    ],
)
def test_bad_draft_input_is_shown_and_nothing_saved(client, personas, kr_case, extra, where):
    client.force_login(personas["kg_investigator"])
    response = client.post("/requests/new/", _post_data(personas, kr_case, **extra))
    assert response.status_code == 200
    errors = {**response.context["form"].errors}
    for action_form in response.context["formset"].forms:
        errors.update(action_form.errors)
    assert where in errors
    assert not MLARequest.objects.exists()


def test_someone_else_cannot_draft_on_a_case_they_cannot_change(client, personas, kr_case):
    client.force_login(personas["kz_investigator"])
    assert client.get(f"/requests/new/?case={kr_case.pk}").status_code == 404
    assert client.post("/requests/new/", _post_data(personas, kr_case)).status_code == 404


def test_edit_refuses_a_stale_version_and_keeps_the_typing(client, personas, draft):
    client.force_login(personas["kg_investigator"])
    data = _post_data(personas, draft.case, version=draft.version, facts="Правка 1")
    assert client.post(f"/requests/{draft.pk}/edit/", data).status_code == 302
    stale = client.post(f"/requests/{draft.pk}/edit/", {**data, "facts": "Правка 2"})
    assert stale.status_code == 200
    assert "Правка 2" in stale.content.decode()
    assert MLARequest.objects.get(pk=draft.pk).facts == "Правка 1"


def test_transition_buttons_are_only_those_the_user_may_press(client, personas, draft):
    client.force_login(personas["kg_investigator"])
    page = client.get(f"/requests/{draft.pk}/").content.decode()
    assert 'data-step="submit"' in page and 'data-step="approve"' not in page
    services.mla_request_submit(request=draft, actor=personas["kg_investigator"])
    client.force_login(personas["kg_prosecutor"])
    page = client.get(f"/requests/{draft.pk}/").content.decode()
    assert 'data-step="approve"' in page and 'data-step="return"' in page
    assert 'data-step="submit"' not in page


def test_a_step_through_the_page_and_a_refused_one(client, personas, draft):
    client.force_login(personas["kg_investigator"])
    client.post(f"/requests/{draft.pk}/steps/submit/")
    assert MLARequest.objects.get(pk=draft.pk).status == "submitted"
    response = client.post(f"/requests/{draft.pk}/steps/submit/", follow=True)
    assert "alert-danger" in response.content.decode()
    assert client.post(f"/requests/{draft.pk}/steps/approve/").status_code == 403


def test_request_list_queries_do_not_grow(client, personas, kr_case, django_assert_max_num_queries):
    client.force_login(personas["kg_investigator"])

    def make(n):
        for _ in range(n):
            services.mla_request_create(
                case=kr_case,
                actor=personas["kg_investigator"],
                fields=complete_fields(personas),
                relations=complete_relations(kr_case),
            )

    make(3)
    with django_assert_max_num_queries(20) as small:
        client.get("/requests/")
    make(20)
    with django_assert_max_num_queries(20) as large:
        client.get("/requests/")
    assert len(large) == len(small)


def test_incoming_and_outgoing_tabs(client, personas, draft):
    from tests.requests_mla.test_documents import send

    send(personas, draft)
    client.force_login(personas["kz_prosecutor"])
    assert draft.reference in client.get("/requests/?direction=incoming").content.decode()
    assert draft.reference not in client.get("/requests/?direction=outgoing").content.decode()
    client.force_login(personas["kg_investigator"])
    assert draft.reference in client.get("/requests/").content.decode()
