"""Re-create the append-only trigger on SQLite.

SQLite cannot alter a table in place: Django rebuilds it (0003 added columns), and the rebuild
drops its triggers. Every later migration that changes audit_auditevent must end with this
step again; tests/audit/test_append_only.py fails if the trigger is missing.
"""

from django.db import migrations

DROP = "DROP TRIGGER IF EXISTS audit_auditevent_append_only"
CREATE = (
    "CREATE TRIGGER audit_auditevent_append_only BEFORE UPDATE ON audit_auditevent "
    "BEGIN SELECT RAISE(ABORT, 'audit_auditevent is append-only: UPDATE refused'); END"
)


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(DROP)
        schema_editor.execute(CREATE)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_scope_and_protection")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
