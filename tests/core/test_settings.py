"""Settings come from the environment, strictly; production settings pass the deploy check."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
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


SHOW_RUN = (
    "from django.conf import settings as s; print(s.TEST_RUN);"
    "print(s.CACHES['default']['KEY_PREFIX']); print(s.CELERY_TASK_DEFAULT_QUEUE);"
    "print(s.DATABASES['default'].get('TEST', {}).get('NAME'))"
)


def test_each_parallel_test_process_is_a_run_of_its_own(tmp_path):
    """A test process of a parallel run (pytest-xdist) keeps its queue, cache keys and database
    apart from its siblings' and from a running portal's."""
    env = {
        "DEBUG": "true",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/portal",
        "PORTAL_TEST_RUN": "4242",
        "PYTEST_XDIST_WORKER": "gw1",
    }
    result = manage("shell", "-v", "0", "-c", SHOW_RUN, env=env, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "4242-gw1",
        "portal-test-4242-gw1",
        "portal-test-4242-gw1",
        "test_portal_4242-gw1",
    ]


def test_the_portal_itself_keeps_the_plain_names(tmp_path):
    env = {"DEBUG": "true", "REDIS_URL": "redis://127.0.0.1:6379/0", "DATABASE_URL": ""}
    base = {k: v for k, v in os.environ.items() if k not in {"PYTEST_VERSION", "PORTAL_TEST_RUN"}}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", SHOW_RUN],
        cwd=ROOT,
        env={**base, "VAR_DIR": str(tmp_path), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[:2] == ["portal", "celery"]


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


# --- `make run` serves with DEBUG off ---------------------------------------------------------
def _make_dry_run(*args: str) -> str:
    env = {k: v for k, v in os.environ.items() if k != "DEBUG"}
    result = subprocess.run(
        ["make", "-n", "run", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_make_run_serves_with_debug_off_unless_told_otherwise():
    assert "DEBUG=false ./scripts/serve-dev.sh" in _make_dry_run()
    assert "DEBUG=true ./scripts/serve-dev.sh" in _make_dry_run("DEBUG=true")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our own server
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def test_the_portal_as_make_run_serves_it_shows_its_own_pages_under_the_policy(tmp_path):
    """scripts/serve-dev.sh with DEBUG off on a fresh machine: no SECRET_KEY nor ALLOWED_HOSTS
    given, yet it serves; a 404 is the portal's page, never Django's debug page."""
    port = _free_port()
    dropped = {"DEBUG", "SECRET_KEY", "SECRET_KEY_FILE", "ALLOWED_HOSTS", "DATABASE_URL"}
    dropped |= {"REDIS_URL", "PYTEST_VERSION", "PORTAL_TEST_RUN", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(
        DEBUG="false", VAR_DIR=str(tmp_path), HOST="127.0.0.1", PORT=str(port), WEB_CONCURRENCY="1"
    )
    server = subprocess.Popen(
        ["./scripts/serve-dev.sh"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, headers, _ = _get(f"http://127.0.0.1:{port}/login/")
                break
            except OSError:
                assert server.poll() is None, "serve-dev.sh stopped"
                assert time.monotonic() < deadline, "the server did not answer within 60 s"
                time.sleep(0.5)
        assert status == 200
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        status, headers, body = _get(f"http://127.0.0.1:{port}/nonexistent/")
        assert status == 404
        assert "Страница не найдена" in body  # the portal's own 404 page
        assert "URLconf" not in body  # not Django's debug page with the URL map
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        assert (tmp_path / "dev_secret_key").stat().st_mode & 0o077 == 0
    finally:
        _stop_group(server)


def _stop_group(process: subprocess.Popen) -> None:
    """Stop a process started in a session of its own, and everything it started."""
    for sig, wait in ((signal.SIGTERM, 30), (signal.SIGKILL, None)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            break
        try:
            process.wait(timeout=wait)
            break
        except subprocess.TimeoutExpired:
            continue


def test_a_sqlite_url_shares_the_file_as_the_default_does(tmp_path):
    """The worker processes of the tests are given their SQLite file by URL: they must wait for
    its lock and take it when a transaction starts, as the default file does — without, two
    sweeps in two workers failed at once with "database is locked"."""
    script = (
        "from django.conf import settings as s; o = s.DATABASES['default']['OPTIONS'];"
        "print(o['timeout'], o['transaction_mode'], 'WAL' in o['init_command'])"
    )
    for url in ("", f"sqlite:///{tmp_path}/portal.sqlite3"):
        env = {"DEBUG": "true", "REDIS_URL": "", "DATABASE_URL": url}
        result = manage("shell", "-c", script, env=env, tmp_path=tmp_path)
        assert result.returncode == 0, result.stderr
        assert "20 IMMEDIATE True" in result.stdout, (url, result.stdout)
