"""Seed who supplies each required element: the signature and seal are added on approval.

Chisinau Convention Art. 7 [V]: a request is signed and sealed by the requesting institution;
in both countries that is done when the prosecutor (or, for police channels, the coordinator)
approves the request, never by its drafter [L: practice of both General Prosecutor's Offices].
Every other seeded element is supplied by the drafter (the field's default).
"""

from django.db import migrations

ADDED_ON_APPROVAL = ("signature-and-seal",)


def seed(apps, schema_editor):
    RequiredElement = apps.get_model("treaties", "RequiredElement")
    RequiredElement.objects.filter(code__in=ADDED_ON_APPROVAL).update(supplied_by="approval")


def unseed(apps, schema_editor):
    RequiredElement = apps.get_model("treaties", "RequiredElement")
    RequiredElement.objects.filter(code__in=ADDED_ON_APPROVAL).update(supplied_by="drafter")


class Migration(migrations.Migration):
    dependencies = [
        ("treaties", "0015_required_element_supplied_by"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
