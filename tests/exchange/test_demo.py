"""The demo fills the exchange in both directions, and a second run adds nothing."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from deadlines.models import Deadline
from exchange.models import Message

pytestmark = pytest.mark.django_db


def test_seed_demo_fills_the_exchange_both_ways_once(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", password="Пароль-демо-1")
    count = Message.objects.count()
    call_command("seed_demo", password="Пароль-демо-1")
    assert Message.objects.count() == count
    threads = Message.objects.filter(thread__isnull=True)
    assert threads.count() >= 4
    assert {m.sender_agency.country for m in threads} == {"KG", "KZ"}
    h1 = threads.get(handling_code__code="H1")
    assert (h1.sender_agency.country, h1.recipient_agency.country) == ("KZ", "KG")
    assert h1.attachments.exists() and h1.reads.exists()
    urgent = threads.get(urgent=True)
    assert (urgent.sender_agency.country, urgent.handling_code.code) == ("KG", "H0")
    assert Deadline.objects.for_subject(urgent).exists()
    assert threads.filter(restricted=True, recipients__isnull=False).exists()
    assert Message.objects.filter(thread__isnull=False).count() >= 2
