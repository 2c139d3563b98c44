"""Sanctions of the trafficking articles of both codes, editions' dates in force, the enforcement threshold on the sentence imposed, decreed and moving non-working days 2025–2027.

Every value carries its source and a mark: "V" verified in the text or an official source, "L"
likely (a secondary source such as the U.S. Department of State's annual Trafficking in Persons
reports, or a press report of a decree), "U" to be confirmed (estimated, conflicting or not
found). Where no source gives a value it is left empty and the row is marked "U": the registry
page then says "to be confirmed" instead of showing a guess.

Rows are written with ``update_or_create`` on their natural keys, so the seed can run again (the
test suite re-runs it after emptying the database; the 0008 thresholds are re-created here for
that reason). The reverse removes what this seed added and clears what it filled in.
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

TIP = "U.S. Department of State, Trafficking in Persons Report {year}: {country} (state.gov)"
TIP_KG_2017 = TIP.format(year=2017, country="Kyrgyz Republic")
TIP_KG_2019 = TIP.format(year=2019, country="Kyrgyz Republic")
TIP_KG_2021 = TIP.format(year=2021, country="Kyrgyz Republic")
TIP_KG_2022 = TIP.format(year=2022, country="Kyrgyz Republic")
KZ_REVIEW = "labirint.online, «Торговля людьми в Казахстане» (обзор ст. 128 и 135 УК РК)"
CHECK_KG = "сверить с официальным текстом (cbd.minjust.gov.kg)"
CHECK_KZ = "сверить с официальным текстом (adilet.zan.kz)"

# --- Editions in force --------------------------------------------------------------------
# ``in_force_to`` is the first day on which the edition no longer applied (the day the next
# edition took effect): an act committed on day d falls under the edition with
# in_force_from <= d < in_force_to.
CODE_DATES = {
    KR_1997: {
        "in_force_from": D(1998, 1, 1),
        "in_force_to": D(2019, 1, 1),
        "source": (
            f"УК КР от 01.10.1997 № 68; утратил силу с 01.01.2019 по Закону КР от 24.01.2017 "
            f"№ 10; {CBD_KG}"
        ),
        "confidence": "V",
    },
    KR_2017: {
        "in_force_from": D(2019, 1, 1),
        "in_force_to": D(2021, 12, 1),
        "source": (
            "УК КР от 02.02.2017 № 19; введён в действие с 01.01.2019 Законом КР от 24.01.2017 "
            "№ 10; утратил силу по Закону КР от 28.10.2021 № 126 (о введении в действие УК КР "
            f"2021 г.); {CBD_KG}"
        ),
        "confidence": "V",
    },
    KR_2021: {
        "in_force_from": D(2021, 12, 1),
        "in_force_to": None,
        "source": (
            "УК КР от 28.10.2021 № 127; введён в действие Законом КР от 28.10.2021 № 126 "
            f"(дата 01.12.2021 — вторичный источник, {CHECK_KG})"
        ),
        "confidence": "L",
    },
    KZ_2014: {
        "in_force_from": D(2015, 1, 1),
        "in_force_to": None,
        "source": f"УК РК от 03.07.2014 № 226-V ЗРК; порядок введения в действие — ст. 467; "
        f"{ADILET_KZ}",
        "confidence": "V",
    },
}

# --- Sanctions ----------------------------------------------------------------------------
# (code, article, part, clause) -> the row's own fields when this seed creates it (parts that
# 0005 did not seed), and the sanction: (min months, max months, text ru, text en, source, mark).
# A whole-article row carries only what is known for the article as a whole: where only the
# basic part's penalty is known, its maximum stays empty and the sanction is marked "U".
KR_1997_124_1 = (
    60,
    96,
    "домашний арест на срок до 5 лет либо лишение свободы на срок от 5 до 8 лет",
    "house arrest for up to 5 years or imprisonment from 5 to 8 years",
    f"{TIP_KG_2019} (санкция основного состава); {CHECK_KG}",
    "L",
)
KR_2017_BASIC = (
    30,
    60,
    "лишение свободы на срок от 2 лет 6 месяцев до 5 лет",
    "imprisonment from 2 years 6 months to 5 years",
    f"{TIP_KG_2019}; {TIP_KG_2021} (санкция основного состава); {CHECK_KG}",
    "L",
)
KR_2021_166_170 = (
    36,
    60,
    "лишение свободы на срок от 3 до 5 лет",
    "imprisonment from 3 to 5 years",
    f"{TIP_KG_2022} (санкция основного состава); {CHECK_KG}",
    "L",
)
KR_2021_167 = (
    60,
    96,
    "лишение свободы на срок от 5 до 8 лет",
    "imprisonment from 5 to 8 years",
    f"{TIP_KG_2022} (санкция основного состава); {CHECK_KG}",
    "L",
)
KZ_128_1 = (
    48,
    84,
    "лишение свободы на срок от 4 до 7 лет с конфискацией имущества",
    "imprisonment from 4 to 7 years with confiscation of property",
    f"{KZ_REVIEW}; {CHECK_KZ}",
    "L",
)
KZ_135_1 = (
    60,
    108,
    "лишение свободы на срок от 5 до 9 лет с конфискацией имущества",
    "imprisonment from 5 to 9 years with confiscation of property",
    (
        f"{KZ_REVIEW} (от 5 до 9 лет); massaget.kz цитирует ч. 1 на казахском языке с санкцией "
        f"от 5 до 7 лет — источники расходятся, {CHECK_KZ}"
    ),
    "U",
)


def _basic_only(basic, source):
    """The article as a whole when only its basic part's penalty is known."""
    minimum, _maximum, text_ru, text_en, _source, _mark = basic
    return (
        minimum,
        None,
        f"ч. 1: {text_ru}; санкции остальных частей в реестр не внесены",
        f"part 1: {text_en}; the other parts' penalties are not recorded",
        source,
        "U",
    )


def _part(code_ref, article, part, title_ru, title_en, category, confidence="L", note=""):
    return {
        "title_ru": title_ru,
        "title_en": title_en,
        "category": category,
        "source": f"{code_ref}, ст. {article} ч. {part}{note}",
        "confidence": confidence,
    }


TRAFFICKING = ("Торговля людьми", "Trafficking in persons", "trafficking")
FORCED_LABOUR_2017 = (
    "Использование принудительного труда",
    "Use of forced labour",
    "forced_labour",
)
FORCED_LABOUR_2021 = (
    "Использование принудительного труда (эксплуатация)",
    "Use of forced labour (exploitation)",
    "forced_labour",
)
CHILDREN_2021 = ("Торговля детьми", "Trafficking in children", "trafficking_minors")
MINORS_KZ = ("Торговля несовершеннолетними", "Trafficking in minors", "trafficking_minors")
SECONDARY = " (вторичный источник)"

# key -> (fields of a row this seed creates, or None for a row 0005 seeded; sanction)
ARTICLES = {
    (KR_1997, "124", "", ""): (
        None,
        (
            60,
            240,
            "лишение свободы на срок от 5 до 20 лет (от основного до особо квалифицированного "
            "состава)",
            "imprisonment from 5 to 20 years (from the basic to the most aggravated form)",
            f"{TIP_KG_2017}; {CHECK_KG}",
            "L",
        ),
    ),
    (KR_1997, "124", "1", ""): (
        _part("УК КР от 01.10.1997 № 68", "124", "1", *TRAFFICKING, note=SECONDARY),
        KR_1997_124_1,
    ),
    (KR_2017, "171", "", ""): (None, _basic_only(KR_2017_BASIC, f"{TIP_KG_2019}; {CHECK_KG}")),
    (KR_2017, "171", "1", ""): (
        _part("УК КР от 02.02.2017 № 19", "171", "1", *TRAFFICKING, note=SECONDARY),
        KR_2017_BASIC,
    ),
    (KR_2017, "173", "", ""): (None, _basic_only(KR_2017_BASIC, f"{TIP_KG_2021}; {CHECK_KG}")),
    (KR_2017, "173", "1", ""): (
        _part("УК КР от 02.02.2017 № 19", "173", "1", *FORCED_LABOUR_2017, note=SECONDARY),
        KR_2017_BASIC,
    ),
    (KR_2021, "166", "", ""): (None, _basic_only(KR_2021_166_170, f"{TIP_KG_2022}; {CHECK_KG}")),
    (KR_2021, "166", "1", ""): (
        _part("УК КР от 28.10.2021 № 127", "166", "1", *TRAFFICKING, note=SECONDARY),
        KR_2021_166_170,
    ),
    (KR_2021, "167", "", ""): (None, _basic_only(KR_2021_167, f"{TIP_KG_2022}; {CHECK_KG}")),
    (KR_2021, "167", "1", ""): (
        _part("УК КР от 28.10.2021 № 127", "167", "1", *CHILDREN_2021, note=SECONDARY),
        KR_2021_167,
    ),
    (KR_2021, "170", "", ""): (None, _basic_only(KR_2021_166_170, f"{TIP_KG_2022}; {CHECK_KG}")),
    (KR_2021, "170", "1", ""): (
        _part("УК КР от 28.10.2021 № 127", "170", "1", *FORCED_LABOUR_2021, note=SECONDARY),
        KR_2021_166_170,
    ),
    (KZ_2014, "128", "1", ""): (None, KZ_128_1),
    (KZ_2014, "128", "2", ""): (
        None,
        (
            None,
            None,
            "",
            "",
            f"санкция ч. 2 в открытых источниках не найдена — {CHECK_KZ}",
            "U",
        ),
    ),
    (KZ_2014, "128", "4", ""): (
        _part(
            "УК РК от 03.07.2014 № 226-V",
            "128",
            "4",
            "Торговля людьми в целях вывоза за пределы Республики Казахстан, ввоза в Республику "
            "Казахстан или перевозки через её территорию",
            "Trafficking in persons for export from, import into or transit through Kazakhstan",
            "trafficking",
            confidence="U",
            note=f" (номер части не подтверждён; {KZ_REVIEW})",
        ),
        (
            108,
            144,
            "лишение свободы на срок от 9 до 12 лет с конфискацией имущества",
            "imprisonment from 9 to 12 years with confiscation of property",
            f"{KZ_REVIEW} (номер части не подтверждён); {CHECK_KZ}",
            "U",
        ),
    ),
    (KZ_2014, "135", "", ""): (None, _basic_only(KZ_135_1, KZ_135_1[4])),
    (KZ_2014, "135", "1", ""): (
        _part("УК РК от 03.07.2014 № 226-V", "135", "1", *MINORS_KZ, note=SECONDARY),
        KZ_135_1,
    ),
}

# New part rows correspond to the other country's basic offence, both ways (the historical
# model's M2M is not symmetrical, see 0005).
CORRESPONDENCES = [
    ((KR_1997, "124", "1", ""), (KZ_2014, "128", "1", "")),
    ((KR_2017, "171", "1", ""), (KZ_2014, "128", "1", "")),
    ((KR_2017, "173", "1", ""), (KZ_2014, "128", "1", "")),
    ((KR_2021, "166", "1", ""), (KZ_2014, "128", "1", "")),
    ((KR_2021, "170", "1", ""), (KZ_2014, "128", "1", "")),
    ((KR_2021, "167", "1", ""), (KZ_2014, "135", "1", "")),
]

# --- Extradition thresholds (Chisinau Convention, Art. 66) --------------------------------
CHISINAU = (
    "Конвенция о правовой помощи и правовых отношениях по гражданским, семейным и уголовным "
    "делам (Кишинёв, 7 октября 2002 г.)"
)
OLD_ENFORCEMENT = "extradition-enforcement-min-remaining"
THRESHOLDS = {
    "extradition-prosecution-min-penalty": {
        "name_ru": "Выдача для уголовного преследования: деяние наказуемо лишением свободы на "
        "срок не менее одного года",
        "name_en": "Extradition for prosecution: punishable by at least one year's imprisonment",
        "citation": "Кишинёвская конвенция 2002 г., ст. 66, п. 2",
        "months": 12,
        "source": f"{CHISINAU}, ст. 66, п. 2",
        "confidence": "V",
    },
    # Art. 66(3) tests the term the judgment imposed, not what is left to serve.
    "extradition-enforcement-min-sentence": {
        "name_ru": "Выдача для исполнения приговора: лицо осуждено к лишению свободы на срок не "
        "менее шести месяцев",
        "name_en": "Extradition to enforce a sentence: sentenced to at least six months' "
        "imprisonment",
        "citation": "Кишинёвская конвенция 2002 г., ст. 66, п. 3",
        "months": 6,
        "source": f"{CHISINAU}, ст. 66, п. 3 (срок — по вторичному источнику, сверить с текстом)",
        "confidence": "L",
    },
}
# What 0008 seeded under the old code, put back by the reverse.
OLD_ENFORCEMENT_FIELDS = {
    "name_ru": "Выдача для исполнения приговора: не менее шести месяцев неотбытого срока",
    "name_en": "Extradition to enforce a sentence: at least six months remaining",
    "citation": "Кишинёвская конвенция, ст. 66",
    "months": 6,
    "source": "Кишинёвская конвенция 2002 г., ст. 66 (вторичный источник)",
    "confidence": "L",
}

# --- Non-working days 2025–2027 -------------------------------------------------------------
# The `holidays` package holds the fixed public holidays; these are the decrees' transfers and
# the religious holidays whose date the spiritual administrations set each year.
KG_2025_DECREE = (
    "Постановление Кабинета Министров КР от 30.12.2024 о переносе выходных дней в 2025 году "
    "(работники организаций, финансируемых из бюджета, при пятидневной неделе; 24.kg, "
    "economist.kg, 30.12.2024)"
)
KG_2026_DECREE = (
    "Постановление Кабинета Министров КР о продлении новогодних каникул на 8 и 9 января 2026 г. "
    "(организации, финансируемые из бюджета; без переноса рабочих дней; 24.kg, декабрь 2025)"
)
KG_WEEKEND_RULE = (
    "Трудовой кодекс КР: если Орозо айт или Курман айт совпадает с выходным днём, следующий "
    "рабочий день — выходной (24.kg, 2020)"
)
KG_ESTIMATE = (
    "расчётная дата (астрономический расчёт; пакет holidays помечает её как estimated); "
    "объявление муфтията КР ожидается"
)
KZ_2025_ORDER = (
    "Приказ Министра труда и социальной защиты населения РК о переносе выходного дня с "
    "воскресенья 5 января на пятницу 3 января 2025 г. (сообщение Минтруда; energy-city.kz, "
    "informburo.kz)"
)
KZ_ESTIMATE = (
    "расчётная дата (астрономический расчёт; пакет holidays помечает её как estimated); "
    "календарь ДУМК на 2027 г. не найден"
)

NON_WORKING_DAYS = {
    # (country, date): (kind, note, source, mark)
    ("KG", D(2025, 1, 2)): (
        "day_off",
        "перенос выходного с субботы 11.01.2025",
        KG_2025_DECREE,
        "L",
    ),
    ("KG", D(2025, 1, 3)): ("day_off", "перенос выходного с 24.02.2025", KG_2025_DECREE, "L"),
    ("KG", D(2025, 1, 6)): ("day_off", "перенос выходного с 10.03.2025", KG_2025_DECREE, "L"),
    ("KG", D(2025, 1, 11)): (
        "working_day",
        "рабочий день вместо 02.01.2025",
        KG_2025_DECREE,
        "L",
    ),
    ("KG", D(2025, 2, 24)): (
        "working_day",
        "рабочий день вместо 03.01.2025",
        KG_2025_DECREE,
        "L",
    ),
    ("KG", D(2025, 3, 10)): (
        "working_day",
        "рабочий день вместо 06.01.2025",
        KG_2025_DECREE,
        "L",
    ),
    ("KG", D(2025, 3, 30)): (
        "holiday",
        "Орозо айт",
        "дата по астрономическому расчёту (пакет holidays); объявление муфтията КР не найдено",
        "U",
    ),
    ("KG", D(2025, 3, 31)): (
        "day_off",
        "Орозо айт пришёлся на воскресенье",
        f"{KG_WEEKEND_RULE}; дата Орозо айта не подтверждена",
        "U",
    ),
    ("KG", D(2025, 5, 2)): ("day_off", "выходной вместо 01.09.2025", KG_2025_DECREE, "L"),
    ("KG", D(2025, 6, 6)): (
        "holiday",
        "Курман айт",
        "Духовное управление мусульман Кыргызстана (Кабар, 28.05.2025)",
        "L",
    ),
    ("KG", D(2025, 9, 1)): (
        "working_day",
        "рабочий день вместо 02.05.2025",
        KG_2025_DECREE,
        "L",
    ),
    ("KG", D(2026, 1, 8)): ("day_off", "продление новогодних каникул", KG_2026_DECREE, "L"),
    ("KG", D(2026, 1, 9)): ("day_off", "продление новогодних каникул", KG_2026_DECREE, "L"),
    ("KG", D(2026, 3, 20)): (
        "holiday",
        "Орозо айт",
        "Духовное управление мусульман Кыргызстана (Азаттык, 10.03.2026)",
        "L",
    ),
    ("KG", D(2026, 5, 27)): (
        "holiday",
        "Курман айт",
        "ожидаемая дата (календарь ДУМК Казахстана на 2026 г.; пакет holidays); объявление "
        "муфтията КР не найдено",
        "U",
    ),
    ("KG", D(2027, 3, 9)): ("holiday", "Орозо айт (расчётная дата)", KG_ESTIMATE, "U"),
    ("KG", D(2027, 5, 16)): ("holiday", "Курман айт (расчётная дата)", KG_ESTIMATE, "U"),
    ("KG", D(2027, 5, 17)): (
        "day_off",
        "Курман айт (расчётная дата) приходится на воскресенье",
        f"{KG_WEEKEND_RULE}; дата Курман айта — расчётная",
        "U",
    ),
    ("KZ", D(2025, 1, 3)): (
        "day_off",
        "перенос выходного с воскресенья 05.01.2025",
        KZ_2025_ORDER,
        "L",
    ),
    ("KZ", D(2025, 1, 5)): ("working_day", "рабочий день вместо 03.01.2025", KZ_2025_ORDER, "L"),
    ("KZ", D(2025, 6, 6)): (
        "holiday",
        "Курбан айт (первый день)",
        "Духовное управление мусульман Казахстана, Минтруда РК (lada.kz, 23.05.2025)",
        "L",
    ),
    ("KZ", D(2026, 5, 27)): (
        "holiday",
        "Курбан айт (первый день)",
        "календарь Духовного управления мусульман Казахстана на 2026 г. (zakon.kz, 06.11.2025; "
        "дата может сдвинуться на один день)",
        "L",
    ),
    ("KZ", D(2027, 5, 16)): ("holiday", "Курбан айт (расчётная дата)", KZ_ESTIMATE, "U"),
}


def _article_lookup(key):
    code, article, part, clause = key
    return {"code__short_name": code, "article": article, "part": part, "clause": clause}


def seed(apps, schema_editor):
    CriminalCode = apps.get_model("treaties", "CriminalCode")
    CriminalArticle = apps.get_model("treaties", "CriminalArticle")
    Instrument = apps.get_model("treaties", "Instrument")
    LegalThreshold = apps.get_model("treaties", "LegalThreshold")
    NonWorkingDay = apps.get_model("treaties", "NonWorkingDay")

    codes = {}
    for short_name, fields in CODE_DATES.items():
        code = CriminalCode.objects.filter(short_name=short_name).first()
        if code is None:  # 0005 seeds the editions; nothing to date without them
            continue
        for name, value in fields.items():
            setattr(code, name, value)
        code.save()
        codes[short_name] = code

    articles = {}
    for key, (row_fields, sanction) in ARTICLES.items():
        if key[0] not in codes:
            continue
        minimum, maximum, text_ru, text_en, source, mark = sanction
        defaults = {
            "min_imprisonment_months": minimum,
            "max_imprisonment_months": maximum,
            "sanction_ru": text_ru,
            "sanction_en": text_en,
            "sanction_source": source,
            "sanction_confidence": mark,
        }
        if row_fields is None:
            article = CriminalArticle.objects.filter(**_article_lookup(key)).first()
            if article is None:
                continue
            CriminalArticle.objects.filter(pk=article.pk).update(**defaults)
            articles[key] = article
        else:
            code, article, part, clause = key
            articles[key], _ = CriminalArticle.objects.update_or_create(
                code=codes[code],
                article=article,
                part=part,
                clause=clause,
                defaults={**row_fields, **defaults},
            )

    for left, right in CORRESPONDENCES:
        if left in articles and right in articles:
            articles[left].corresponding.add(articles[right])
            articles[right].corresponding.add(articles[left])

    chisinau = Instrument.objects.filter(short_name="Chisinau Convention").first()
    new_enforcement = "extradition-enforcement-min-sentence"
    if not LegalThreshold.objects.filter(code=new_enforcement).exists():
        # The row 0008 seeded tested the wrong thing; it becomes the right one (same row, so
        # its history stays with it).
        LegalThreshold.objects.filter(code=OLD_ENFORCEMENT).update(code=new_enforcement)
    for code, fields in THRESHOLDS.items():
        LegalThreshold.objects.update_or_create(
            code=code, defaults={**fields, "instrument": chisinau}
        )

    for (country, date), (kind, note, source, mark) in NON_WORKING_DAYS.items():
        NonWorkingDay.objects.update_or_create(
            country=country,
            date=date,
            defaults={"kind": kind, "note": note, "source": source, "confidence": mark},
        )


def unseed(apps, schema_editor):
    CriminalArticle = apps.get_model("treaties", "CriminalArticle")
    LegalThreshold = apps.get_model("treaties", "LegalThreshold")
    NonWorkingDay = apps.get_model("treaties", "NonWorkingDay")

    for country, date in NON_WORKING_DAYS:
        NonWorkingDay.objects.filter(country=country, date=date).delete()

    LegalThreshold.objects.filter(code="extradition-enforcement-min-sentence").update(
        code=OLD_ENFORCEMENT, **OLD_ENFORCEMENT_FIELDS
    )

    for key, (row_fields, _sanction) in ARTICLES.items():
        rows = CriminalArticle.objects.filter(**_article_lookup(key))
        if row_fields is None:
            rows.update(
                min_imprisonment_months=None,
                sanction_ru="",
                sanction_en="",
                sanction_source="",
                sanction_confidence="",
                # 0005 seeded the one maximum it knew; the others were empty.
                max_imprisonment_months=84 if key == (KZ_2014, "128", "1", "") else None,
            )
        else:
            rows.delete()
    # The editions' dates as 0005 seeded them are the same days; only their sources changed,
    # which the reverse of 0005 removes with the rows.


class Migration(migrations.Migration):
    dependencies = [("treaties", "0011_seed_custody_rules")]

    operations = [migrations.RunPython(seed, unseed)]
