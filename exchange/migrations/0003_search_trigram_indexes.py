"""Trigram indexes for the message search (``icontains`` on subject, text and reference).

Django writes ``icontains`` on PostgreSQL as ``UPPER(column::text) LIKE UPPER(…)``: the indexes
are on that very expression. PostgreSQL only (pg_trgm); SQLite reads the table.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from core.db import PostgresOnlySQL

TABLE = "exchange_message"


def upper_trigram(column: str) -> PostgresOnlySQL:
    name = f"{TABLE}_{column}_upper_trgm"
    return PostgresOnlySQL(
        f'CREATE INDEX IF NOT EXISTS "{name}" ON "{TABLE}" '
        f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)',
        f'DROP INDEX IF EXISTS "{name}"',
    )


class Migration(migrations.Migration):
    dependencies = [("exchange", "0002_seed_registry")]

    operations = [
        TrigramExtension(),
        upper_trigram("subject"),
        upper_trigram("text"),
        upper_trigram("reference"),
    ]
