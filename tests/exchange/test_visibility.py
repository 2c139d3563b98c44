"""Who sees a message: the two agencies' officers with a case role, or only the named ones."""

from __future__ import annotations

import pytest

from exchange.models import Message
from tests.conftest import PERSONA_KEYS
from tests.exchange.conftest import send

pytestmark = pytest.mark.django_db

# An unrestricted message from KZ's ministry (kz_investigator) to KG's ministry.
SEES_OPEN = {"kz_investigator", "kz_coordinator", "kg_investigator", "kg_coordinator"}


@pytest.mark.parametrize("persona", PERSONA_KEYS)
def test_each_persona_sees_an_open_message_only_from_the_two_agencies(personas, message, persona):
    visible = Message.objects.visible_to(personas[persona]).filter(pk=message.pk).exists()
    assert visible == (persona in SEES_OPEN)


@pytest.mark.parametrize("persona", PERSONA_KEYS)
def test_a_restricted_message_is_seen_by_the_named_officer_and_the_sender(personas, persona):
    restricted = send(personas, restricted=True, recipients=[personas["kg_coordinator"]])
    visible = Message.objects.visible_to(personas[persona]).filter(pk=restricted.pk).exists()
    assert visible == (persona in {"kz_investigator", "kg_coordinator"})


def test_answers_in_a_restricted_thread_stay_with_its_people(personas):
    from exchange import services

    root = send(personas, restricted=True, recipients=[personas["kg_coordinator"]])
    reply = services.message_reply(message=root, actor=personas["kg_coordinator"], text="Принято")
    for persona in PERSONA_KEYS:
        visible = Message.objects.visible_to(personas[persona]).filter(pk=reply.pk).exists()
        assert visible == (persona in {"kz_investigator", "kg_coordinator"}), persona


def test_an_inactive_officer_sees_nothing(personas, message):
    user = personas["kg_investigator"]
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert not Message.objects.visible_to(user).exists()


def test_anonymous_sees_nothing(message):
    from django.contrib.auth.models import AnonymousUser

    assert not Message.objects.visible_to(AnonymousUser()).exists()
