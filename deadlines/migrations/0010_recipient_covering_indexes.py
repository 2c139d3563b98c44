"""The clocks addressed or escalated to an officer, read from an index alone.

The visibility rule of clocks (``DeadlineQuerySet.visible_to``) reads the ids of every clock
addressed to the officer and of every clock escalated to them. Django's index on the user
column sent each read to the table's rows: an investigator's 848 clocks were 495 heap pages
(~1 ms), once for each list, count and section that asks the rule. With the clock's id in the
index the read stays in it (0.1 ms).

The tables are the ones Django creates for the many-to-many fields (no model of their own to
declare the index on); the SQL is the same on PostgreSQL and SQLite.
"""

from django.db import migrations

TABLES = ("deadlines_deadline_responsible", "deadlines_deadline_escalation")


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0009_running_kind_index")]

    operations = [
        migrations.RunSQL(
            f'CREATE INDEX IF NOT EXISTS "{table}_user_deadline" ON "{table}" ("user_id", "deadline_id")',
            f'DROP INDEX IF EXISTS "{table}_user_deadline"',
        )
        for table in TABLES
    ]
