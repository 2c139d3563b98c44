"""The cases an officer is assigned to, read from an index alone.

The rule's "assigned investigator" term (``cases.querysets._assigned_sql``) reads the ids of
every case the officer is assigned to. Django's index on the user column sent the read to the
table's rows: an investigator's 403 cases were 283 heap pages, once for each list, count and
home section that asks whether the officer may change a case or see its victims. With the
case's id in the index the read stays in it.

The table is the one Django creates for ``Case.investigators`` (no model of its own to declare
the index on); the SQL is the same on PostgreSQL and SQLite.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("cases", "0012_link_proposed_index")]

    operations = [
        migrations.RunSQL(
            'CREATE INDEX IF NOT EXISTS "cases_case_investigators_user_case" '
            'ON "cases_case_investigators" ("user_id", "case_id")',
            'DROP INDEX IF EXISTS "cases_case_investigators_user_case"',
        )
    ]
