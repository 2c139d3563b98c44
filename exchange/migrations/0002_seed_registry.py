"""The exchange's registry values: the handling codes and the practice target of an answer to
an urgent message. Practice, not treaty law: the sources say so and the marks are honest."""

from django.db import migrations

SOURCE = (
    "Коды обработки информации H0–H2 по образцу Европола (Europol handling codes); между "
    "органами КР и РК договором не закреплены — применяются по договорённости сторон"
)

HANDLING_CODES = {
    "H0": {
        "name_ru": "Может использоваться в судебном разбирательстве",
        "name_en": "May be used in judicial proceedings",
        "meaning_ru": (
            "Сведения могут использоваться в уголовном судопроизводстве, в том числе как "
            "доказательства, без дополнительного согласия отправителя."
        ),
        "meaning_en": (
            "The information may be used in criminal proceedings, evidence included, without "
            "the sender's further consent."
        ),
        "evidence_use": True,
        "dissemination": True,
        "order": 0,
    },
    "H1": {
        "name_ru": "Не как доказательство без согласия отправителя",
        "name_en": "Not as evidence without the sender's consent",
        "meaning_ru": (
            "Сведения не используются как доказательства в судебном разбирательстве без "
            "согласия отправителя; для этого направляется официальный запрос о правовой помощи."
        ),
        "meaning_en": (
            "The information is not used as evidence in judicial proceedings without the "
            "sender's consent; a formal request for legal assistance asks for it."
        ),
        "evidence_use": False,
        "dissemination": True,
        "order": 1,
    },
    "H2": {
        "name_ru": "Без дальнейшего распространения без согласия",
        "name_en": "No further dissemination without consent",
        "meaning_ru": (
            "Сведения не передаются другим органам и лицам без согласия отправителя и не "
            "используются как доказательства без его согласия."
        ),
        "meaning_en": (
            "The information is not passed on to other bodies or persons, nor used as "
            "evidence, without the sender's consent."
        ),
        "evidence_use": False,
        "dissemination": False,
        "order": 2,
    },
}

RULE = {
    "name_ru": "Ответ на срочное сообщение",
    "name_en": "Answer to an urgent message",
    "citation": "Практика обмена информацией (не норма права); UNTOC, ст. 18(4)",
    "trigger": "exchange_urgent_message",
    "length": 24,
    "unit": "hours",
    "day_kind": "calendar",
    "jurisdiction": "requested_state",
    "reminder_lead_days": [],
    "reminder_lead_hours": [12, 2],
    "is_practice": True,
    "is_active": True,
    "description": (
        "Получатель срочного сообщения подтверждает получение или отвечает в течение 24 часов "
        "— целевой срок практики, не норма права; настраивается. / The recipient of an urgent "
        "message acknowledges or answers within 24 hours — a practice target, not law; "
        "configurable."
    ),
    "source": (
        "Практика сотрудничества органов КР–РК; UNTOC, ст. 18(4) (передача информации без "
        "предварительной просьбы) срока не устанавливает"
    ),
    "confidence": "U",
}


def seed(apps, schema_editor):
    HandlingCode = apps.get_model("exchange", "HandlingCode")
    DeadlineRule = apps.get_model("treaties", "DeadlineRule")
    for code, fields in HANDLING_CODES.items():
        HandlingCode.objects.update_or_create(
            code=code, defaults={**fields, "source": SOURCE, "confidence": "L", "is_active": True}
        )
    DeadlineRule.objects.update_or_create(code="exchange-urgent-response", defaults=RULE)


def unseed(apps, schema_editor):
    apps.get_model("treaties", "DeadlineRule").objects.filter(
        code="exchange-urgent-response", deadlines__isnull=True
    ).delete()
    apps.get_model("exchange", "HandlingCode").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("exchange", "0001_initial"),
        ("treaties", "0016_seed_element_suppliers"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
