"""The legal thresholds cite their source in English too (an English reader of an extradition
file saw «Кишинёвская конвенция 2002 г., ст. 66, п. 2»); seeded for the thresholds of
migrations 0008 and 0012."""

from django.db import migrations, models

CITATIONS_EN = {
    "extradition-prosecution-min-penalty": "Chisinau Convention 2002, Art. 66(2)",
    "extradition-enforcement-min-sentence": "Chisinau Convention 2002, Art. 66(3)",
}


def seed(apps, schema_editor):
    LegalThreshold = apps.get_model("treaties", "LegalThreshold")
    for code, citation in CITATIONS_EN.items():
        # Only where no administrator has written one.
        LegalThreshold.objects.filter(code=code, citation_en="").update(citation_en=citation)


class Migration(migrations.Migration):
    dependencies = [
        ("treaties", "0019_trigger_events_exchange_operations"),
    ]

    operations = [
        migrations.AddField(
            model_name="legalthreshold",
            name="citation_en",
            field=models.CharField(
                blank=True,
                help_text=(
                    "The same source cited in English; the Russian one is shown when it is empty."
                ),
                max_length=255,
                verbose_name="citation (English)",
            ),
        ),
        migrations.AlterField(
            model_name="legalthreshold",
            name="citation",
            field=models.CharField(max_length=255, verbose_name="citation (Russian)"),
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
