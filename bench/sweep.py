"""Benchmark: one sweep pass over a table of 1,000,000 running deadlines.

Run against PostgreSQL (the rows are written with INSERT … SELECT generate_series):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench DEBUG=true \\
        .venv/bin/python bench/sweep.py [--rows 1000000] [--due 5000]

``--due`` of the clocks have a reminder due now (each with two responsible officers); the rest
are spread over the coming year. The script prints the seconds and the SQL queries of one
sweep pass, and of a second pass (which must find nothing to do). Goal: under 5 s.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from cases.models import Case  # noqa: E402
from deadlines import sweep  # noqa: E402
from deadlines.models import Deadline, Notification  # noqa: E402


def _fill(rows: int, due: int) -> None:
    case = Case.objects.order_by("pk").first()
    officers = list(User.objects.filter(agency=case.owning_agency).order_by("pk")[:2])
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE deadlines_notification, deadlines_deadline_responsible, "
            "deadlines_deadline_escalation, deadlines_deadline CASCADE"
        )
        cursor.execute(
            """
            INSERT INTO deadlines_deadline
                (created_at, updated_at, case_id, subject_type, subject_id, subject_label, url,
                 kind, title, citation, is_practice, country, started_at, due_at, state,
                 reminder_lead_days, reminder_lead_hours, confidence, next_check_at)
            SELECT %(now)s, %(now)s, %(case)s, 'bench.subject', g::text, 'BENCH-' || g, '',
                   'mla_sent', 'Исполнение запроса', 'бенчмарк', false, 'KZ',
                   %(now)s - interval '20 days',
                   CASE WHEN g <= %(due)s THEN %(now)s + interval '6 days'
                        ELSE %(now)s + (g %% 365 + 10) * interval '1 day' END,
                   'running', '[7, 3, 1, 0]', '[]', 'V',
                   CASE WHEN g <= %(due)s THEN %(now)s - interval '1 minute'
                        ELSE %(now)s + (g %% 365 + 3) * interval '1 day' END
            FROM generate_series(1, %(rows)s) AS g
            """,
            {"now": now, "case": case.pk, "due": due, "rows": rows},
        )
        for officer in officers:
            cursor.execute(
                "INSERT INTO deadlines_deadline_responsible (deadline_id, user_id) "
                "SELECT id, %s FROM deadlines_deadline WHERE next_check_at <= %s",
                [officer.pk, now],
            )
        cursor.execute("ANALYZE deadlines_deadline")


def _pass(label: str, now) -> None:
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        result = sweep.sweep(now=now, dispatch=False)
        seconds = time.perf_counter() - start
    print(
        f"{label}: {seconds:6.2f} s, {len(queries):4d} queries, "
        f"{result.deadlines:,} clocks looked at, {result.notifications:,} notifications created"
    )


def _dispatch(now) -> None:
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        count = sweep.dispatch_pending(now)
        seconds = time.perf_counter() - start
    broker = settings.CELERY_BROKER_URL.split(":", 1)[0]
    print(
        f"dispatch    : {seconds:6.2f} s, {len(queries):4d} queries, {count:,} delivery tasks "
        f"handed to the broker ({broker})"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--due", type=int, default=5_000)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("Run this benchmark on PostgreSQL (set DATABASE_URL).")
        return 2
    call_command("migrate", verbosity=0)
    if not Case.objects.exists():
        call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    start = time.perf_counter()
    _fill(args.rows, args.due)
    filled = time.perf_counter() - start
    print(
        f"filled {Deadline.objects.count():,} running clocks in {filled:.1f} s "
        f"({args.due:,} with a reminder due now)"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN SELECT id FROM deadlines_deadline WHERE state = 'running' "
            "AND next_check_at <= now() AND id > 0 ORDER BY id LIMIT 1000"
        )
        plan = " / ".join(row[0].strip() for row in cursor.fetchall()[:3])
    print(f"plan of the batch query: {plan}")
    now = timezone.now()
    _pass("first sweep ", now)
    _pass("second sweep", now)
    _dispatch(now)
    print(f"notifications in the table: {Notification.objects.count():,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
