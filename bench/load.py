"""Load benchmark: the portal's lists at 1,000 and 100,000 cases under a real load tool.

    make bench-load                       # both sizes, 20 clients, 10 s per page
    .venv/bin/python bench/load.py --sizes 1000 --duration 5

For each size it fills its own PostgreSQL database with ``manage.py seed_scale`` (kept between
runs; ``--reseed`` refills) and serves it with the production settings (gunicorn, DEBUG off, two
workers, persistent connections); the servers of both sizes run side by side, and each page is
measured at one size and then at the other, so that the host's drift over a run does not read
as growth. wrk runs against every page below: first a single client (its p95), then 20
concurrent clients (throughput and latency). ``/livez`` — the same server
and middleware, no database — is the ceiling. It then loads each page once more in-process,
runs EXPLAIN ANALYZE on every query the page makes, reports the slowest, and fails when any
plan reads a table of more than 10,000 rows with a sequential scan.

The figures go to stdout as a table (and as JSON with ``--json``). The targets of the README
are checked and printed; a missed target is reported, a sequential scan fails the run.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SEQ_SCAN_LIMIT = 10_000  # rows: a sequential scan over a bigger table fails the run

# wrk prints what this script writes at the end of a run: one JSON line.
WRK_REPORT = """
done = function(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "errors": %d, "p50": %.3f, "p95": %.3f, "p99": %.3f}\\n',
    summary.requests, summary.duration / 1e6, errors,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000))
end
"""


@dataclass
class Page:
    """One measured page: its name, the persona who loads it and its path (may hold {keys})."""

    name: str
    path: str
    persona: str | None = "kg_coordinator"  # None: no session (the ceiling)
    targets: dict = field(default_factory=dict)


# Targets: req/s with 20 clients on 2 workers at 100,000 cases, set on a machine whose ceiling
# (a trivial view served the same way) answered 6,788 req/s. A machine's speed moves the ceiling
# and the pages together, so each target is checked as its share of the ceiling measured in the
# same run: 200 req/s there is 2.9 % of the ceiling here. The absolute figure is printed too.
REFERENCE_CEILING = 6788
LIST_TARGET = {"rps": 200}
SEARCH_TARGET = {"rps": 100}
# One client's p95 is a target in milliseconds: a person waits for it, whatever the machine.
SINGLE_P95_MS = 100
PAGES = [
    # No session cookie: the ceiling is the server and its middleware alone (no session read).
    Page("ceiling /livez", "/livez", persona=None),
    Page("/ (home)", "/"),
    Page("/cases/", "/cases/", targets=LIST_TARGET),
    # The same list for an officer of an agency whose cases are not the first in the indexes.
    Page("/cases/ (KZ)", "/cases/", persona="kz_coordinator", targets=LIST_TARGET),
    Page("/api/cases/", "/api/cases/", targets=LIST_TARGET),
    Page("/cases/?q=<surname>", "/cases/?q={surname}", targets=SEARCH_TARGET),
    Page("/api/cases/?q=<surname>", "/api/cases/?q={surname}", targets=SEARCH_TARGET),
    Page("case page", "/cases/{case}/"),
    Page("/requests/", "/requests/", targets=SEARCH_TARGET),
    Page("/api/mla-requests/", "/api/mla-requests/", targets=SEARCH_TARGET),
    Page("request page", "/requests/{request}/"),
    Page("/deadlines/", "/deadlines/", persona="kg_investigator", targets=SEARCH_TARGET),
    Page("/api/deadlines/", "/api/deadlines/", persona="kg_investigator"),
    Page("/extradition/", "/extradition/", persona="kz_prosecutor"),
    Page("/extradition/custody/", "/extradition/custody/", persona="kz_prosecutor"),
    Page("/api/extraditions/", "/api/extraditions/", persona="kz_prosecutor"),
    Page("/teams/", "/teams/"),
    Page("/api/teams/", "/api/teams/"),
    Page("/teams/my-tasks/", "/teams/my-tasks/", persona="kg_investigator"),
    Page("/api/tasks/", "/api/tasks/", persona="kg_investigator"),
    Page("/deadlines/notifications/", "/deadlines/notifications/", persona="kg_investigator"),
    Page("/audit/", "/audit/", persona="auditor"),
    Page("/registry/", "/registry/"),
]


# --- The parent: one child process per size, serving at once; then the table -----------------


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,100000", help="numbers of cases, comma-separated")
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page")
    parser.add_argument("--connections", type=int, default=20, help="concurrent clients")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--threads", type=int, default=1, help="threads per gunicorn worker (1: sync workers)"
    )
    parser.add_argument("--reseed", action="store_true", help="refill the benchmark databases")
    parser.add_argument("--only", default="", help="measure only pages whose name contains this")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)  # the child's own size
    args = parser.parse_args()
    if args.size:
        return child(args)
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: make bench-load installs it (Debian package wrk).")
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    results = run_children(sizes, args)
    print_report(results, args)
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=1))
    scans = [
        (size, name, scan)
        for size, r in results.items()
        for name, page in r["pages"].items()
        for scan in page["seq_scans"]
    ]
    for size, name, scan in scans:
        print(f"FAIL: {name} at {size:,} cases: sequential scan of {scan}")
    return 1 if scans else 0


def run_children(sizes: list[int], args) -> dict:
    """One child per size, all serving at once; each page measured at every size back to back.

    The host's speed drifts over a run: measured one size after the other, the ceiling itself
    answered 2,845 req/s in the first half and 2,531 in the second, and that drift read as a
    page's growth. Here a page is measured at each size within a minute, the order of the sizes
    alternating from page to page.
    """
    children = {}
    for size in sizes:
        command = [
            PYTHON,
            __file__,
            "--size",
            str(size),
            "--duration",
            str(args.duration),
            "--connections",
            str(args.connections),
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
            "--only",
            args.only,
        ] + (["--reseed"] if args.reseed else [])
        children[size] = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT
        )
    try:
        names = {size: receive(children[size], size)["ready"] for size in sizes}[sizes[0]]
        results = {size: {"pages": {}} for size in sizes}
        for index, name in enumerate(names):
            for size in sizes if index % 2 == 0 else sizes[::-1]:
                results[size]["pages"][name] = ask(children[size], size, name)
        for size in sizes:
            results[size].update(ask(children[size], size, "quit"))
            children[size].wait(timeout=60)
        return results
    finally:
        for process in children.values():
            if process.poll() is None:
                process.kill()


def ask(process: subprocess.Popen, size: int, message: str) -> dict:
    process.stdin.write(message + "\n")
    process.stdin.flush()
    return receive(process, size)


def receive(process: subprocess.Popen, size: int) -> dict:
    """The child's next message: one JSON line on its standard output."""
    for line in process.stdout:
        if line.startswith("{"):
            return json.loads(line)
    sys.exit(f"the run at {size:,} cases failed (exit status {process.wait()})")


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB"


def print_report(results: dict, args) -> None:
    sizes = sorted(results)
    big, small = sizes[-1], sizes[0]
    first = results[big]
    print(
        f"\nMachine: {machine()}; PostgreSQL {first['postgres']}; wrk, {args.connections} "
        f"clients, {args.duration} s per page; gunicorn, {args.workers} workers"
        f"{f' of {args.threads} threads' if args.threads > 1 else ''}, DEBUG off."
    )
    for size in sizes:
        print(f"  {size:,} cases: {results[size]['rows']}")
    ceiling = first["pages"].get("ceiling /livez", {}).get("rps") or 0
    header = (
        f"| page | req/s at {small:,} | req/s at {big:,} | p50 / p95 / p99 ms at {big:,} "
        f"| × ceiling | growth | 1 client p95 ms | queries | slowest query ms |"
    )
    print("\n" + header)
    print("|---" * (header.count("|") - 1) + "|")
    misses, notes = [], []
    for page in PAGES:
        at_big = results[big]["pages"].get(page.name)
        if not at_big:
            continue
        at_small = results[small]["pages"].get(page.name, {})
        growth = at_big["rps"] / at_small["rps"] if at_small.get("rps") else 0
        share = at_big["rps"] / ceiling if ceiling else 0
        print(
            f"| {page.name} | {at_small.get('rps', 0):,.0f} | {at_big['rps']:,.0f} | "
            f"{at_big['p50']:.1f} / {at_big['p95']:.1f} / {at_big['p99']:.1f} | "
            f"{share:.3f} | {growth:.2f} | {at_big['single_p95']:.1f} | {at_big['queries']} | "
            f"{at_big['slowest_ms']:.1f} |"
        )
        if page.name.startswith("ceiling"):
            continue
        if at_big["single_p95"] >= SINGLE_P95_MS:
            misses.append(
                f"{page.name}: one client's p95 {at_big['single_p95']:.0f} ms ≥ {SINGLE_P95_MS} ms"
            )
        if small != big and growth < 0.5:
            misses.append(f"{page.name}: {growth:.2f} of its speed at {small:,} cases (< 0.5)")
        if page.targets.get("rps"):
            scaled = page.targets["rps"] * ceiling / REFERENCE_CEILING
            if at_big["rps"] < scaled:
                misses.append(
                    f"{page.name}: {at_big['rps']:.0f} req/s < {scaled:.0f} (its target of "
                    f"{page.targets['rps']} req/s at a ceiling of {REFERENCE_CEILING:,})"
                )
            elif at_big["rps"] < page.targets["rps"]:
                notes.append(
                    f"{page.name}: {at_big['rps']:.0f} req/s meets {scaled:.0f} (the target "
                    f"of {page.targets['rps']} scaled to this machine's ceiling of {ceiling:,.0f})"
                )
        if at_big["errors"]:
            misses.append(f"{page.name}: {at_big['errors']} errors under load")
    print()
    if notes:
        print("Met relative to the ceiling:\n  " + "\n  ".join(notes))
    print("Targets: all met." if not misses else "Targets missed:\n  " + "\n  ".join(misses))


# --- The child: one size, in its own process (its own DATABASE_URL before Django starts) -----


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url(size: int) -> str:
    base = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432")
    return f"{base.rstrip('/')}/portal_bench_{size}"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def child(args) -> int:
    url = database_url(args.size)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "true",
        "VAR_DIR": str(ROOT / "var/bench"),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        # One key for the sessions made here and the server that reads them.
        "SECRET_KEY": "bench-" + "k" * 50,
    }
    env.pop("REDIS_URL", None)
    env.pop("PORTAL_TEST_RUN", None)
    os.environ.update(env)
    prepare_database(args, env, url)

    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    context = world(args.size)
    port = free_port()
    server = start_server(env, port, args.workers, args.threads)
    pages = {
        page.name: page
        for page in PAGES
        if not args.only or args.only in page.name or page.name.startswith("ceiling")
    }
    try:
        # Ready: the parent then names the pages to measure, one per line, and "quit".
        send({"ready": list(pages)})
        for line in sys.stdin:
            name = line.strip()
            if name == "quit":
                break
            page = pages[name]
            path = page.path.format(**{k: quote(str(v)) for k, v in context["ids"].items()})
            cookie = context["cookies"][page.persona] if page.persona else ""
            result = measure(port, path, cookie, args)
            if page.persona:
                result.update(explain(path, context["users"][page.persona]))
            else:
                result.update(queries=0, slowest_ms=0.0, slowest_sql="", seq_scans=[])
            log(
                f"  {args.size:,} cases, {name}: {result['rps']:.0f} req/s, "
                f"1 client p95 {result['single_p95']:.1f} ms"
            )
            send(result)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    from django.db import connection

    send({"rows": context["rows"], "postgres": connection.cursor().connection.server_version})
    return 0


def send(message: dict) -> None:
    print(json.dumps(message), flush=True)


def prepare_database(args, env, url) -> None:
    import psycopg2

    admin_url, name = url.rsplit("/", 1)
    conn = psycopg2.connect(f"{admin_url}/postgres")
    conn.autocommit = True  # CREATE / DROP DATABASE cannot run in a transaction
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            exists = cur.fetchone() is not None
            seeded = exists and not args.reseed and holds_cases(url, args.size)
            if seeded:
                log(f"{name}: already holds {args.size:,} cases (--reseed refills it)")
            else:
                if exists:
                    cur.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
                cur.execute(f'CREATE DATABASE "{name}"')
    finally:
        conn.close()
    manage = [PYTHON, "manage.py"]
    subprocess.run(
        [*manage, "migrate", "--noinput", "-v0"], check=True, env=env, cwd=ROOT, stdout=sys.stderr
    )
    if not seeded:
        started = time.monotonic()
        subprocess.run(
            [
                *manage,
                "seed_scale",
                "--cases",
                str(args.size),
                "--teams",
                str(teams_for(args.size)),
                "--extraditions",
                str(extraditions_for(args.size)),
            ],
            check=True,
            env=env,
            cwd=ROOT,
            stdout=sys.stderr,
        )
        log(f"{name}: seeded in {time.monotonic() - started:.0f} s")
    conn = psycopg2.connect(url)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute("ANALYZE")  # fresh statistics, as autovacuum would have them
    finally:
        conn.close()


# Joint teams are rare (seed_scale makes one per 300 cases): 3 at 1,000 cases, where the team
# lists would show 3 rows against full pages at 100,000 and the "growth" would measure the rows
# drawn, not the tables' size. Both worlds get the same number of teams (a coordinator sees
# about one in six: with 50, 9 rows at 1,000 cases against the API's page of 50 at 100,000).
TEAMS_AT_LEAST = 100_000 // 300


def teams_for(size: int) -> int:
    return max(size // 300, TEAMS_AT_LEAST)


# Extradition files too (seed_scale makes 3 per 100 cases): 30 at 1,000 cases, of which the
# custody dashboard of a KZ prosecutor showed 5 rows against its full page of 50 at 100,000.
# Both worlds ask for the same number of files; the smaller one holds as many as it has wanted
# persons for (about 1,000): the dashboard then shows 44 rows at 1,000 cases, 50 at 100,000.
EXTRADITIONS_AT_LEAST = 100_000 * 3 // 100


def extraditions_for(size: int) -> int:
    return max(size * 3 // 100, EXTRADITIONS_AT_LEAST)


def holds_cases(url: str, size: int) -> bool:
    import psycopg2

    conn = psycopg2.connect(url)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT to_regclass('cases_case') IS NOT NULL")
            if not cur.fetchone()[0]:
                return False
            cur.execute("SELECT count(*) FROM cases_case")
            if cur.fetchone()[0] < size:
                return False
            cur.execute("SELECT count(*) FROM teams_jointteam")
            if cur.fetchone()[0] < teams_for(size):
                return False
            # A world filled before its files were asked for as above holds a tenth of them.
            cur.execute("SELECT count(*) FROM extradition_extraditionfile")
            return cur.fetchone()[0] >= extraditions_for(size) // 10
    finally:
        conn.close()


def world(size: int) -> dict:
    """The personas' sessions, and ids and a search word that the pages need."""
    from django.conf import settings
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse

    from accounts.models import User
    from cases.models import Case, Participant
    from requests_mla.models import MLARequest

    users, cookies = {}, {}
    for username in sorted({page.persona for page in PAGES if page.persona}):
        # Signed in through the sign-in page itself, in-process on the same database: the
        # session is what a browser gets (its backend, its sign-in time for the session limits).
        client = Client(HTTP_HOST="127.0.0.1")
        response = client.post(
            reverse("login"), {"username": username, "password": settings.DEMO_PASSWORD}
        )
        if response.status_code != 302:
            sys.exit(f"{username} could not sign in ({response.status_code})")
        users[username] = User.objects.get(username=username)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        cookies[username] = f"{settings.SESSION_COOKIE_NAME}={session}"
    coordinator = users["kg_coordinator"]
    visible = Case.objects.visible_to(coordinator)
    surname = (
        Participant.objects.filter(case__in=visible.values("pk")[:2000])
        .exclude(role="victim")
        .values("person__surname")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()["person__surname"]
    )
    ids = {
        "surname": surname,
        "case": visible.order_by("-opened_on", "-id").values_list("pk", flat=True).first(),
        "request": MLARequest.objects.visible_to(coordinator)
        .order_by("-id")
        .values_list("pk", flat=True)
        .first(),
    }
    rows = {
        "cases": Case.objects.count(),
        "participants": Participant.objects.count(),
        "requests": MLARequest.objects.count(),
    }
    from audit.models import AuditEvent
    from deadlines.models import Deadline

    rows.update(deadlines=Deadline.objects.count(), audit_events=AuditEvent.objects.count())
    log(f"world: {rows}; search word {surname!r}")
    return {"users": users, "cookies": cookies, "ids": ids, "rows": rows}


def start_server(env, port: int, workers: int, threads: int = 1) -> subprocess.Popen:
    server_env = {
        **env,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        # The personas' sessions are signed in with a password only (as under make run); a
        # second factor adds one indexed read of the device per request.
        "TWO_FACTOR_REQUIRED_ROLES": "",
        "CONN_MAX_AGE": "600",
    }
    server = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            # The production server's own settings (config/gunicorn.py: garbage collection).
            "-c",
            "config/gunicorn.py",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--log-level",
            "warning",
        ],
        env=server_env,
        cwd=ROOT,
        stdout=sys.stderr,
        stderr=sys.stderr,
    )
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    sys.exit("gunicorn did not start")


def wrk(port: int, path: str, cookie: str, connections: int, seconds: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_REPORT)
    try:
        out = subprocess.run(
            [
                "wrk",
                f"-t{min(connections, 2)}",
                f"-c{connections}",
                f"-d{seconds}s",
                "--timeout",
                "30s",
                "-s",
                script.name,
                *(["-H", f"Cookie: {cookie}"] if cookie else []),
                f"http://127.0.0.1:{port}{path}",
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    finally:
        os.unlink(script.name)
    report = json.loads(re.findall(r"^\{.*\}$", out, re.M)[-1])
    report["rps"] = report["requests"] / report["seconds"]
    return report


def measure(port: int, path: str, cookie: str, args) -> dict:
    import urllib.request

    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Cookie": cookie})
    with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310 (loopback)
        if response.status != 200 or response.url != request.full_url:
            sys.exit(f"{path} answered {response.status} at {response.url}")
    # One client first, on an idle server: after the loaded run the workers still answer the
    # requests its clients left queued, and a single client measured then waits behind them.
    wrk(port, path, cookie, 2, 1)  # warm-up: both workers import what the page needs
    single = wrk(port, path, cookie, 1, max(3, args.duration // 2))
    loaded = wrk(port, path, cookie, args.connections, args.duration)
    return {**loaded, "single_p95": single["p95"], "single_p50": single["p50"]}


def explain(path: str, user) -> dict:
    """Load ``path`` in-process, EXPLAIN ANALYZE each of its queries; the slowest and any scan."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    sizes = table_sizes()
    slowest, slowest_sql, scans = 0.0, "", []
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
            plan = cursor.fetchone()[0][0]
            took = plan["Execution Time"] + plan.get("Planning Time", 0)
            if took > slowest:
                slowest, slowest_sql = took, sql
            for relation in seq_scans(plan["Plan"]):
                if sizes.get(relation, 0) > SEQ_SCAN_LIMIT:
                    scans.append(f"{relation} ({sizes[relation]:,} rows) in: {sql[:300]}")
    return {
        "queries": len(captured.captured_queries),
        "slowest_ms": slowest,
        "slowest_sql": slowest_sql[:500],
        "seq_scans": scans,
    }


def seq_scans(node: dict):
    if node.get("Node Type") == "Seq Scan":
        yield node["Relation Name"]
    for sub in node.get("Plans", []):
        yield from seq_scans(sub)


def table_sizes() -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, reltuples::bigint FROM pg_class WHERE relkind = 'r'")
        return dict(cursor.fetchall())


if __name__ == "__main__":
    sys.exit(main())
