from __future__ import annotations

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from accounts.models import Agency, User

pytestmark = pytest.mark.django_db


def _sign_in():
    # authenticate() needs the request: the lockout counts attempts per address.
    return RequestFactory().post("/login/")


CONTRACT = {
    "kg_investigator": ("KG", "investigator"),
    "kz_investigator": ("KZ", "investigator"),
    "kg_coordinator": ("KG", "coordinator"),
    "kz_coordinator": ("KZ", "coordinator"),
    "kg_prosecutor": ("KG", "prosecutor"),
    "kz_prosecutor": ("KZ", "prosecutor"),
    "registry_admin": (None, "registry_admin"),
    "auditor": (None, "auditor"),
}


def test_seed_demo_creates_the_contract_users_and_is_idempotent(capsys, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", password="Пароль-демо-1")
    call_command("seed_demo", password="Пароль-демо-1")
    out = capsys.readouterr().out
    assert "Пароль-демо-1" in out
    for username, (country, role) in CONTRACT.items():
        user = User.objects.get(username=username)
        assert username in out
        assert list(user.groups.values_list("name", flat=True)) == [role]
        if country:
            assert user.agency.country == country
        assert authenticate(_sign_in(), username=username, password="Пароль-демо-1") == user
    names = set(Agency.objects.values_list("short_name", flat=True))
    assert {"ГП КР", "МВД КР", "ГП РК", "МВД РК"} <= names
    assert User.objects.filter(username__in=CONTRACT).count() == len(CONTRACT)
    assert Agency.objects.count() == len(set(Agency.objects.values_list("name_ru", flat=True)))


def test_seed_demo_password_comes_from_the_environment(settings, capsys):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.DEMO_PASSWORD = "из-окружения-42"
    call_command("seed_demo")
    user = authenticate(_sign_in(), username="kz_prosecutor", password="из-окружения-42")
    assert user is not None
