"""The hash chain's columns (nullable until 0008 fills them) and the record of its checks."""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("audit", "0006_auth_actions")]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="seq",
            field=models.BigIntegerField(editable=False, null=True, verbose_name="sequence number"),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="prev_hash",
            field=models.CharField(
                editable=False, max_length=64, null=True, verbose_name="previous event's hash"
            ),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(editable=False, max_length=64, null=True, verbose_name="hash"),
        ),
        migrations.CreateModel(
            name="AuditChainCheck",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "checked_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="checked at"
                    ),
                ),
                (
                    "source",
                    models.CharField(
                        choices=[
                            ("command", "manage.py verify_audit"),
                            ("nightly", "nightly check"),
                        ],
                        max_length=20,
                        verbose_name="run by",
                    ),
                ),
                ("ok", models.BooleanField(verbose_name="intact")),
                ("from_seq", models.BigIntegerField(default=1, verbose_name="from seq")),
                (
                    "events_checked",
                    models.BigIntegerField(default=0, verbose_name="events checked"),
                ),
                (
                    "last_seq",
                    models.BigIntegerField(blank=True, null=True, verbose_name="last seq"),
                ),
                (
                    "last_hash",
                    models.CharField(blank=True, max_length=64, verbose_name="last hash"),
                ),
                (
                    "problem",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("content", "content changed"),
                            ("link", "link broken"),
                            ("gap", "events deleted"),
                            ("order", "out of sequence"),
                            ("missing", "latest events missing"),
                        ],
                        max_length=20,
                        verbose_name="problem",
                    ),
                ),
                (
                    "broken_seq",
                    models.BigIntegerField(blank=True, null=True, verbose_name="broken at seq"),
                ),
                (
                    "broken_event_id",
                    models.BigIntegerField(blank=True, null=True, verbose_name="broken at event"),
                ),
                (
                    "broken_occurred_at",
                    models.DateTimeField(
                        blank=True, null=True, verbose_name="time of the broken event"
                    ),
                ),
                ("message", models.TextField(blank=True, verbose_name="message")),
                ("duration", models.FloatField(default=0, verbose_name="duration, s")),
            ],
            options={
                "verbose_name": "audit chain check",
                "verbose_name_plural": "audit chain checks",
                "ordering": ["-id"],
                "default_permissions": ("view",),
            },
        ),
    ]
