"""Where one page's time goes: load it in-process as a persona, many times, under cProfile.

    DATABASE_URL=postgres://…/portal_bench_100000 .venv/bin/python bench/profile_page.py \\
        /cases/ --persona kg_coordinator --repeat 20 --top 30

Prints the mean time per load, the queries per load with their total time, and the functions
that take the most cumulative and own time. The server settings are the production ones
(DEBUG off, cached templates); a throwaway secret key is used when none is set.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


PARTS = (
    ("database driver", ("psycopg", "sqlite3")),
    (
        "ORM: building SQL",
        (
            "django/db/models/sql",
            "django/db/models/expressions",
            "django/db/models/lookups",
            "django/db/models/query_utils",
            "django/db/models/fields/related_lookups",
            "core/db",
        ),
    ),
    (
        "ORM: rows to objects",
        ("django/db/models/query.py", "django/db/models/base.py", "django/db/models/fields"),
    ),
    ("templates", ("django/template",)),
    ("forms and widgets", ("django/forms", "django_filters")),
    ("REST framework", ("rest_framework", "drf_spectacular")),
    ("translation", ("django/utils/translation",)),
    ("URLs", ("django/urls",)),
    (
        "project code",
        (
            "/accounts/",
            "/cases/",
            "/core/",
            "/deadlines/",
            "/requests_mla/",
            "/extradition/",
            "/teams/",
            "/treaties/",
            "/audit/",
            "/stats/",
            "/exchange/",
            "/operations/",
            "/library/",
        ),
    ),
)


def by_part(stats: pstats.Stats) -> dict[str, float]:
    """Own (not cumulative) time summed by the part of the stack a function belongs to."""
    totals: dict[str, float] = {}
    for (filename, _line, name), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():
        if filename == "~":  # a built-in: the driver's calls wait for the database
            part = "database (driver, waiting)" if "psycopg" in name else "built-ins"
        else:
            part = next(
                (part for part, needles in PARTS if any(n in filename for n in needles)),
                "other",
            )
        totals[part] = totals.get(part, 0.0) + tottime
    return dict(sorted(totals.items(), key=lambda item: -item[1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--persona", default="kg_coordinator")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--sort", default="cumulative", help="cumulative or tottime")
    parser.add_argument("--sql", action="store_true", help="print each query with its time")
    parser.add_argument("--dump", default="", help="write the raw profile to this file")
    parser.add_argument("--only", default="", help="list only functions whose file matches this")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "profile-" + "x" * 50)
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("TWO_FACTOR_REQUIRED_ROLES", "")
    import django

    django.setup()
    from django.core.signals import request_started
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=args.persona))
    response = client.get(args.path)  # warm: templates compiled, caches filled
    if response.status_code != 200:
        sys.exit(f"{args.path}: {response.status_code}")
    # Each request empties the connection's query log as it starts: keep it for this one.
    request_started.disconnect(reset_queries)
    with CaptureQueriesContext(connection) as captured:
        client.get(args.path)
    request_started.connect(reset_queries)
    queries = list(captured.captured_queries)  # a view of the log, which later requests empty
    query_ms = sum(float(q["time"]) for q in queries) * 1000
    profile = cProfile.Profile()
    started = time.perf_counter()
    profile.enable()
    for _ in range(args.repeat):
        client.get(args.path)
    profile.disable()
    elapsed = (time.perf_counter() - started) / args.repeat * 1000
    reset_queries()
    print(
        f"{args.path} as {args.persona}: {elapsed:.1f} ms per load (profiled), "
        f"{len(queries)} queries, {query_ms:.1f} ms in the database"
    )
    if args.dump:
        profile.dump_stats(args.dump)
    print("own time by part:")
    for part, seconds in by_part(pstats.Stats(profile)).items():
        print(f"  {part:28s} {seconds / args.repeat * 1000:7.1f} ms per load (profiled)")
    if args.sql:
        for query in sorted(queries, key=lambda q: -float(q["time"])):
            print(f"{float(query['time']) * 1000:8.1f} ms  {query['sql'][:400]}")
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats(args.sort).print_stats(
        *([args.only] if args.only else []), args.top
    )
    print(out.getvalue())


if __name__ == "__main__":
    main()
