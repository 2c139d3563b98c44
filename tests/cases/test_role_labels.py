"""A participant's role agrees with the person's sex, on pages and in documents."""

from __future__ import annotations

import pytest
from django.utils import translation

from cases.choices import ParticipantRole
from cases.presenters import present_participants
from tests.cases.conftest import make_case

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "sex", "russian"),
    [
        ("victim", "female", "потерпевшая"),
        ("victim", "male", "потерпевший"),
        ("suspect", "female", "подозреваемая"),
        ("accused", "female", "обвиняемая"),
        ("accused", "male", "обвиняемый"),
        ("legal_representative", "female", "законный представитель"),
    ],
)
def test_the_role_agrees_with_the_sex_in_russian(role, sex, russian):
    with translation.override("ru"):
        assert ParticipantRole(role).label_for(sex) == russian
    with translation.override("en"):
        assert ParticipantRole(role).label_for(sex) == str(ParticipantRole(role).label)


def test_an_unknown_sex_keeps_the_generic_role():
    with translation.override("ru"):
        assert ParticipantRole.VICTIM.label_for("unknown") == str(ParticipantRole.VICTIM.label)


def test_pages_show_the_agreeing_role_and_keep_a_hidden_victim_generic(personas):
    case = make_case(personas["kg_investigator"], number="24-001-2026-000777")
    victim = case.participants.get(role="victim")
    victim.person.sex = "female"
    victim.person.save(update_fields=["sex"])
    with translation.override("ru"):
        shown = present_participants(
            [victim], user=personas["kg_investigator"], can_view_protected=True, where="test"
        )[0]
        hidden = present_participants(
            [victim], user=personas["kz_investigator"], can_view_protected=False, where="test"
        )[0]
        assert shown.role_label == "потерпевшая"
        assert hidden.role_label == str(ParticipantRole.VICTIM.label)
