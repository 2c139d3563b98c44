"""Link the events already stored into the hash chain, in id order.

The append-only trigger refuses the UPDATE this needs. On PostgreSQL it is disabled and enabled
again inside this migration's transaction: ALTER TABLE holds the table's exclusive lock until
the commit, so no other session ever writes or changes a row while it is off. On SQLite the
trigger is dropped and created again (0007's new columns may already have rebuilt the table
without it; see 0004).

The events are read in batches by id (a range scan of the primary key each), not through one
open cursor: SQLite does not promise what a cursor sees of a table changed under it. Each batch
is written in one statement on PostgreSQL (UPDATE … FROM VALUES), by executemany on SQLite.
"""

from django.db import migrations

from audit import chain  # the canonical form the verifier uses: the hashes must agree

BATCH = 5000
PG_DISABLE = "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_append_only"
PG_ENABLE = "ALTER TABLE audit_auditevent ENABLE TRIGGER audit_auditevent_append_only"
SQLITE_DROP = "DROP TRIGGER IF EXISTS audit_auditevent_append_only"
SQLITE_CREATE = (
    "CREATE TRIGGER audit_auditevent_append_only BEFORE UPDATE ON audit_auditevent "
    "BEGIN SELECT RAISE(ABORT, 'audit_auditevent is append-only: UPDATE refused'); END"
)
COLUMNS = ("id", *chain.CONTENT_FIELDS)


def _write(cursor, vendor: str, updates: list[tuple]) -> None:
    if vendor == "postgresql":
        rows = ", ".join(["(%s::bigint, %s::bigint, %s, %s)"] * len(updates))
        # Only placeholders go into the text; the values travel as parameters.
        sql = f"UPDATE audit_auditevent AS e SET seq = v.seq, prev_hash = v.prev_hash, hash = v.hash FROM (VALUES {rows}) AS v (id, seq, prev_hash, hash) WHERE e.id = v.id"  # noqa: S608
        cursor.execute(sql, [value for row in updates for value in row])
    else:
        cursor.executemany(
            "UPDATE audit_auditevent SET seq = %s, prev_hash = %s, hash = %s WHERE id = %s",
            [(seq, prev, digest, pk) for pk, seq, prev, digest in updates],
        )


def fill(apps, schema_editor):
    Event = apps.get_model("audit", "AuditEvent")
    vendor = schema_editor.connection.vendor
    with schema_editor.connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute(PG_DISABLE)
        elif vendor == "sqlite":
            cursor.execute(SQLITE_DROP)
        seq, prev, after = 0, chain.GENESIS, 0
        while True:
            rows = list(
                Event.objects.filter(id__gt=after).order_by("id").values_list(*COLUMNS)[:BATCH]
            )
            if not rows:
                break
            updates = []
            for row in rows:
                values = dict(zip(COLUMNS, row, strict=True))
                seq += 1
                digest = chain.event_hash(values, seq=seq, prev_hash=prev)
                updates.append((values["id"], seq, prev, digest))
                prev = digest
            _write(cursor, vendor, updates)
            after = rows[-1][0]
        if vendor == "postgresql":
            cursor.execute(PG_ENABLE)
        elif vendor == "sqlite":
            cursor.execute(SQLITE_CREATE)


class Migration(migrations.Migration):
    dependencies = [("audit", "0007_chain_fields")]

    # Backwards: 0007's reversal drops the columns; nothing to undo here.
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
