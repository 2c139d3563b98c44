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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--persona", default="kg_coordinator")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--sort", default="cumulative", help="cumulative or tottime")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "profile-" + "x" * 50)
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("TWO_FACTOR_REQUIRED_ROLES", "")
    import django

    django.setup()
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=args.persona))
    response = client.get(args.path)  # warm: templates compiled, caches filled
    if response.status_code != 200:
        sys.exit(f"{args.path}: {response.status_code}")
    with CaptureQueriesContext(connection) as captured:
        client.get(args.path)
    query_ms = sum(float(q["time"]) for q in captured.captured_queries) * 1000
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
        f"{len(captured.captured_queries)} queries, {query_ms:.1f} ms in the database"
    )
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats(args.sort).print_stats(args.top)
    print(out.getvalue())


if __name__ == "__main__":
    main()
