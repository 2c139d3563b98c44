from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0012_link_proposed_index"),
        ("deadlines", "0008_open_index_carries_case"),
        ("treaties", "0020_legal_threshold_citation_en"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="deadline",
            index=models.Index(
                condition=models.Q(("state", "running")),
                fields=["kind", "due_at"],
                name="deadline_running_kind_idx",
            ),
        ),
    ]
