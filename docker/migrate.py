"""Apply the migrations once, however many web replicas start together.

docker/entrypoint.sh runs this when MIGRATE_ON_START is on (the web service). With
`docker compose up --scale web=3` three replicas start at the same moment: on PostgreSQL they take
turns under a session advisory lock — the first migrates, the others then find nothing left to do
— instead of racing through the same migrations (a replica failing on "relation already
exists"). Other databases (SQLite: one machine) migrate directly.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

# Any constant every replica shares (the digits of "portal migrate" in no particular encoding).
MIGRATION_LOCK = 7_305_512_046


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        call_command("migrate", interactive=False)
        return
    # Session-level: held on this connection while migrate runs on the same connection, released
    # by the unlock or, if the process dies, when its connection closes.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [MIGRATION_LOCK])
    try:
        call_command("migrate", interactive=False)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [MIGRATION_LOCK])


if __name__ == "__main__":
    main()
