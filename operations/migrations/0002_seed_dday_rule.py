"""The registry's rule for the D-day clock of a coordinated operation.

The day is set by the two leaders (a date set by a party); the rule gives what the registry
owns: the reminders' lead times, the citation and the mark. Coordinated operational-search and
preventive measures are a form of cooperation under the CIS Agreement on cooperation in combating
trafficking in persons, human organs and tissues (Minsk, 25 Nov 2005) [L]; the lead times are
the registry's usual ones. Idempotent (update_or_create on the rule's code); editable by registry administrators.
"""

from django.db import migrations

RULE = {
    "code": "coordinated-operation-d-day",
    "name_ru": "День «Д» скоординированной операции",
    "name_en": "D-day of a coordinated operation",
    "citation": "Соглашение СНГ о сотрудничестве в борьбе с торговлей людьми, органами и тканями "
    "человека (Минск, 25.11.2005); решение руководителей сторон",
    "trigger": "operation_planned",
    "length": 1,
    "unit": "set_by_party",
    "jurisdiction": "case_country",
    "reminder_lead_days": [7, 3, 1, 0],
    # A date set by the parties (like a team task's date), not a practice target.
    "is_practice": False,
    "description": (
        "День и час «Ч» устанавливают руководители обеих сторон; напоминания за 7, 3 и 1 день "
        "и в день операции — практика, настраивается. Резервная длина (1) смысла не имеет. / "
        "The leaders of both sides set the day and hour; reminders 7, 3, 1 days before and on "
        "the day are practice, configurable. The fallback length is meaningless here."
    ),
    "source": "Соглашение СНГ от 25.11.2005 (формы сотрудничества); практика КР–РК",
    "confidence": "L",
}


def seed(apps, schema_editor):
    DeadlineRule = apps.get_model("treaties", "DeadlineRule")
    Instrument = apps.get_model("treaties", "Instrument")
    fields = {key: value for key, value in RULE.items() if key != "code"}
    fields["instrument"] = Instrument.objects.filter(short_name="CIS Trafficking Agreement").first()
    DeadlineRule.objects.update_or_create(code=RULE["code"], defaults=fields)


def unseed(apps, schema_editor):
    apps.get_model("treaties", "DeadlineRule").objects.filter(
        code=RULE["code"], deadlines__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("operations", "0001_initial"),
        ("treaties", "0016_seed_element_suppliers"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
