"""Custody clocks as the law counts them: hours and сутки from the moment of detention, the jurisdiction whose law sets each rule, the 60-hour motion clock, hour reminders.

Each rule belongs to the state whose law sets it (``country``; empty for a treaty rule binding
both) and cites its own article; a treaty article that also sets or bounds it is a source
(``DeadlineRuleSource``), cited only while its treaty governs the pair of states on the date of
the event — so the Minsk Convention, which the Chisinau Convention replaced between its parties
(Chisinau Art. 120(3)), stays as history and is never cited between KR and KZ.

Marks: [V] verified in the text; [L] a secondary source; [U] to be confirmed. The articles of
the Chisinau Convention on custody before the request, supplementary information and surrender
could not be checked against an official text: they are seeded [U] with the best source found,
and a registry administrator confirms or corrects them. No rule of the Kyrgyz CPC on detaining a
person wanted by another state could be verified either: the KR rule is seeded [U], and the
portal says so on the file and in the clock.

Idempotent: rows are written with ``update_or_create`` on natural keys (rules by code,
provisions by instrument and article, sources by rule and provision); rows another seed may own
(an instrument's or a treaty article's own data) are only created when missing.
"""

import datetime

from django.db import migrations

D = datetime.date

KZ_CPC = "УПК РК"
KR_CPC = "УПК КР"
CHISINAU = "Chisinau Convention"
MINSK = "Minsk Convention"

KZ_CPC_TEXT = (
    "Уголовно-процессуальный кодекс РК от 4 июля 2014 г. № 231-V, гл. 60 (выдача лица), "
    "официальный текст: adilet.zan.kz (K1400000231); сверено по тексту статьи"
)
CHISINAU_UNCONFIRMED = (
    "Кишинёвская конвенция от 07.10.2002, ч. II «Выдача» (ст. 66 и след.): номер статьи по "
    "вторичным источникам, текст с официальным не сверен — подтвердить по тексту Конвенции "
    "(Единый реестр правовых актов и других документов СНГ; Закон РК от 10.03.2004 № 531)"
)

# The national codes the rules cite: created when missing (an instrument another seed already
# holds is left as it is).
NATIONAL_LAWS = {
    KR_CPC: {
        "name_ru": "УПК КР",
        "name_en": "KR CPC",
        "title_ru": "Уголовно-процессуальный кодекс Кыргызской Республики",
        "title_en": "Criminal Procedure Code of the Kyrgyz Republic",
        "kind": "national",
        "place_signed": "Бишкек",
        "is_legal_basis": False,
        "covers_mla": False,
        "covers_extradition": False,
        "precedence": 100,
        "notes": (
            "Национальное право: порядок задержания в Кыргызской Республике лица, "
            "разыскиваемого иностранным государством. Статьи и сроки — подтвердить."
        ),
        "source": (
            "Уголовно-процессуальный кодекс КР от 28 октября 2021 г. № 129 (реквизиты — "
            "вторичный источник; официальный текст: cbd.minjust.gov.kg)"
        ),
        "confidence": "L",
    },
}
NATIONAL_PARTIES = {
    (KR_CPC, "KG"): {
        "status": "in_force",
        "source": "УПК КР от 28.10.2021 № 129 (вторичный источник)",
        "confidence": "L",
    },
    (KR_CPC, "KZ"): {
        "status": "not_party",
        "reservations": "Национальный закон Кыргызской Республики.",
        "source": "УПК КР — национальный закон Кыргызской Республики",
        "confidence": "V",
    },
}
# Short names for instruments that have none yet (never overwriting one already recorded).
SHORT_NAMES = {
    KZ_CPC: ("УПК РК", "KZ CPC"),
    CHISINAU: ("Кишинёвская конвенция", "Chisinau Convention"),
    MINSK: ("Минская конвенция", "Minsk Convention"),
}

# (instrument, article) -> fields. The KZ CPC articles are the rules' own; the treaty articles
# are sources (created only when missing).
OWN_PROVISIONS = {
    (KZ_CPC, "587(2)"): {
        "subject": "Задержание лица, разыскиваемого иностранным государством: 72 часа",
        "summary": (
            "В течение семидесяти двух часов с момента задержания устанавливаются личность и "
            "гражданство задержанного, у инициатора розыска истребуются обстоятельства деяния, "
            "текст уголовного закона, решение о взятии под стражу и объявлении в розыск и "
            "подтверждение необходимости взятия под стражу."
        ),
        "source": f"УПК РК, ст. 587 ч. 2; {KZ_CPC_TEXT}",
        "confidence": "V",
    },
    (KZ_CPC, "588(1)"): {
        "subject": "Временное содержание под стражей до поступления запроса о выдаче",
        "summary": (
            "Прокурор не позднее чем за двенадцать часов до истечения семидесятидвухчасового "
            "срока задержания вносит в суд ходатайство о временном содержании под стражей на "
            "сорок суток с момента задержания или на иной срок, установленный международным "
            "договором, до поступления запроса о выдаче."
        ),
        "source": f"УПК РК, ст. 588 ч. 1; {KZ_CPC_TEXT}",
        "confidence": "V",
    },
}
TREATY_PROVISIONS = {
    (CHISINAU, "75"): {
        "subject": "Освобождение лица, взятого под стражу до получения запроса о выдаче",
        "summary": (
            "Лицо, взятое под стражу до получения запроса о выдаче, освобождается, если запрос "
            "со всеми документами не поступил в установленный срок (40 дней со дня взятия под "
            "стражу — по аналогии со ст. 62 Минской конвенции). Номер статьи и срок — "
            "подтвердить."
        ),
        "source": CHISINAU_UNCONFIRMED,
        "confidence": "U",
    },
    (CHISINAU, "70"): {
        "subject": "Дополнительные сведения к запросу о выдаче",
        "summary": (
            "Если запрос неполон, запрашиваемая сторона может запросить дополнительные "
            "сведения и установить срок до одного месяца, который может быть продлён. Номер "
            "статьи — подтвердить."
        ),
        "source": CHISINAU_UNCONFIRMED,
        "confidence": "U",
    },
    (CHISINAU, "80"): {
        "subject": "Передача выдаваемого лица",
        "summary": (
            "Если запрашивающая сторона не примет лицо в течение 15 дней после установленной "
            "даты передачи, лицо может быть освобождено. Номер статьи — подтвердить."
        ),
        "source": CHISINAU_UNCONFIRMED,
        "confidence": "U",
    },
}

HISTORY = (
    "История: между КР и РК не применяется — Кишинёвская конвенция прекратила действие Минской "
    "конвенции между своими участниками (ст. 120(3)); цитируется только там, где она действует."
)

# code -> fields (instrument and provision by natural key).
RULES = {
    "kz-detention-72h": {
        "name_ru": "Задержание разыскиваемого лица в Казахстане: 72 часа",
        "name_en": "Detention in Kazakhstan of a person wanted by the other state: 72 hours",
        "instrument": KZ_CPC,
        "provision": "587(2)",
        "citation": "УПК РК, ст. 587 ч. 2",
        "trigger": "person_detained",
        "counted_from": "",
        "country": "KZ",
        "length": 72,
        "unit": "hours",
        "jurisdiction": "detaining_state",
        "reminder_lead_days": [1, 0],
        "reminder_lead_hours": [24, 12, 2],
        "is_practice": False,
        "description": (
            "Семьдесят два часа с момента задержания: установить личность и гражданство, "
            "истребовать документы у инициатора розыска; без решения суда лицо освобождается. "
            "/ 72 hours from the moment of detention: establish identity and citizenship, obtain "
            "the documents; without a court's order the person is released."
        ),
        "source": f"УПК РК, ст. 587 ч. 2; {KZ_CPC_TEXT}",
        "confidence": "V",
    },
    "kz-custody-motion-60h": {
        "name_ru": "Ходатайство прокурора в суд о временном содержании под стражей",
        "name_en": "Prosecutor's motion to the court for temporary custody",
        "instrument": KZ_CPC,
        "provision": "588(1)",
        "citation": "УПК РК, ст. 588 ч. 1",
        "trigger": "person_detained",
        "counted_from": "",
        "country": "KZ",
        "length": 60,
        "unit": "hours",
        "jurisdiction": "detaining_state",
        "reminder_lead_days": [],
        "reminder_lead_hours": [24, 12, 6, 2],
        "is_practice": False,
        "description": (
            "Прокурор вносит ходатайство в суд не позднее чем за 12 часов до истечения 72 часов "
            "задержания, то есть в течение 60 часов с момента задержания. / The prosecutor "
            "files the motion no later than 12 hours before the 72 hours end: within 60 hours "
            "of the detention."
        ),
        "source": f"УПК РК, ст. 588 ч. 1; {KZ_CPC_TEXT}",
        "confidence": "V",
    },
    "detention-pending-extradition-request-40d": {
        "name_ru": "Временное содержание под стражей до получения запроса о выдаче",
        "name_en": "Temporary custody pending the extradition request",
        "instrument": KZ_CPC,
        "provision": "588(1)",
        "citation": "УПК РК, ст. 588 ч. 1",
        "trigger": "custody_ordered",
        "counted_from": "person_detained",
        "country": "KZ",
        "length": 40,
        "unit": "full_days",
        "jurisdiction": "detaining_state",
        "reminder_lead_days": [10, 7, 3, 1, 0],
        "reminder_lead_hours": [240, 168, 72, 24, 12, 2],
        "is_practice": False,
        "description": (
            "Сорок суток с момента задержания (или иной срок, установленный международным "
            "договором): лицо освобождается, если запрос о выдаче с документами не поступил. "
            "Суд избирает меру, но срок считается с момента задержания, а не со дня решения "
            "суда. / Forty 24-hour periods from the moment of detention (or another period set "
            "by the treaty): the person is released if the extradition request with its "
            "documents has not arrived. Counted from the detention, not from the court's order."
        ),
        "source": f"УПК РК, ст. 588 ч. 1; {KZ_CPC_TEXT}",
        "confidence": "V",
    },
    "extradition-supplement-1m": {
        "name_ru": "Представление дополнительных сведений к запросу о выдаче",
        "name_en": "Supplementary information for an incomplete extradition request",
        "instrument": CHISINAU,
        "provision": "70",
        "citation": "Кишинёвская конвенция, ст. 70 (подтвердить)",
        "trigger": "extradition_supplement_requested",
        "counted_from": "",
        "country": "",
        "length": 1,
        "unit": "months",
        "jurisdiction": "requesting_state",
        "reminder_lead_days": [7, 3, 1, 0],
        "reminder_lead_hours": [],
        "is_practice": False,
        "description": (
            "Запрашивающее государство представляет дополнительные сведения в срок, "
            "установленный запрашиваемым государством (до одного месяца, может быть продлён). "
            "/ The requesting state supplies the information by the deadline set by the "
            "requested state (up to one month, extendable)."
        ),
        "source": CHISINAU_UNCONFIRMED,
        "confidence": "U",
    },
    "surrender-takeover-15d": {
        "name_ru": "Приём выдаваемого лица после установленной даты передачи",
        "name_en": "Take-over of the person after the fixed surrender date",
        "instrument": CHISINAU,
        "provision": "80",
        "citation": "Кишинёвская конвенция, ст. 80 (подтвердить)",
        "trigger": "surrender_date_fixed",
        "counted_from": "",
        "country": "",
        "length": 15,
        "unit": "days",
        "jurisdiction": "detaining_state",
        "reminder_lead_days": [7, 3, 1, 0],
        "reminder_lead_hours": [],
        "is_practice": False,
        "description": (
            "Лицо подлежит освобождению, если запрашивающее государство не приняло его в "
            "течение 15 дней после установленной даты передачи. / The person is released if the "
            "requesting state does not take them over within 15 days after the fixed date."
        ),
        "source": CHISINAU_UNCONFIRMED,
        "confidence": "U",
    },
    "kg-detention-wanted-person": {
        "name_ru": "Задержание разыскиваемого лица в Кыргызстане",
        "name_en": "Detention in Kyrgyzstan of a person wanted by the other state",
        "instrument": KR_CPC,
        "provision": None,
        "citation": "УПК КР — статья о задержании лица, разыскиваемого иностранным государством",
        "trigger": "person_detained",
        "counted_from": "",
        "country": "KG",
        "length": 48,
        "unit": "hours",
        "jurisdiction": "detaining_state",
        "reminder_lead_days": [],
        "reminder_lead_hours": [24, 12, 2],
        "is_practice": False,
        "description": (
            "Срок задержания по законодательству КР: 48 часов до судебной проверки — общий срок "
            "задержания; статья УПК КР о лице, разыскиваемом иностранным государством, и её "
            "срок не подтверждены. Нормы УПК РК к задержанию в КР не применяются. / The KR "
            "period: 48 hours before a court's review is the general detention limit; the KR "
            "CPC article on a person wanted abroad and its period are not confirmed. The KZ CPC "
            "never applies to a detention in KR."
        ),
        "source": (
            "УПК КР от 28.10.2021 № 129 — статья и срок не установлены по официальному тексту; "
            "48 часов — общий срок задержания до судебной проверки (вторичные источники). "
            "Подтвердить по cbd.minjust.gov.kg"
        ),
        "confidence": "U",
    },
}

# (rule, instrument, article) -> (note, source, mark). A treaty article cited beside the rule's
# own while its treaty governs the pair of states on the date of the event.
SOURCES = {
    ("detention-pending-extradition-request-40d", CHISINAU, "75"): (
        "Срок, установленный международным договором (УПК РК, ст. 588 ч. 1): статья "
        "Кишинёвской конвенции о содержании под стражей до получения запроса — подтвердить",
        CHISINAU_UNCONFIRMED,
        "U",
    ),
    ("detention-pending-extradition-request-40d", MINSK, "62"): (
        HISTORY,
        "Минская конвенция, ст. 62 в ред. Протокола от 28.03.1997 («сорок дней со дня взятия "
        "под стражу»)",
        "V",
    ),
    ("extradition-supplement-1m", MINSK, "59"): (HISTORY, "Минская конвенция, ст. 59", "U"),
    ("surrender-takeover-15d", MINSK, "64"): (HISTORY, "Минская конвенция, ст. 64", "L"),
}


def seed(apps, schema_editor):
    Instrument = apps.get_model("treaties", "Instrument")
    InstrumentParty = apps.get_model("treaties", "InstrumentParty")
    Provision = apps.get_model("treaties", "Provision")
    DeadlineRule = apps.get_model("treaties", "DeadlineRule")
    DeadlineRuleSource = apps.get_model("treaties", "DeadlineRuleSource")

    for short_name, fields in NATIONAL_LAWS.items():
        Instrument.objects.get_or_create(short_name=short_name, defaults=fields)
    for short_name, (name_ru, name_en) in SHORT_NAMES.items():
        Instrument.objects.filter(short_name=short_name, name_ru="").update(name_ru=name_ru)
        Instrument.objects.filter(short_name=short_name, name_en="").update(name_en=name_en)
    instruments = {
        i.short_name: i
        for i in Instrument.objects.filter(short_name__in=[KZ_CPC, KR_CPC, CHISINAU, MINSK])
    }
    for (short_name, country), fields in NATIONAL_PARTIES.items():
        InstrumentParty.objects.get_or_create(
            instrument=instruments[short_name], country=country, defaults=fields
        )

    provisions = {}
    for (short_name, article), fields in OWN_PROVISIONS.items():
        provisions[(short_name, article)], _ = Provision.objects.update_or_create(
            instrument=instruments[short_name], article=article, defaults=fields
        )
    for (short_name, article), fields in TREATY_PROVISIONS.items():
        provisions[(short_name, article)], _ = Provision.objects.get_or_create(
            instrument=instruments[short_name], article=article, defaults=fields
        )

    rules = {}
    for code, fields in RULES.items():
        defaults = dict(fields)
        short_name, article = defaults.pop("instrument"), defaults.pop("provision")
        defaults["instrument"] = instruments[short_name]
        defaults["provision"] = provisions[(short_name, article)] if article else None
        defaults["day_kind"] = "calendar"
        defaults["is_active"] = True
        rules[code], _ = DeadlineRule.objects.update_or_create(code=code, defaults=defaults)

    for (code, short_name, article), (note, source, mark) in SOURCES.items():
        provision = provisions.get((short_name, article)) or Provision.objects.get(
            instrument=instruments[short_name], article=article
        )
        DeadlineRuleSource.objects.update_or_create(
            rule=rules[code],
            provision=provision,
            defaults={"note": note, "source": source, "confidence": mark},
        )


def unseed(apps, schema_editor):
    """Back to the registry of 0002: the new rules and sources go, the re-pointed rules take
    their earlier values again."""
    import importlib

    Instrument = apps.get_model("treaties", "Instrument")
    Provision = apps.get_model("treaties", "Provision")
    DeadlineRule = apps.get_model("treaties", "DeadlineRule")
    DeadlineRuleSource = apps.get_model("treaties", "DeadlineRuleSource")

    DeadlineRuleSource.objects.filter(rule__code__in=list(RULES)).delete()
    earlier = importlib.import_module("treaties.migrations.0002_seed_registry").DEADLINE_RULES
    for code in RULES:
        if code not in earlier:
            DeadlineRule.objects.filter(code=code).delete()
            continue
        fields = dict(earlier[code])
        short_name, article = fields.pop("instrument"), fields.pop("provision")
        fields["instrument"] = Instrument.objects.get(short_name=short_name)
        fields["provision"] = Provision.objects.get(
            instrument__short_name=short_name, article=article
        )
        fields.update(counted_from="", country="", reminder_lead_hours=[])
        DeadlineRule.objects.filter(code=code).update(**fields)
    Provision.objects.filter(
        instrument__short_name=KZ_CPC, article__in=[a for _i, a in OWN_PROVISIONS]
    ).delete()
    Instrument.objects.filter(short_name__in=list(NATIONAL_LAWS)).delete()


class Migration(migrations.Migration):
    dependencies = [("treaties", "0010_seed_instruments_as_applied")]

    operations = [migrations.RunPython(seed, unseed)]
