"""A real Celery worker and beat, as `make run` starts them, on the configured broker.

Redis when REDIS_URL is set (CI), otherwise the embedded SQLite transport: no server needed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from core.models import SchedulerHeartbeat

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migration_data"),
]

ROOT = Path(__file__).resolve().parents[2]


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    return f"postgres://{auth}{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def _start(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", *args],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)


def test_beat_schedules_and_a_worker_runs_the_heartbeat(tmp_path):
    assert not SchedulerHeartbeat.objects.exists()
    env = {
        **os.environ,
        "DEBUG": "true",
        "VAR_DIR": str(tmp_path),  # own broker file (embedded) and beat schedule
        "DATABASE_URL": _database_url(),
        "HEARTBEAT_SECONDS": "1",
    }
    worker = _start(["worker", "--loglevel=INFO", "--concurrency=1"], env, tmp_path / "worker.log")
    beat = _start(["beat", "--loglevel=INFO"], env, tmp_path / "beat.log")
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not SchedulerHeartbeat.objects.exists():
            assert worker.poll() is None, (tmp_path / "worker.log").read_text()
            assert beat.poll() is None, (tmp_path / "beat.log").read_text()
            time.sleep(0.5)
    finally:
        _stop(beat)
        _stop(worker)
    logs = (tmp_path / "worker.log").read_text() + (tmp_path / "beat.log").read_text()
    assert SchedulerHeartbeat.objects.exists(), logs
    assert SchedulerHeartbeat.age_seconds() < 60
    expected = "redis://" if os.environ.get("REDIS_URL") else "sqla+sqlite://"
    assert expected in logs
