from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0011_case_participant_names"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="caselink",
            index=models.Index(
                condition=models.Q(("status", "proposed")),
                fields=["-created_at", "-id"],
                name="cases_link_proposed_idx",
            ),
        ),
    ]
