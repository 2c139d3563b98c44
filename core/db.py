"""Database pieces that only PostgreSQL has, written so that SQLite simply goes without them."""

from __future__ import annotations

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class PostgresOnlySQL(migrations.RunSQL):
    """SQL that runs on PostgreSQL and is skipped elsewhere (the embedded SQLite default)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def trigram_indexes(table: str, *columns: str) -> list[migrations.operations.base.Operation]:
    """pg_trgm GIN indexes that serve ``LIKE '%word%'`` (Django's ``contains``) on ``columns``.

    A B-tree cannot serve a substring search; without these every search reads the whole table.
    """
    operations: list = [TrigramExtension()]
    for column in columns:
        name = f"{table}_{column}_trgm"[:63]
        operations.append(
            PostgresOnlySQL(
                f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
                f'USING gin ("{column}" gin_trgm_ops)',
                f'DROP INDEX IF EXISTS "{name}"',
            )
        )
    return operations
