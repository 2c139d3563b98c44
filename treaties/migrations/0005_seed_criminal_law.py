"""Seed national criminal law: code editions, trafficking articles, forms of exploitation.

Every value carries its source and a confidence mark: "V" verified, "L" likely, "U" to be
confirmed. The statutory text of an article is left empty on purpose: an admin pastes the
official wording (it is quoted in requests for legal assistance and must not be paraphrased).
Rows are written with ``update_or_create`` on their natural keys, so running it again does not
duplicate anything; the reverse deletes what it created, by the same natural keys.
"""

import datetime

from django.db import migrations

D = datetime.date

CBD_KG = "Централизованный банк данных правовой информации КР (cbd.minjust.gov.kg)"
ADILET_KZ = "ИПС «Әділет» (adilet.zan.kz)"

KR_1997 = "УК КР 1997"
KR_2017 = "УК КР 2017"
KR_2021 = "УК КР 2021"
KZ_2014 = "УК РК 2014"

KR_1997_REF = "УК КР от 01.10.1997 № 68"
KR_2017_REF = "УК КР от 02.02.2017 № 19"
KR_2021_REF = "УК КР от 28.10.2021 № 127"
KZ_2014_REF = "УК РК от 03.07.2014 № 226-V"

# --- Code editions --------------------------------------------------------------------------
# short_name -> fields
CODES = {
    KR_1997: {
        "country": "KG",
        "name_ru": "Уголовный кодекс Кыргызской Республики от 1 октября 1997 года № 68",
        "name_en": "Criminal Code of the Kyrgyz Republic of 1 October 1997 No. 68",
        "act": "Закон Кыргызской Республики от 1 октября 1997 г. № 68",
        "in_force_from": D(1998, 1, 1),
        "in_force_to": D(2019, 1, 1),
        "source": f"{KR_1997_REF}; {CBD_KG}",
        "confidence": "V",
    },
    KR_2017: {
        "country": "KG",
        "name_ru": "Уголовный кодекс Кыргызской Республики от 2 февраля 2017 года № 19",
        "name_en": "Criminal Code of the Kyrgyz Republic of 2 February 2017 No. 19",
        "act": "Закон Кыргызской Республики от 2 февраля 2017 г. № 19",
        "in_force_from": D(2019, 1, 1),
        "in_force_to": D(2021, 12, 1),
        "source": f"{KR_2017_REF}; {CBD_KG}",
        "confidence": "V",
    },
    KR_2021: {
        "country": "KG",
        "name_ru": "Уголовный кодекс Кыргызской Республики от 28 октября 2021 года № 127",
        "name_en": "Criminal Code of the Kyrgyz Republic of 28 October 2021 No. 127",
        "act": "Закон Кыргызской Республики от 28 октября 2021 г. № 127",
        "in_force_from": D(2021, 12, 1),
        "in_force_to": None,
        "source": f"{KR_2021_REF} (дата вступления в силу — вторичный источник); {CBD_KG}",
        "confidence": "L",
    },
    KZ_2014: {
        "country": "KZ",
        "name_ru": "Уголовный кодекс Республики Казахстан от 3 июля 2014 года № 226-V",
        "name_en": "Criminal Code of the Republic of Kazakhstan of 3 July 2014 No. 226-V",
        "act": "Кодекс Республики Казахстан от 3 июля 2014 г. № 226-V ЗРК",
        "in_force_from": D(2015, 1, 1),
        "in_force_to": None,
        "source": f"{KZ_2014_REF}; {ADILET_KZ}",
        "confidence": "V",
    },
}

# --- Articles -------------------------------------------------------------------------------
# (code, article, part, clause) -> fields. `text` stays empty: the official wording is pasted by
# an admin. max_imprisonment_months only where the penalty is known.
ARTICLES = {
    (KR_1997, "124", "", ""): {
        "title_ru": "Торговля людьми",
        "title_en": "Trafficking in persons",
        "category": "trafficking",
        "source": f"{KR_1997_REF}, ст. 124",
        "confidence": "V",
    },
    (KR_2017, "171", "", ""): {
        "title_ru": "Торговля людьми",
        "title_en": "Trafficking in persons",
        "category": "trafficking",
        "source": f"{KR_2017_REF}, ст. 171",
        "confidence": "V",
    },
    (KR_2017, "173", "", ""): {
        "title_ru": "Использование принудительного труда",
        "title_en": "Use of forced labour",
        "category": "forced_labour",
        "source": f"{KR_2017_REF}, ст. 173 (вторичный источник)",
        "confidence": "L",
    },
    (KR_2021, "166", "", ""): {
        "title_ru": "Торговля людьми",
        "title_en": "Trafficking in persons",
        "category": "trafficking",
        "source": f"{KR_2021_REF}, ст. 166 (вторичный источник)",
        "confidence": "L",
    },
    (KR_2021, "167", "", ""): {
        "title_ru": "Торговля детьми",
        "title_en": "Trafficking in children",
        "category": "trafficking_minors",
        "source": f"{KR_2021_REF}, ст. 167 (вторичный источник)",
        "confidence": "L",
    },
    (KR_2021, "170", "", ""): {
        "title_ru": "Использование принудительного труда (эксплуатация)",
        "title_en": "Use of forced labour (exploitation)",
        "category": "forced_labour",
        "source": f"{KR_2021_REF}, ст. 170 (наименование статьи — вторичный источник)",
        "confidence": "L",
    },
    (KZ_2014, "128", "1", ""): {
        "title_ru": "Торговля людьми",
        "title_en": "Trafficking in persons",
        "category": "trafficking",
        # 4 to 7 years with confiscation of property: the upper bound, in months.
        "max_imprisonment_months": 84,
        "source": (
            f"{KZ_2014_REF}, ст. 128 ч. 1; санкция (лишение свободы от 4 до 7 лет с "
            "конфискацией имущества) — вторичный источник"
        ),
        "confidence": "L",
    },
    (KZ_2014, "128", "2", ""): {
        "title_ru": "Торговля людьми при отягчающих обстоятельствах",
        "title_en": "Trafficking in persons, aggravated",
        "category": "trafficking",
        "source": (
            f"{KZ_2014_REF}, ст. 128 ч. 2 (номер части и перечень отягчающих признаков, в т.ч. "
            "вывоз, ввоз, транзит через границу, подтвердить по официальному тексту)"
        ),
        "confidence": "U",
    },
    (KZ_2014, "135", "", ""): {
        "title_ru": "Торговля несовершеннолетними",
        "title_en": "Trafficking in minors",
        "category": "trafficking_minors",
        "source": f"{KZ_2014_REF}, ст. 135",
        "confidence": "V",
    },
    (KZ_2014, "125", "", ""): {
        "title_ru": "Похищение человека",
        "title_en": "Abduction",
        "category": "related",
        "source": f"{KZ_2014_REF}, ст. 125 (вторичный источник)",
        "confidence": "L",
    },
    (KZ_2014, "126", "", ""): {
        "title_ru": "Незаконное лишение свободы",
        "title_en": "Illegal deprivation of liberty",
        "category": "related",
        "source": f"{KZ_2014_REF}, ст. 126 (вторичный источник)",
        "confidence": "L",
    },
    (KZ_2014, "134", "", ""): {
        "title_ru": "Вовлечение несовершеннолетнего в занятие проституцией",
        "title_en": "Involving a minor in prostitution",
        "category": "related",
        "source": f"{KZ_2014_REF}, ст. 134 (вторичный источник)",
        "confidence": "L",
    },
    (KZ_2014, "308", "", ""): {
        "title_ru": "Вовлечение в занятие проституцией",
        "title_en": "Involving a person in prostitution",
        "category": "related",
        "source": f"{KZ_2014_REF}, ст. 308 (вторичный источник)",
        "confidence": "L",
    },
    (KZ_2014, "309", "", ""): {
        "title_ru": "Организация или содержание притонов для занятия проституцией и сводничество",
        "title_en": "Organising or keeping brothels for prostitution, and pimping",
        "category": "related",
        "source": f"{KZ_2014_REF}, ст. 309 (вторичный источник)",
        "confidence": "L",
    },
}

# Corresponding articles of the other country. The model's M2M is symmetrical, but the
# historical model a migration gets is not (the field is frozen with `to` as a label, not
# "self"), so seed() writes both directions itself.
CORRESPONDENCES = [
    ((KR_1997, "124", "", ""), (KZ_2014, "128", "1", "")),
    ((KR_2017, "171", "", ""), (KZ_2014, "128", "1", "")),
    ((KR_2021, "166", "", ""), (KZ_2014, "128", "1", "")),
    ((KR_2021, "167", "", ""), (KZ_2014, "135", "", "")),
    ((KR_2017, "173", "", ""), (KZ_2014, "128", "1", "")),
    ((KR_2021, "170", "", ""), (KZ_2014, "128", "1", "")),
]

# --- Forms of exploitation ------------------------------------------------------------------
PROTOCOL_ART_3 = "Протокол о торговле людьми, ст. 3(a)"
NATIONAL_PRACTICE = "национальное законодательство и практика"

# code -> (name_ru, name_en, source, confidence), in display order.
EXPLOITATION_FORMS = {
    "sexual-exploitation": (
        "Сексуальная эксплуатация",
        "Sexual exploitation",
        PROTOCOL_ART_3,
        "V",
    ),
    "forced-labour": (
        "Принудительный труд или услуги",
        "Forced labour or services",
        PROTOCOL_ART_3,
        "V",
    ),
    "slavery": (
        "Рабство и сходные с рабством обычаи",
        "Slavery or practices similar to slavery",
        PROTOCOL_ART_3,
        "V",
    ),
    "servitude": ("Подневольное состояние", "Servitude", PROTOCOL_ART_3, "V"),
    "organ-removal": (
        "Изъятие органов или тканей",
        "Removal of organs or tissues",
        PROTOCOL_ART_3,
        "V",
    ),
    "forced-begging": (
        "Принудительное попрошайничество",
        "Forced begging",
        NATIONAL_PRACTICE,
        "L",
    ),
    "criminal-activity": (
        "Вовлечение в преступную деятельность",
        "Involvement in criminal activity",
        NATIONAL_PRACTICE,
        "L",
    ),
    "forced-marriage": ("Принудительный брак", "Forced marriage", NATIONAL_PRACTICE, "L"),
    "illegal-adoption": (
        "Незаконное усыновление (удочерение)",
        "Illegal adoption",
        NATIONAL_PRACTICE,
        "L",
    ),
    "pornography": (
        "Использование в порнографии",
        "Use in pornography",
        NATIONAL_PRACTICE,
        "L",
    ),
    "armed-conflict": (
        "Использование в вооружённом конфликте",
        "Use in armed conflict",
        NATIONAL_PRACTICE,
        "L",
    ),
}


def seed(apps, schema_editor):
    CriminalCode = apps.get_model("treaties", "CriminalCode")
    CriminalArticle = apps.get_model("treaties", "CriminalArticle")
    ExploitationForm = apps.get_model("treaties", "ExploitationForm")

    codes = {}
    for short_name, fields in CODES.items():
        codes[short_name], _ = CriminalCode.objects.update_or_create(
            short_name=short_name, defaults=fields
        )

    articles = {}
    for key, fields in ARTICLES.items():
        short_name, article, part, clause = key
        articles[key], _ = CriminalArticle.objects.update_or_create(
            code=codes[short_name],
            article=article,
            part=part,
            clause=clause,
            defaults=fields,
        )

    for left, right in CORRESPONDENCES:
        articles[left].corresponding.add(articles[right])
        articles[right].corresponding.add(articles[left])

    for order, (code, (name_ru, name_en, source, confidence)) in enumerate(
        EXPLOITATION_FORMS.items(), start=1
    ):
        ExploitationForm.objects.update_or_create(
            code=code,
            defaults={
                "name_ru": name_ru,
                "name_en": name_en,
                "order": order,
                "source": source,
                "confidence": confidence,
            },
        )


def unseed(apps, schema_editor):
    CriminalCode = apps.get_model("treaties", "CriminalCode")
    CriminalArticle = apps.get_model("treaties", "CriminalArticle")
    ExploitationForm = apps.get_model("treaties", "ExploitationForm")

    ExploitationForm.objects.filter(code__in=list(EXPLOITATION_FORMS)).delete()
    # Articles first: an article's code is PROTECT. Deleting an article also drops its
    # correspondences.
    for short_name, article, part, clause in ARTICLES:
        CriminalArticle.objects.filter(
            code__short_name=short_name, article=article, part=part, clause=clause
        ).delete()
    CriminalCode.objects.filter(short_name__in=list(CODES)).delete()


class Migration(migrations.Migration):
    dependencies = [("treaties", "0004_criminal_law")]

    operations = [migrations.RunPython(seed, unseed)]
