"""Settings come from the environment, strictly; production settings pass the deploy check."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "kq8v-3m!x2r#p9z@w7n$e4t%y6u^i1o&a5s*d0f(g8h)j2k_l3z+x9c=v7b-n4m",
    "ALLOWED_HOSTS": "portal.example.kg",
    "CSRF_TRUSTED_ORIGINS": "https://portal.example.kg",
    "SECURE_PROXY_SSL_HEADER_ENABLED": "true",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_COOKIES": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_PRELOAD": "true",
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
}


def manage(*args: str, env: dict[str, str], tmp_path) -> subprocess.CompletedProcess:
    dropped = {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}  # the last is set for Playwright
    base = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, "VAR_DIR": str(tmp_path), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_is_clean_with_production_environment(tmp_path):
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV, tmp_path=tmp_path
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_fails_with_debug_defaults(tmp_path):
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", env={"DEBUG": "true"}, tmp_path=tmp_path
    )
    assert result.returncode != 0
    assert "security.W" in result.stderr + result.stdout


def test_missing_secret_key_stops_a_production_start(tmp_path):
    result = manage("check", env={"DEBUG": "false"}, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_a_mistyped_boolean_is_an_error_not_false(tmp_path):
    result = manage("check", env={"DEBUG": "ture"}, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "DEBUG='ture' is not a boolean" in result.stderr


def test_embedded_broker_when_redis_url_is_unset(tmp_path):
    env = {"DEBUG": "true", "REDIS_URL": "", "DATABASE_URL": ""}
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings as s; print(s.CELERY_BROKER_URL);"
        "print(s.DATABASES['default']['ENGINE'])",
        env=env,
        tmp_path=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert f"sqla+sqlite:///{tmp_path}/celery/broker.sqlite3" in result.stdout
    assert "django.db.backends.sqlite3" in result.stdout


def test_redis_and_postgres_from_urls(tmp_path):
    env = {
        "DEBUG": "true",
        "REDIS_URL": "redis://cache.internal:6379/2",
        "DATABASE_URL": "postgres://portal:secret@db.internal:5432/portal",
    }
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings as s; print(s.CELERY_BROKER_URL);"
        "print(s.DATABASES['default']['HOST'], s.DATABASES['default']['CONN_MAX_AGE'])",
        env=env,
        tmp_path=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "redis://cache.internal:6379/2" in result.stdout
    assert "db.internal 60" in result.stdout


@pytest.mark.parametrize(
    ("reader", "value", "expected"),
    [
        (lambda: env_bool("X_TEST_FLAG", default=False), "yes", True),
        (lambda: env_bool("X_TEST_FLAG", default=True), "off", False),
        (lambda: env_int("X_TEST_FLAG", 3), "42", 42),
        (lambda: env_list("X_TEST_FLAG", []), "a.kg, b.kz ,", ["a.kg", "b.kz"]),
        (lambda: env_str("X_TEST_FLAG", "d"), "", "d"),
    ],
)
def test_env_readers(monkeypatch, reader, value, expected):
    monkeypatch.setenv("X_TEST_FLAG", value)
    assert reader() == expected


@pytest.mark.parametrize(("reader", "value"), [(env_bool, "maybe"), (env_int, "4O")])
def test_env_readers_refuse_garbage(monkeypatch, reader, value):
    monkeypatch.setenv("X_TEST_FLAG", value)
    with pytest.raises(ImproperlyConfigured):
        reader("X_TEST_FLAG", 1)


def test_secret_from_file(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("from-a-file\n", encoding="utf-8")
    monkeypatch.setenv("X_TEST_SECRET_FILE", str(secret))
    assert env_str("X_TEST_SECRET") == "from-a-file"
