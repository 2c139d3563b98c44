"""Sanctions of the trafficking articles of both codes, editions' dates in force, the enforcement threshold on the sentence imposed, decreed and moving non-working days 2025–2027.

(Placeholder: the data lands with its mechanism.)
"""

from django.db import migrations


def seed(apps, schema_editor):
    pass


def unseed(apps, schema_editor):
    pass


class Migration(migrations.Migration):
    dependencies = [("treaties", "0011_seed_custody_rules")]

    operations = [migrations.RunPython(seed, unseed)]
