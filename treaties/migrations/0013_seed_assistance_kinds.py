"""Kinds of assistance as registry data: which instrument provides which kind, with its article.

(Placeholder: the data lands with its mechanism.)
"""

from django.db import migrations


def seed(apps, schema_editor):
    pass


def unseed(apps, schema_editor):
    pass


class Migration(migrations.Migration):
    dependencies = [("treaties", "0012_seed_sanctions_and_calendar")]

    operations = [migrations.RunPython(seed, unseed)]
