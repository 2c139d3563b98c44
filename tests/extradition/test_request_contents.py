"""What an extradition request must contain comes from the instruments that govern the two
states on the date of the request — between KR and KZ the Chisinau Convention, not Minsk."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.exceptions import ValidationError

from cases.models import Participant
from extradition import legal_basis, services
from extradition.models import ExtraditionFile
from tests.extradition.conftest import kg_166, kz_128
from treaties.models import Instrument

pytestmark = pytest.mark.django_db


def codes_by_instrument(checklist) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for item in checklist.items:
        found.setdefault(item.element.instrument.short_name, set()).add(item.element.code)
    return found


def test_checklist_uses_the_governing_instruments_elements_not_minsks(file):
    checklist = legal_basis.evaluate(file)
    found = codes_by_instrument(checklist)
    assert set(found) == {"Chisinau Convention"}
    assert "criminal-law-article-text" in found["Chisinau Convention"]
    assert all(item.element.confidence == "U" for item in checklist.items)
    assert all(item.citation.startswith("Кишинёвская конвенция, ") for item in checklist.items)


def test_on_a_date_when_chisinau_did_not_bind_both_minsks_elements_apply(file):
    # Kyrgyzstan deposited its instrument on 02.09.2004: before that, Minsk governed.
    ExtraditionFile.objects.filter(pk=file.pk).update(request_received_on=datetime.date(2004, 6, 1))
    file.refresh_from_db()
    assert set(codes_by_instrument(legal_basis.evaluate(file))) == {"Minsk Convention"}
    ExtraditionFile.objects.filter(pk=file.pk).update(request_received_on=datetime.date(2004, 9, 2))
    file.refresh_from_db()
    assert set(codes_by_instrument(legal_basis.evaluate(file))) == {"Chisinau Convention"}


def test_the_person_is_checked_against_the_file(file):
    def identity():
        checklist = legal_basis.evaluate(file)
        return next(i for i in checklist.items if i.element.code == "wanted-person-identity")

    item = identity()
    assert not item.satisfied and not item.manual
    assert "дата рождения" in item.missing
    person = file.person.person
    person.birth_date = datetime.date(1990, 1, 2)
    person.save(update_fields=["birth_date"])
    ExtraditionFile.objects.filter(pk=file.pk).update(located_place="г. Алматы")
    file.refresh_from_db()
    assert identity().satisfied
    damage = next(i for i in legal_basis.evaluate(file).items if i.element.code == "damage")
    assert damage.manual and not damage.satisfied


def test_page_lists_the_request_contents_with_article_and_mark(client, personas, file):
    client.force_login(personas["kg_prosecutor"])
    page = client.get(f"/extradition/{file.pk}/").content.decode()
    block = re.search(r'data-testid="request-contents">(.*?)</ul>', page, re.S).group(1)
    assert "Кишинёвская конвенция" in block
    assert "Минская конвенция" not in block
    assert 'data-element="custody-decision"' in block
    assert "text-bg-danger" in block  # the elements are marked "to be confirmed"
    assert 'data-testid="not-governing"' not in page


def test_a_basis_that_does_not_govern_the_two_states_is_refused(personas, kr_case):
    minsk = Instrument.objects.get(short_name="Minsk Convention")
    with pytest.raises(ValidationError) as refused:
        services.extradition_file_open(
            actor=personas["kg_investigator"],
            case=kr_case,
            person=Participant.objects.get(case=kr_case, role="suspect"),
            requested_state="KZ",
            purpose="prosecution",
            requesting_articles=[kg_166()],
            requested_articles=[kz_128()],
            instruments=[minsk],
        )
    assert "instruments" in refused.value.message_dict
    assert minsk.name_ru in refused.value.message_dict["instruments"][0]
    assert not ExtraditionFile.objects.filter(case=kr_case).exists()


def test_new_file_proposes_the_governing_bases(client, personas, kr_case):
    client.force_login(personas["kg_investigator"])
    response = client.get("/extradition/new/", {"case": kr_case.pk})
    proposed = response.context["form"].initial["instruments"]
    keys = list(Instrument.objects.filter(pk__in=proposed).values_list("short_name", flat=True))
    assert sorted(keys) == ["Chisinau Convention", "KR–KZ Extradition Agreement"]
    assert [i.short_name for i in legal_basis.proposed_bases("KG", "KZ")] == [
        "KR–KZ Extradition Agreement",
        "Chisinau Convention",
    ]
