"""A party's signature, ratification, deposit and entry into force: shown and edited, each
date with its own source and mark, every change audited."""

from __future__ import annotations

import datetime
import re

import pytest

from audit.models import AuditAction, AuditEvent
from treaties.models import Instrument, InstrumentParty

pytestmark = pytest.mark.django_db


def party(key: str, country: str) -> InstrumentParty:
    return InstrumentParty.objects.get(instrument__short_name=key, country=country)


def cell(page: str, country: str, fact: str) -> str:
    row = re.search(rf'<tr data-party="{country}">(.*?)</tr>', page, re.S)
    assert row, country
    found = re.search(rf'<td data-fact="{fact}">(.*?)</td>', row.group(1), re.S)
    assert found, fact
    return found.group(1)


def test_page_shows_the_four_dates_of_each_party_with_source_and_mark(client, personas):
    client.force_login(personas["kz_investigator"])
    chisinau = Instrument.objects.get(short_name="Chisinau Convention")
    page = client.get(f"/registry/{chisinau.pk}/").content.decode()

    ratified = cell(page, "KG", "ratified")
    assert "19.03.2004" in ratified and "Закон КР от 19 марта 2004 г. № 29" in ratified
    assert "text-bg-warning" in ratified  # L: likely
    deposited = cell(page, "KG", "deposited")
    assert "02.09.2004" in deposited
    assert "Z040000531_" in deposited  # its own source
    assert "text-bg-warning" in deposited
    in_force = cell(page, "KG", "in_force")
    assert "—" in in_force and "text-bg-danger" in in_force  # not recorded: to be confirmed
    assert "подтвердить" in in_force
    assert "—" in cell(page, "KG", "signed")

    kz_ratified = cell(page, "KZ", "ratified")
    assert "10.03.2004" in kz_ratified and "№ 531" in kz_ratified
    assert "text-bg-success" in kz_ratified  # V: the law itself
    assert "29.03.2004" in cell(page, "KZ", "deposited")


def test_page_shows_adoption_apart_from_signature(client, personas):
    client.force_login(personas["kg_investigator"])
    untoc = Instrument.objects.get(short_name="UNTOC")
    page = client.get(f"/registry/{untoc.pk}/").content.decode()
    adopted = re.search(r'data-testid="adopted">(.*?)</dd>', page, re.S).group(1)
    signed = re.search(r'data-testid="signed">(.*?)</dd>', page, re.S).group(1)
    assert "Нью-Йорк" in adopted and "15.11.2000" in adopted
    assert "Палермо" in signed and "12.12.2000" in signed
    kz_signed = cell(page, "KZ", "signed")
    assert "13.12.2000" in kz_signed and "text-bg-warning" in kz_signed
    assert "04.06.2008" in cell(page, "KZ", "ratified")


def test_page_shows_channel_authorities_and_the_amending_protocol(client, personas):
    client.force_login(personas["kg_prosecutor"])
    treaty = Instrument.objects.get(short_name="KR–KZ MLA Treaty")
    page = client.get(f"/registry/{treaty.pk}/").content.decode()
    assert "через назначенные компетентные учреждения" in page
    assert "Генеральная прокуратура Кыргызской Республики" in page
    assert "Генеральная прокуратура Республики Казахстан" in page
    amended_by = re.search(r'data-testid="amended-by">(.*?)</dd>', page, re.S).group(1)
    assert "Протокол 2022 г." in amended_by and "26.05.2022" in amended_by

    protocol = Instrument.objects.get(short_name="KR–KZ MLA Protocol 2022")
    page = client.get(f"/registry/{protocol.pk}/").content.decode()
    assert treaty.name_ru in re.search(r'data-testid="amends">(.*?)</dd>', page, re.S).group(1)
    assert "12.05.2023" in cell(page, "KZ", "ratified")


def test_minsk_page_shows_it_as_history_between_kr_and_kz(client, personas):
    client.force_login(personas["kg_prosecutor"])
    minsk = Instrument.objects.get(short_name="Minsk Convention")
    page = client.get(f"/registry/{minsk.pk}/").content.decode()
    history = re.search(r'data-testid="history">(.*?)</div>', page, re.S).group(1)
    assert "Кишинёвская конвенция" in history
    assert "120" in history and "3" in history
    assert "Кишинёвская конвенция, ст. 120(3)" in history  # the provision's source
    assert "text-bg-warning" in history  # and its mark (L)
    chisinau = Instrument.objects.get(short_name="Chisinau Convention")
    page = client.get(f"/registry/{chisinau.pk}/").content.decode()
    assert 'data-testid="history"' not in page


def edit_data(client, url: str, **changes) -> dict:
    form = client.get(url).context["form"]
    data = {}
    for name in form.fields:
        value = form.initial.get(name)
        if value is None:
            continue
        data[name] = value.isoformat() if isinstance(value, datetime.date) else value
    data.update(changes)
    return data


def test_admin_sets_a_deposit_date_with_its_source_and_mark_audited(client, personas):
    admin = personas["registry_admin"]
    client.force_login(admin)
    kg = party("Chisinau Convention", "KG")
    url = f"/registry/party/{kg.pk}/edit/"
    data = edit_data(
        client,
        url,
        deposited_on="2004-09-03",
        deposited_source="Исполнительный комитет СНГ, письмо депозитария",
        deposited_confidence="V",
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    kg.refresh_from_db()
    assert kg.deposited_on == datetime.date(2004, 9, 3)
    assert kg.deposited_source == "Исполнительный комитет СНГ, письмо депозитария"
    assert kg.deposited_confidence == "V"
    event = AuditEvent.objects.for_object(kg).get()
    assert event.action == AuditAction.UPDATE and event.actor == admin
    assert set(event.changes) == {"deposited_on", "deposited_source", "deposited_confidence"}
    assert event.changes["deposited_confidence"] == ["L", "V"]
    assert "2004-09-02" in str(event.changes["deposited_on"][0])
    assert "2004-09-03" in str(event.changes["deposited_on"][1])


def test_a_date_without_its_mark_is_refused(client, personas):
    client.force_login(personas["registry_admin"])
    kg = party("Chisinau Convention", "KG")
    url = f"/registry/party/{kg.pk}/edit/"
    response = client.post(url, edit_data(client, url, signed_on="2002-10-07"))
    assert response.status_code == 200
    assert "signed_confidence" in response.context["form"].errors
    kg.refresh_from_db()
    assert kg.signed_on is None
    assert not AuditEvent.objects.for_object(kg).exists()


def test_a_deposit_before_the_ratification_is_refused(client, personas):
    client.force_login(personas["registry_admin"])
    kz = party("Chisinau Convention", "KZ")
    url = f"/registry/party/{kz.pk}/edit/"
    response = client.post(url, edit_data(client, url, deposited_on="2004-03-01"))
    assert response.status_code == 200
    assert "deposited_on" in response.context["form"].errors
    kz.refresh_from_db()
    assert kz.deposited_on == datetime.date(2004, 3, 29)


def test_other_roles_cannot_edit_a_party(client, personas):
    client.force_login(personas["kz_prosecutor"])
    kg = party("Chisinau Convention", "KG")
    response = client.post(f"/registry/party/{kg.pk}/edit/", {"deposited_on": "2000-01-01"})
    assert response.status_code == 403
    kg.refresh_from_db()
    assert kg.deposited_on == datetime.date(2004, 9, 2)


def test_api_exposes_each_date_with_its_source_and_mark(personas):
    from tests.conftest import api_as

    kg = party("Chisinau Convention", "KG")
    body = api_as(personas["kg_investigator"]).get(f"/api/treaties/{kg.instrument_id}/").json()
    row = next(p for p in body["parties"] if p["country"] == "KG")
    assert row["deposited_on"] == "2004-09-02"
    assert row["deposited_confidence"] == "L"
    assert row["ratified_on"] == "2004-03-19"
    assert row["in_force_since"] is None and row["in_force_confidence"] == "U"
    assert body["name_ru"] == "Кишинёвская конвенция"
