"""A refusal rests on the grounds of the instrument the file is founded on, no other."""

from __future__ import annotations

import pytest

from extradition.models import ExtraditionFile
from tests.conftest import api_as
from tests.extradition.conftest import kz_today
from treaties.models import RefusalGround

pytestmark = pytest.mark.django_db


def received(personas, file):
    response = api_as(personas["kz_prosecutor"]).post(
        f"/api/extraditions/{file.pk}/receive-request/",
        {"request_received_on": kz_today().isoformat()},
        format="json",
    )
    assert response.status_code == 200, response.content
    return file


def test_decide_refuses_grounds_of_an_instrument_that_is_not_the_basis(personas, file):
    received(personas, file)
    foreign = RefusalGround.objects.filter(request_kind="extradition").exclude(
        instrument__in=file.instruments.all()
    )
    own = RefusalGround.objects.filter(
        request_kind="extradition", instrument__in=file.instruments.all()
    )
    assert foreign.exists() and own.exists()
    api = api_as(personas["kz_prosecutor"])
    body = {"decision": "refused", "decision_on": kz_today().isoformat()}
    response = api.post(
        f"/api/extraditions/{file.pk}/decide/",
        {**body, "grounds": [foreign.first().pk]},
        format="json",
    )
    assert response.status_code == 400 and "grounds" in response.json()
    assert ExtraditionFile.objects.get(pk=file.pk).stage == "request_received"
    response = api.post(
        f"/api/extraditions/{file.pk}/decide/",
        {**body, "grounds": [own.first().pk]},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert ExtraditionFile.objects.get(pk=file.pk).stage == "refused"


def test_the_page_offers_only_the_grounds_of_the_legal_basis(client, personas, file):
    received(personas, file)
    client.force_login(personas["kz_prosecutor"])
    page = client.get(f"/extradition/{file.pk}/").content.decode()
    start = page.index('data-step="decide"')
    form = page[start : page.index("</form>", start)]
    for ground in RefusalGround.objects.filter(request_kind="extradition"):
        offered = f'value="{ground.pk}"' in form
        assert offered == file.instruments.filter(pk=ground.instrument_id).exists(), ground
