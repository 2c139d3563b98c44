"""Custody clocks as the law counts them: hours and сутки from the moment of detention, the jurisdiction whose law sets each rule, the 60-hour motion clock, hour reminders.

(Placeholder: the data lands with its mechanism.)
"""

from django.db import migrations


def seed(apps, schema_editor):
    pass


def unseed(apps, schema_editor):
    pass


class Migration(migrations.Migration):
    dependencies = [("treaties", "0010_seed_instruments_as_applied")]

    operations = [migrations.RunPython(seed, unseed)]
