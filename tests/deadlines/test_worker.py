"""Real Celery processes: beat running the schedule, workers sweeping and delivering.

On Redis when REDIS_URL is set (CI), on the embedded transport otherwise. Time is advanced
through the sweep task's ``now`` argument (its injectable clock): the worker process cannot
share the test's frozen clock.
"""

from __future__ import annotations

import datetime
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.db.models import Q

from accounts.models import User
from config.celery import app as celery_app
from deadlines.computation import reminder_points
from deadlines.models import Deadline, DeliveryState, Notification

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
    auth = f"{db['USER']}@" if db.get("USER") else ""
    return f"postgres://{auth}{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


class Processes:
    def __init__(self, tmp_path: Path):
        self.tmp = tmp_path
        self.mail = tmp_path / "mail"
        self.mail.mkdir()
        self.started: list[subprocess.Popen] = []
        self.sweeps: list[str] = []

    def env(self, **extra) -> dict[str, str]:
        return {
            **os.environ,
            "DEBUG": "true",
            # The same broker as this test process publishes to (Redis, or the embedded file).
            "VAR_DIR": str(settings.VAR_DIR),
            "DATABASE_URL": _database_url(),
            "EMAIL_BACKEND": "tests.support.slow_mail.SlowFileBackend",
            "EMAIL_FILE_PATH": str(self.mail),
            "NOTIFICATION_CLAIM_SECONDS": "3",
            "NOTIFICATION_REDISPATCH_SECONDS": "3",
            "DEADLINE_SWEEP_SECONDS": "2",
            **extra,
        }

    def start(self, name: str, args: list[str], **env) -> subprocess.Popen:
        log = (self.tmp / f"{name}.log").open("w")
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", *args],
            cwd=ROOT,
            env=self.env(**env),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.started.append(process)
        return process

    def sweep(self, now: datetime.datetime) -> None:
        """Replay a moment as an operator does: ``celery call`` from a process of its own.

        Not ``.delay()`` from this process: its broker connection has served every earlier test
        of the run (on the embedded transport, an engine and session kept for the process), and
        twice a sweep published through it never reached the workers, which saw beat's."""
        called = subprocess.run(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "call",
                "deadlines.sweep",
                "--kwargs",
                json.dumps({"now": now.isoformat()}),
            ],
            cwd=ROOT,
            env=self.env(),
            check=True,
            capture_output=True,
            text=True,
            timeout=120,
        )
        self.sweeps.append(called.stdout.strip())  # the task's id

    def kill(self, process: subprocess.Popen, sig=signal.SIGTERM) -> None:
        if process.poll() is None:
            os.killpg(process.pid, sig)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)

    def stop_all(self) -> None:
        for process in self.started:
            self.kill(process)

    def logs(self) -> str:
        return "\n".join(p.read_text() for p in sorted(self.tmp.glob("*.log")))

    def summary(self) -> str:
        """Each process's first and last lines (beat's sweeps alone would fill a tail)."""
        logs = self.logs()
        parts = [
            f"sweep {task}: {'seen' if task in logs else 'never seen'} by the workers"
            for task in self.sweeps
        ]
        for path in sorted(self.tmp.glob("*.log")):
            text = path.read_text()
            parts.append(f"--- {path.name}\n{text[:2500]}\n…\n{text[-2500:]}")
        return "\n".join(parts)

    def mails(self) -> list[str]:
        """The Message-IDs of every e-mail written, one entry per e-mail."""
        ids = []
        for path in self.mail.glob("*.log"):
            ids += [
                line.split(":", 1)[1].strip()
                for line in path.read_text(encoding="utf-8", errors="replace").splitlines()
                if line.startswith("Message-ID:")
            ]
        return ids


def wait_for(condition, timeout: float, processes: Processes, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}\n{processes.summary()}")


def test_reminders_arrive_once_through_real_workers_even_when_one_is_killed(
    personas, clock, tmp_path
):
    User.objects.filter(pk__in=clock.responsible.all()).update(email="officer@example.kz")
    recipients = clock.responsible.count()
    at = dict(reminder_points(clock.due_at, clock.reminder_lead_days, clock.country))
    # Earlier transactional tests of this run left deliveries of their (since flushed)
    # notifications on the run's queue: a worker would work through that backlog before this
    # test's sweeps, and on a loaded machine past the waits below. The workers start on an
    # empty queue.
    celery_app.control.purge()
    processes = Processes(tmp_path)
    try:
        worker = processes.start("worker-1", ["worker", "--loglevel=INFO", "--concurrency=2"])
        processes.start(
            "beat",
            ["beat", "--loglevel=INFO", "--schedule", str(tmp_path / "beat-schedule")],
        )

        def sent(kind: str) -> int:
            return Notification.objects.filter(kind=kind, delivery=DeliveryState.SENT).count()

        # A week before: one reminder per recipient, each e-mailed once — even though the
        # sweep is sent twice at the same moment (a second beat, a retry).
        for _ in range(2):
            processes.sweep(at["lead-7"])
        wait_for(lambda: sent("lead-7") == recipients, 60, processes, "lead-7 e-mails")
        assert Notification.objects.filter(kind="lead-7").count() == recipients

        # Three days before, with a worker killed in the middle of sending.
        processes.kill(worker)
        worker = processes.start(
            "worker-slow", ["worker", "--loglevel=INFO", "--concurrency=1"], SLOW_MAIL_SECONDS="30"
        )
        processes.sweep(at["lead-3"])
        wait_for(
            lambda: Notification.objects.filter(
                kind="lead-3", delivery=DeliveryState.SENDING
            ).exists(),
            60,
            processes,
            "a claimed lead-3 e-mail",
        )
        processes.kill(worker, signal.SIGKILL)
        processes.start("worker-2", ["worker", "--loglevel=INFO", "--concurrency=2"])
        # Beat's own sweeps (every 2 s) find the lapsed claim and dispatch it again.
        wait_for(lambda: sent("lead-3") == recipients, 90, processes, "lead-3 after the kill")

        # One e-mail per notification, nothing twice.
        wait_for(
            lambda: len(processes.mails()) >= 2 * recipients, 30, processes, "the e-mail files"
        )
        time.sleep(3)  # a duplicate, if any, would have been written by now
        mails = processes.mails()
        # The request's own events (it arrived) reach the officers with an address, each once.
        events = Notification.objects.exclude(event_key="").filter(recipient__email__gt="")
        assert len(mails) == len(set(mails)) == 2 * recipients + events.count(), processes.logs()[
            -4000:
        ]
        assert set(mails) == {
            f"<notification-{n.pk}@portal>"
            for n in Notification.objects.filter(
                Q(kind__in=["lead-7", "lead-3"]) | Q(pk__in=events.values("pk"))
            )
        }
        assert Deadline.objects.get(pk=clock.pk).state == "running"
    finally:
        processes.stop_all()
    logs = processes.logs()
    assert ("redis://" if os.environ.get("REDIS_URL") else "sqla+sqlite://") in logs
