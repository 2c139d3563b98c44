"""The names a case is searched by, on the case row (see cases.names), filled for the cases
recorded before; trigram indexes serve a word's search on PostgreSQL."""

from django.db import migrations, models

from core.db import trigram_indexes


def fill(apps, schema_editor):
    # One UPDATE over every case from its participants: the module that keeps the names is
    # the one place that knows how they are written.
    from cases import names

    names.refresh()


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0010_participant_person_covering"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="participant_names",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="case",
            name="victim_names",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        *trigram_indexes("cases_case", "participant_names", "victim_names")[1:],
    ]
