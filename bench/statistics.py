"""Statistics benchmark: every figure at national scale, on PostgreSQL.

    make bench-statistics                       # 100,000 cases, 5 runs per figure and persona
    .venv/bin/python bench/statistics.py --size 1000 --runs 3

Uses the load benchmark's databases (``bench/load.py``: ``portal_bench_<size>``, filled once by
``manage.py seed_scale`` and kept between runs; ``--reseed`` refills). Each figure is computed
in-process — the SQL aggregation the page and the API run — for a coordinator, a prosecutor
and an auditor of the seeded world, over the whole five years and over the last quarter. It
prints p50 / p95 per figure in milliseconds, with the number of queries, and fails (exit 1)
when any figure's p95 is over 500 ms.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMIT_MS = 500.0
PERSONAS = ("kg_coordinator", "kz_prosecutor", "auditor")


def statements(queries) -> int:
    """The queries sent, without the transaction's BEGIN and COMMIT."""
    return sum(1 for q in queries.captured_queries if q["sql"] not in ("BEGIN", "COMMIT"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000, help="cases in the database")
    parser.add_argument("--runs", type=int, default=5, help="runs per figure, persona, period")
    parser.add_argument("--reseed", action="store_true", help="refill the database")
    parser.add_argument("--only", default="", help="figures whose name contains this")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    from load import database_url, prepare_database

    url = database_url(args.size)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "true",
        "VAR_DIR": str(ROOT / "var/bench"),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    env.pop("REDIS_URL", None)
    env.pop("PORTAL_TEST_RUN", None)
    os.environ.update(env)
    args.workers = 2
    prepare_database(args, env, url)

    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from accounts.models import User
    from stats.figures import FIGURES, Filters, compute

    users = {name: User.objects.get(username=name) for name in PERSONAS}
    today = timezone.localdate()
    quarter = Filters(date_from=today - datetime.timedelta(days=91), date_to=today)
    periods = {"5 years": Filters(), "last quarter": quarter}
    print(f"Statistics at {args.size:,} cases ({url.rsplit('/', 1)[1]}), {args.runs} runs each")
    # Other work on the same cores stretches every time: say how busy the machine was.
    print("load average at start: " + " ".join(f"{v:.2f}" for v in os.getloadavg()))
    print(f"{'figure':32} {'persona':15} {'period':13} {'p50 ms':>8} {'p95 ms':>8} {'queries':>7}")
    failures = []
    for name in FIGURES:
        if args.only and args.only not in name:
            continue
        for persona, user in users.items():
            user.role_names  # noqa: B018  (read once, as a request does)
            for label, filters in periods.items():
                compute(name, user, filters)  # warm: plans and caches, as a running server
                times = []
                for _ in range(args.runs):
                    with CaptureQueriesContext(connection) as queries:
                        started = time.perf_counter()
                        compute(name, user, filters)
                        times.append((time.perf_counter() - started) * 1000)
                # This file shadows the standard library's statistics module: by hand.
                ordered = sorted(times)
                p50 = ordered[len(ordered) // 2]
                p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
                flag = "  OVER" if p95 > LIMIT_MS else ""
                print(
                    f"{name:32} {persona:15} {label:13} {p50:8.1f} {p95:8.1f} "
                    f"{statements(queries):7}{flag}",
                    flush=True,
                )
                if p95 > LIMIT_MS:
                    failures.append(f"{name} ({persona}, {label}): p95 {p95:.0f} ms")
    print("load average at end: " + " ".join(f"{v:.2f}" for v in os.getloadavg()))
    if failures:
        print(f"Over {LIMIT_MS:.0f} ms:\n  " + "\n  ".join(failures))
        return 1
    print(f"Every figure under {LIMIT_MS:.0f} ms (p95).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
