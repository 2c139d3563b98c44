"""Instruments as applied between KR and KZ: short names, citation forms, per-party dates with their sources and marks, the 2022 Protocol, channels and competent authorities, the governing treaty's articles.

(Placeholder: the data lands with its mechanism.)
"""

from django.db import migrations


def seed(apps, schema_editor):
    pass


def unseed(apps, schema_editor):
    pass


class Migration(migrations.Migration):
    dependencies = [("treaties", "0009_law_as_applied")]

    operations = [migrations.RunPython(seed, unseed)]
