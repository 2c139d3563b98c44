"""Instruments as applied between KR and KZ: short names, citation forms, per-party dates with their sources and marks, the 2022 Protocol, channels and competent authorities, the governing treaty's articles.

What changes against the first seed (0002):

* every instrument gets a Russian and an English short name, a citation form in both languages
  (the Russian one in the genitive, as a formal letter cites it after «ст. 7») and, where the
  domain brief gives it, its channel of communication;
* adoption and signature are told apart: UNTOC and its two Protocols were adopted in New York on
  15 November 2000 and opened for signature in Palermo on 12 December 2000 (marked L);
* each date of a party (signed, ratified, deposited, in force) carries its own source and mark;
  the Chisinau Convention's 02.09.2004 for Kyrgyzstan is a deposit date, not a ratification; the
  entry into force of that Convention for each party is not recorded (to be confirmed);
* the Protocol of 26 May 2022 to the KR–KZ MLA Treaty becomes an instrument of its own (it amends
  the Treaty and is no legal basis by itself); the garbled provision «Протокол 2022, ст. 4» of
  the Treaty becomes the Treaty's Art. 4 in the wording of Art. 1 of the Protocol (the same row,
  so nothing that cites it breaks), and the Protocol gets its own Art. 1;
* the required elements of an extradition request are seeded under the Chisinau Convention's
  article (U until confirmed), so that between KR and KZ the Minsk Convention's Art. 58 is history;
  the supersession article of the Chisinau Convention is recorded as Art. 120(3).

Rows are written with ``update_or_create`` on their natural keys (instrument key, country,
article, element code): running ``seed`` again — the test suite does after flushing, right after
0002's seed — changes nothing more.
"""

import datetime
import importlib

from django.db import migrations

D = datetime.date

UNTC = "UN Treaty Collection, гл. XVIII-12 (депозитарий — Генеральный секретарь ООН)"
UNIS_PALERMO = (
    "Пресс-релиз ИС ООН UNIS/CP/439 (7.07.2003): конференция по подписанию в Палермо "
    "12–16.12.2000 — вторичный источник"
)
CIS_DEPOSITARY_NOTE = (
    "Сведения депозитария, приведённые к Закону РК от 10.03.2004 № 531 (adilet.zan.kz, "
    "Z040000531_) — вторичный источник; подтвердить у Исполнительного комитета СНГ"
)
KZ_LAW_531 = "Закон РК от 10.03.2004 № 531 о ратификации (adilet.zan.kz, Z040000531_)"
KG_LAW_29 = (
    "Централизованный банк данных правовой информации КР (cbd.minjust.gov.kg, акт 17401): "
    "отметка «Ратифицирована Законом КР от 19 марта 2004 года № 29» — сверить с текстом Закона"
)
KZ_LAW_UNTOC = (
    "Закон РК от 04.06.2008 № 40-IV: «подписанную в Палермо 13 декабря 2000 года» "
    "(текст по zakonpravo.kz — вторичный источник)"
)
KZ_LAW_PROTOCOL_2022 = (
    "Закон РК от 12.05.2023 № 3-VIII о ратификации Протокола (текст Протокола приложен; "
    "сверено по zakonpravo.kz)"
)
BILATERAL_TEXT = "Текст договора; сведения о вступлении в силу"
NOT_IN_FORCE_RECORDED = (
    "Не внесена: для государства, сдавшего грамоту после вступления Конвенции в силу, она "
    "вступает в силу на 30-й день после сдачи грамоты (заключительные положения) — "
    "подтвердить дату у депозитария"
)

TREATY = "KR–KZ MLA Treaty"
PROTOCOL_2022 = "KR–KZ MLA Protocol 2022"
GARBLED_ARTICLE = "Протокол 2022, ст. 4"

GPO_KG_RU = "Генеральная прокуратура Кыргызской Республики"
GPO_KG_EN = "General Prosecutor's Office of the Kyrgyz Republic"
GPO_KZ_RU = "Генеральная прокуратура Республики Казахстан"
GPO_KZ_EN = "General Prosecutor's Office of the Republic of Kazakhstan"

# --- Instruments ----------------------------------------------------------------------------
# key -> fields set on the existing row (0002). Places stay in Russian, as 0002 records them.
INSTRUMENTS = {
    "Convention 1950": {
        "name_ru": "Конвенция о борьбе с торговлей людьми 1950 г.",
        "name_en": "1950 Convention on the Traffic in Persons",
        "citation_ru": (
            "Конвенции о борьбе с торговлей людьми и с эксплуатацией проституции третьими "
            "лицами (Нью-Йорк, 21 марта 1950 г.)"
        ),
        "citation_en": (
            "the Convention for the Suppression of the Traffic in Persons and of the "
            "Exploitation of the Prostitution of Others (New York, 21 March 1950)"
        ),
    },
    "UNTOC": {
        "name_ru": "Конвенция ООН против транснациональной организованной преступности",
        "name_en": "UNTOC",
        "citation_ru": (
            "Конвенции Организации Объединённых Наций против транснациональной организованной "
            "преступности (Нью-Йорк, 15 ноября 2000 г.)"
        ),
        "citation_en": (
            "the United Nations Convention against Transnational Organized Crime "
            "(New York, 15 November 2000)"
        ),
        "place_adopted": "Нью-Йорк",
        "adopted_on": D(2000, 11, 15),
        "place_signed": "Палермо",
        "date_signed": D(2000, 12, 12),
        "channel_ru": "через центральные органы, назначенные государствами (ст. 18(13))",
        "channel_en": "through the central authorities designated by the States (Art. 18(13))",
        "notes": (
            "Принята резолюцией ГА ООН 55/25 в Нью-Йорке 15.11.2000 [V]; открыта для подписания "
            "в Палермо 12–15.12.2000, затем в Нью-Йорке до 12.12.2002 (ст. 36) [L]; вступила в "
            "силу 29.09.2003 (ст. 38) [V]. Общее основание сотрудничества: ст. 16 (выдача), "
            "ст. 18 (взаимная правовая помощь), ст. 19 (совместные расследования)."
        ),
        "source": f"Текст Конвенции (резолюция ГА ООН 55/25), ст. 36, 38; {UNTC}; {UNIS_PALERMO}",
        # The adoption and the entry into force are verified; the signature dates are not.
        "confidence": "L",
    },
    "Trafficking Protocol": {
        "name_ru": "Протокол о торговле людьми",
        "name_en": "Trafficking Protocol",
        "citation_ru": (
            "Протокола о предупреждении и пресечении торговли людьми, особенно женщинами и "
            "детьми, и наказании за неё, дополняющего Конвенцию Организации Объединённых Наций "
            "против транснациональной организованной преступности (Нью-Йорк, 15 ноября 2000 г.)"
        ),
        "citation_en": (
            "the Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially "
            "Women and Children, supplementing the United Nations Convention against "
            "Transnational Organized Crime (New York, 15 November 2000)"
        ),
        "place_adopted": "Нью-Йорк",
        "adopted_on": D(2000, 11, 15),
        "place_signed": "Палермо",
        "date_signed": D(2000, 12, 12),
        "channel_ru": (
            "как по Конвенции ООН против транснациональной организованной преступности "
            "(ст. 1(2) Протокола): через центральные органы по ст. 18(13) Конвенции"
        ),
        "channel_en": (
            "as under the Convention (Protocol Art. 1(2)): through the central authorities "
            "under Art. 18(13) of the Convention"
        ),
        "notes": (
            "Дополняет Конвенцию ООН против транснациональной организованной преступности; ст. 3 — "
            "определение торговли людьми. Принят в Нью-Йорке 15.11.2000 [V]; открыт для "
            "подписания в Палермо 12.12.2000 [L]."
        ),
        "source": f"Текст Протокола (резолюция ГА ООН 55/25); {UNIS_PALERMO}",
        "confidence": "L",
    },
    "Smuggling Protocol": {
        "name_ru": "Протокол о незаконном ввозе мигрантов",
        "name_en": "Smuggling Protocol",
        "citation_ru": (
            "Протокола против незаконного ввоза мигрантов по суше, морю и воздуху, дополняющего "
            "Конвенцию Организации Объединённых Наций против транснациональной организованной "
            "преступности (Нью-Йорк, 15 ноября 2000 г.)"
        ),
        "citation_en": (
            "the Protocol against the Smuggling of Migrants by Land, Sea and Air, supplementing "
            "the United Nations Convention against Transnational Organized Crime "
            "(New York, 15 November 2000)"
        ),
        "place_adopted": "Нью-Йорк",
        "adopted_on": D(2000, 11, 15),
        "place_signed": "Палермо",
        "date_signed": D(2000, 12, 12),
        "channel_ru": (
            "как по Конвенции ООН против транснациональной организованной преступности "
            "(ст. 1(2) Протокола): через центральные органы по ст. 18(13) Конвенции"
        ),
        "channel_en": (
            "as under the Convention (Protocol Art. 1(2)): through the central authorities "
            "under Art. 18(13) of the Convention"
        ),
        "notes": (
            "Дополняет Конвенцию ООН против транснациональной организованной преступности. "
            "Принят в Нью-Йорке 15.11.2000 (Закон РК от 04.06.2008 № 38-IV: «принятый в "
            "Нью-Йорке 15 ноября 2000 года») [V]; открыт для подписания в Палермо 12.12.2000 [L]."
        ),
        "source": f"Текст Протокола (резолюция ГА ООН 55/25); {UNIS_PALERMO}",
        "confidence": "L",
    },
    "Minsk Convention": {
        "name_ru": "Минская конвенция",
        "name_en": "Minsk Convention",
        "citation_ru": (
            "Конвенции о правовой помощи и правовых отношениях по гражданским, семейным и "
            "уголовным делам (Минск, 22 января 1993 г.)"
        ),
        "citation_en": (
            "the Convention on Legal Assistance and Legal Relations in Civil, Family and "
            "Criminal Matters (Minsk, 22 January 1993)"
        ),
        "notes": (
            "Между Кыргызской Республикой и Республикой Казахстан не применяется с тех пор, как "
            "обе связаны Кишинёвской конвенцией (ст. 120(3) Кишинёвской конвенции; текст — V, "
            "применение — L): показывается только как история. Протокол к Конвенции от 28 марта "
            "1997 г. Сохраняется в реестре для полноты и для третьих государств."
        ),
    },
    "Chisinau Convention": {
        "name_ru": "Кишинёвская конвенция",
        "name_en": "Chisinau Convention",
        "citation_ru": (
            "Конвенции о правовой помощи и правовых отношениях по гражданским, семейным и "
            "уголовным делам (Кишинёв, 7 октября 2002 г.)"
        ),
        "citation_en": (
            "the Convention on Legal Assistance and Legal Relations in Civil, Family and "
            "Criminal Matters (Chisinau, 7 October 2002)"
        ),
        "notes": (
            "Между её участниками заменяет Минскую конвенцию 1993 г. и Протокол к ней 1997 г. "
            "(ст. 120(3)). Вступает в силу на 30-й день после сдачи депозитарию третьей "
            "ратификационной грамоты, для последующих государств — на 30-й день после сдачи их "
            "грамоты. По вторичному источнику (worldlaws.narod.ru) вступила в силу 27.04.2004 "
            "[L]; дата вступления в силу в целом и для каждой Стороны в реестр не внесена — "
            "подтвердить у депозитария."
        ),
        "source": (
            "Текст Конвенции, ст. 120(3); Исполнительный комитет СНГ (депозитарий); сведения "
            f"депозитария о сдаче грамот — {KZ_LAW_531}"
        ),
    },
    TREATY: {
        "name_ru": "Договор между КР и РК о правовой помощи 1996 г.",
        "name_en": "KR–KZ MLA Treaty 1996",
        "citation_ru": (
            "Договора между Кыргызской Республикой и Республикой Казахстан о правовой помощи по "
            "гражданским и уголовным делам (Алматы, 26 августа 1996 г.) с изменениями, "
            "внесёнными Протоколом от 26 мая 2022 г."
        ),
        "citation_en": (
            "the Treaty between the Kyrgyz Republic and the Republic of Kazakhstan on Mutual "
            "Legal Assistance in Civil and Criminal Matters (Almaty, 26 August 1996), as amended "
            "by the Protocol of 26 May 2022"
        ),
        "channel_ru": (
            "через назначенные компетентные учреждения Сторон (ст. 4 Договора в ред. ст. 1 "
            "Протокола 2022 г.); о них Стороны уведомляют друг друга по дипломатическим каналам"
        ),
        "channel_en": (
            "through the competent institutions designated by the Parties (Treaty Art. 4 as "
            "amended by Art. 1 of the 2022 Protocol), notified through diplomatic channels"
        ),
        "notes": (
            "С изменениями, внесёнными Протоколом от 26 мая 2022 г.: ст. 1 Протокола излагает "
            "ст. 4 Договора в новой редакции (сношения через назначенные компетентные "
            "учреждения) и дополняет ст. 22 и 23."
        ),
        "source": f"Текст Договора; Протокол от 26.05.2022, ст. 1 ({KZ_LAW_PROTOCOL_2022})",
    },
    "KR–KZ Extradition Agreement": {
        "name_ru": "Соглашение между КР и РК о выдаче 1997 г.",
        "name_en": "KR–KZ Extradition Agreement 1997",
        "citation_ru": (
            "Соглашения между Кыргызской Республикой и Республикой Казахстан о выдаче и "
            "уголовном преследовании лиц, совершивших преступления (Алматы, 8 апреля 1997 г.)"
        ),
        "citation_en": (
            "the Agreement between the Kyrgyz Republic and the Republic of Kazakhstan on "
            "Extradition and Criminal Prosecution of Persons who Committed Crimes "
            "(Almaty, 8 April 1997)"
        ),
        "channel_ru": (
            "через Генеральные прокуратуры Сторон, на государственном или русском языке, "
            "документы — с переводом на русский язык (ст. 2–3)"
        ),
        "channel_en": (
            "through the General Prosecutor's Offices, in the state language or Russian, "
            "documents translated into Russian (Arts. 2–3)"
        ),
    },
    "CIS Trafficking Agreement": {
        "name_ru": "Соглашение СНГ о борьбе с торговлей людьми 2005 г.",
        "name_en": "CIS Anti-Trafficking Agreement 2005",
        "citation_ru": (
            "Соглашения о сотрудничестве государств — участников Содружества Независимых "
            "Государств в борьбе с торговлей людьми, органами и тканями человека "
            "(Минск, 25 ноября 2005 г.)"
        ),
        "citation_en": (
            "the Agreement of the CIS Member States on Cooperation in Combating Trafficking in "
            "Persons, Human Organs and Tissues (Minsk, 25 November 2005)"
        ),
    },
    "CIS Programme 2007–2010": {
        "name_ru": "Программа СНГ по борьбе с торговлей людьми на 2007–2010 гг.",
        "name_en": "CIS Anti-Trafficking Programme 2007–2010",
        "citation_ru": (
            "Решения Совета глав государств СНГ о Программе сотрудничества государств — "
            "участников Содружества Независимых Государств в борьбе с торговлей людьми на "
            "2007–2010 годы (Минск, 28 ноября 2006 г.)"
        ),
        "citation_en": (
            "the Decision of the CIS Council of Heads of State on the Programme of Cooperation "
            "in Combating Trafficking in Persons for 2007–2010 (Minsk, 28 November 2006)"
        ),
    },
    "УПК РК": {
        "name_ru": "УПК РК",
        "name_en": "KZ CPC",
        "citation_ru": "Уголовно-процессуального кодекса Республики Казахстан от 4 июля 2014 г. № 231-V",
        "citation_en": (
            "the Criminal Procedure Code of the Republic of Kazakhstan of 4 July 2014 No. 231-V"
        ),
    },
}

# The Protocol of 26 May 2022: an instrument of its own that amends the Treaty.
NEW_INSTRUMENTS = {
    PROTOCOL_2022: {
        "name_ru": "Протокол 2022 г. к Договору КР–РК о правовой помощи",
        "name_en": "2022 Protocol to the KR–KZ MLA Treaty",
        "title_ru": (
            "Протокол о внесении изменений и дополнений в Договор между Кыргызской Республикой "
            "и Республикой Казахстан о правовой помощи по гражданским и уголовным делам от "
            "26 августа 1996 года"
        ),
        "title_en": (
            "Protocol on Amendments and Additions to the Treaty between the Kyrgyz Republic and "
            "the Republic of Kazakhstan on Mutual Legal Assistance in Civil and Criminal Matters "
            "of 26 August 1996"
        ),
        "citation_ru": (
            "Протокола о внесении изменений и дополнений в Договор между Кыргызской Республикой "
            "и Республикой Казахстан о правовой помощи по гражданским и уголовным делам от "
            "26 августа 1996 года (Бишкек, 26 мая 2022 г.)"
        ),
        "citation_en": (
            "the Protocol on Amendments and Additions to the Treaty between the Kyrgyz Republic "
            "and the Republic of Kazakhstan on Mutual Legal Assistance in Civil and Criminal "
            "Matters of 26 August 1996 (Bishkek, 26 May 2022)"
        ),
        "kind": "bilateral",
        "place_signed": "Бишкек",
        "date_signed": D(2022, 5, 26),
        "in_force_date": None,
        "amends": TREATY,
        # It changes the Treaty's articles; requests are founded on the Treaty as amended.
        "is_legal_basis": False,
        "covers_mla": False,
        "covers_extradition": False,
        "precedence": 11,
        "notes": (
            "Не является самостоятельным правовым основанием: изменяет Договор 1996 г. "
            "(заключён на основании его ст. 43). Ст. 1 излагает ст. 4 Договора в новой редакции "
            "и дополняет ст. 22 и 23. Ратификация Кыргызской Республикой и дата вступления в "
            "силу в реестр не внесены — подтвердить."
        ),
        "source": KZ_LAW_PROTOCOL_2022,
        "confidence": "V",
    },
}

# --- Parties --------------------------------------------------------------------------------
# (instrument, country) -> fields. Every date carries its own source and mark.
PARTIES = {
    ("UNTOC", "KZ"): {
        "signed_on": D(2000, 12, 13),
        "signed_source": KZ_LAW_UNTOC,
        "signed_confidence": "L",
        "ratified_on": D(2008, 6, 4),
        "ratification_act": "Закон РК от 4 июня 2008 г. № 40-IV",
        "ratified_source": KZ_LAW_UNTOC,
        "ratified_confidence": "L",
        "source": (
            f"{UNTC}, статус договора; центральный орган по ст. 18(13) в реестр не внесён — "
            "подтвердить"
        ),
    },
    ("UNTOC", "KG"): {
        "source": (
            f"{UNTC}, статус договора; даты подписания и ратификации и центральный орган по "
            "ст. 18(13) в реестр не внесены — подтвердить"
        ),
    },
    ("Smuggling Protocol", "KZ"): {
        "ratified_on": D(2008, 6, 4),
        "ratification_act": "Закон РК от 4 июня 2008 г. № 38-IV",
        "ratified_source": "Закон РК от 04.06.2008 № 38-IV (текст по zakonpravo.kz — вторичный)",
        "ratified_confidence": "L",
    },
    ("Chisinau Convention", "KG"): {
        "status": "in_force",
        "ratified_on": D(2004, 3, 19),
        "ratification_act": "Закон КР от 19 марта 2004 г. № 29",
        "ratified_source": KG_LAW_29,
        "ratified_confidence": "L",
        "deposited_on": D(2004, 9, 2),
        "deposited_source": CIS_DEPOSITARY_NOTE,
        "deposited_confidence": "L",
        "in_force_since": None,
        "in_force_source": NOT_IN_FORCE_RECORDED,
        "in_force_confidence": "U",
        "source": (
            "Исполнительный комитет СНГ (депозитарий): участие по сведениям депозитария "
            "(вторичный источник); компетентный орган в реестр не внесён"
        ),
        "confidence": "L",
    },
    ("Chisinau Convention", "KZ"): {
        "status": "in_force",
        "ratified_on": D(2004, 3, 10),
        "ratification_act": "Закон РК от 10 марта 2004 г. № 531",
        "ratified_source": KZ_LAW_531,
        "ratified_confidence": "V",
        "deposited_on": D(2004, 3, 29),
        "deposited_source": CIS_DEPOSITARY_NOTE,
        "deposited_confidence": "L",
        "in_force_since": None,
        "in_force_source": NOT_IN_FORCE_RECORDED,
        "in_force_confidence": "U",
        "source": (
            "Исполнительный комитет СНГ (депозитарий): участие по сведениям депозитария "
            "(вторичный источник); компетентный орган в реестр не внесён"
        ),
        "confidence": "L",
    },
    (TREATY, "KG"): {
        "signed_on": D(1996, 8, 26),
        "signed_source": "Текст Договора (Алматы, 26.08.1996)",
        "signed_confidence": "V",
        "in_force_since": D(1998, 12, 18),
        "in_force_source": BILATERAL_TEXT,
        "in_force_confidence": "V",
        "competent_authority_ru": GPO_KG_RU,
        "competent_authority_en": GPO_KG_EN,
        "source": (
            "Ст. 4 Договора в ред. ст. 1 Протокола 2022 г.: Стороны уведомляют друг друга о "
            "назначенных компетентных учреждениях по дипломатическим каналам; по уголовным делам "
            "— Генеральная прокуратура (уведомление не сверено — подтвердить)"
        ),
        "confidence": "U",
    },
    (TREATY, "KZ"): {
        "signed_on": D(1996, 8, 26),
        "signed_source": "Текст Договора (Алматы, 26.08.1996)",
        "signed_confidence": "V",
        "in_force_since": D(1998, 12, 18),
        "in_force_source": BILATERAL_TEXT,
        "in_force_confidence": "V",
        "competent_authority_ru": GPO_KZ_RU,
        "competent_authority_en": GPO_KZ_EN,
        "source": (
            "Ст. 4 Договора в ред. ст. 1 Протокола 2022 г.: Стороны уведомляют друг друга о "
            "назначенных компетентных учреждениях по дипломатическим каналам; по уголовным делам "
            "— Генеральная прокуратура (уведомление не сверено — подтвердить)"
        ),
        "confidence": "U",
    },
    ("KR–KZ Extradition Agreement", "KG"): {
        "signed_on": D(1997, 4, 8),
        "signed_source": "Текст Соглашения (Алматы, 08.04.1997)",
        "signed_confidence": "V",
        "in_force_since": D(2000, 7, 2),
        "in_force_source": BILATERAL_TEXT,
        "in_force_confidence": "V",
        "competent_authority_ru": GPO_KG_RU,
        "competent_authority_en": GPO_KG_EN,
        "source": "Соглашение, ст. 2–3: сношения между Генеральными прокуратурами",
        "confidence": "V",
    },
    ("KR–KZ Extradition Agreement", "KZ"): {
        "signed_on": D(1997, 4, 8),
        "signed_source": "Текст Соглашения (Алматы, 08.04.1997)",
        "signed_confidence": "V",
        "in_force_since": D(2000, 7, 2),
        "in_force_source": BILATERAL_TEXT,
        "in_force_confidence": "V",
        "competent_authority_ru": GPO_KZ_RU,
        "competent_authority_en": GPO_KZ_EN,
        "source": "Соглашение, ст. 2–3: сношения между Генеральными прокуратурами",
        "confidence": "V",
    },
    ("УПК РК", "KZ"): {
        "in_force_since": D(2015, 1, 1),
        "in_force_source": "УПК РК от 4 июля 2014 г. № 231-V (вводится в действие с 01.01.2015)",
        "in_force_confidence": "V",
    },
    (PROTOCOL_2022, "KG"): {
        "status": "signed",
        "signed_on": D(2022, 5, 26),
        "signed_source": f"Протокол (Бишкек, 26.05.2022); {KZ_LAW_PROTOCOL_2022}",
        "signed_confidence": "V",
        "source": "Ратификация Кыргызской Республикой в реестр не внесена — подтвердить",
        "confidence": "U",
    },
    (PROTOCOL_2022, "KZ"): {
        "status": "ratified",
        "signed_on": D(2022, 5, 26),
        "signed_source": f"Протокол (Бишкек, 26.05.2022); {KZ_LAW_PROTOCOL_2022}",
        "signed_confidence": "V",
        "ratified_on": D(2023, 5, 12),
        "ratification_act": "Закон РК от 12 мая 2023 г. № 3-VIII",
        "ratified_source": KZ_LAW_PROTOCOL_2022,
        "ratified_confidence": "V",
        "source": KZ_LAW_PROTOCOL_2022,
        "confidence": "V",
    },
}

DATE_FIELDS = {"adopted_on", "date_signed", "in_force_date", "in_force_since"}


def _blank(name: str):
    """The empty value of a field 0002 left unset (``unseed`` puts it back)."""
    return None if name in DATE_FIELDS or name.endswith("_on") else ""


# --- Provisions -----------------------------------------------------------------------------
# Rows renamed in place: (instrument, old article) -> new article.
RENAMED_PROVISIONS = {
    (TREATY, GARBLED_ARTICLE): "4",
    ("Chisinau Convention", "120"): "120(3)",
}
# (instrument, article) -> (subject, summary, confidence, source)
PROVISIONS = {
    (TREATY, "4"): (
        "Порядок сношений при оказании правовой помощи (в ред. ст. 1 Протокола 2022 г.)",
        "Суды и другие органы и учреждения Сторон сносятся друг с другом через свои "
        "компетентные учреждения, если Договором не предусмотрено иное; о назначенных "
        "компетентных учреждениях, их функциях и контактных данных Стороны незамедлительно "
        "уведомляют друг друга по дипломатическим каналам. Редакция ст. 1 Протокола от "
        "26 мая 2022 г.",
        "V",
        f"Договор, ст. 4 в ред. ст. 1 Протокола от 26.05.2022 ({KZ_LAW_PROTOCOL_2022})",
    ),
    (PROTOCOL_2022, "1"): (
        "Изменения и дополнения Договора: новая редакция ст. 4 (сношения через компетентные "
        "учреждения)",
        "П. 1 излагает ст. 4 Договора в новой редакции: сношения через назначенные "
        "компетентные учреждения, о которых Стороны уведомляют друг друга по дипломатическим "
        "каналам; пп. 2–3 дополняют ст. 22 и 23 Договора.",
        "V",
        f"Протокол от 26.05.2022, ст. 1 ({KZ_LAW_PROTOCOL_2022})",
    ),
    ("Chisinau Convention", "120(3)"): (
        "Прекращение действия Минской конвенции между участниками",
        "В отношениях между государствами — участниками Конвенции прекращает действие Минская "
        "конвенция о правовой помощи и правовых отношениях по гражданским, семейным и "
        "уголовным делам от 22 января 1993 г. и Протокол к ней от 28 марта 1997 г. (текст — V; "
        "применение между КР и РК — L).",
        "L",
        "Кишинёвская конвенция, ст. 120(3)",
    ),
    ("Chisinau Convention", "67"): (
        "Запрос о выдаче (содержание)",
        "Данные о лице (фамилия, имя, отчество, дата рождения, гражданство, место жительства и "
        "нахождения), описание внешности, по возможности фотография и отпечатки пальцев; текст "
        "статьи уголовного закона; для уголовного преследования — заверенная копия "
        "постановления о заключении под стражу; для исполнения приговора — заверенная копия "
        "вступившего в силу приговора и сведения о неотбытом сроке; размер ущерба. Номер "
        "статьи и формулировку подтвердить по официальному тексту.",
        "U",
        "Кишинёвская конвенция, Раздел IV, Часть II «Выдача» (ст. 66 и след.): статья о запросе "
        "о выдаче — номер не сверен с официальным текстом; соответствует ст. 58 Минской "
        "конвенции",
    ),
}

# --- Required elements ----------------------------------------------------------------------
# The elements of an extradition request, as 0002 seeded them under Minsk Art. 58, now under
# the Chisinau Convention's article (which governs between KR and KZ).
EXTRADITION_SOURCE = (
    "Кишинёвская конвенция, ст. 67 (номер статьи и формулировку подтвердить; элементы "
    "перенесены со ст. 58 Минской конвенции)"
)
EXTRADITION_ELEMENTS = [
    (
        "wanted-person-identity",
        "Фамилия, имя, отчество, дата рождения, гражданство, место жительства и "
        "местонахождение лица",
        "Name, date of birth, citizenship, residence and whereabouts of the person",
        "person_description",
    ),
    (
        "wanted-person-description",
        "Описание внешности, по возможности фотография и отпечатки пальцев",
        "Description, and where possible a photograph and fingerprints",
        "person_description",
    ),
    (
        "criminal-law-article-text",
        "Текст статьи уголовного закона",
        "The text of the criminal-law article",
        "qualification_text",
    ),
    (
        "custody-decision",
        "Для уголовного преследования — заверенная копия постановления о заключении под стражу",
        "For prosecution, a certified copy of the custody decision",
        "custody_decision",
    ),
    (
        "final-judgment-and-remaining-term",
        "Для исполнения приговора — заверенная копия вступившего в силу приговора и сведения "
        "о неотбытом сроке",
        "For enforcement, a certified copy of the final judgment and the remaining term",
        "custody_decision",
    ),
    (
        "damage",
        "Сведения о размере причинённого ущерба",
        "The amount of damage caused",
        "damage",
    ),
]


def _merge_provision(Provision, old, new):
    """Point everything that cites ``old`` at ``new`` and delete ``old`` (when a re-run of an
    earlier seed recreated a row this one had renamed)."""
    for relation in Provision._meta.related_objects:
        if relation.many_to_many:
            through = relation.through
            column = next(
                f.name
                for f in through._meta.fields
                if f.is_relation and f.related_model is Provision
            )
            other = next(
                f.name
                for f in through._meta.fields
                if f.is_relation and f.related_model is not Provision
            )
            for row in through.objects.filter(**{column: old}):
                if through.objects.filter(**{column: new, other: getattr(row, other)}).exists():
                    row.delete()
                else:
                    setattr(row, column, new)
                    row.save()
        elif relation.one_to_many:
            relation.related_model.objects.filter(**{relation.field.name: old}).update(
                **{relation.field.name: new}
            )
    old.delete()


def _rename_provisions(Provision, renames):
    for (short_name, old_article), new_article in renames.items():
        old = Provision.objects.filter(
            instrument__short_name=short_name, article=old_article
        ).first()
        if old is None:
            continue
        new = Provision.objects.filter(instrument=old.instrument, article=new_article).first()
        if new is None:
            old.article = new_article
            old.save(update_fields=["article"])
        else:
            _merge_provision(Provision, old, new)


def seed(apps, schema_editor):
    Instrument = apps.get_model("treaties", "Instrument")
    InstrumentParty = apps.get_model("treaties", "InstrumentParty")
    Provision = apps.get_model("treaties", "Provision")
    RequiredElement = apps.get_model("treaties", "RequiredElement")

    for short_name, fields in INSTRUMENTS.items():
        Instrument.objects.filter(short_name=short_name).update(**fields)
    instruments = {i.short_name: i for i in Instrument.objects.all()}
    for short_name, fields in NEW_INSTRUMENTS.items():
        defaults = {**fields, "amends": instruments[fields["amends"]]}
        instruments[short_name], _ = Instrument.objects.update_or_create(
            short_name=short_name, defaults=defaults
        )

    for (short_name, country), fields in PARTIES.items():
        InstrumentParty.objects.update_or_create(
            instrument=instruments[short_name], country=country, defaults=fields
        )

    _rename_provisions(Provision, RENAMED_PROVISIONS)
    provisions = {}
    for (short_name, article), (subject, summary, confidence, source) in PROVISIONS.items():
        provisions[(short_name, article)], _ = Provision.objects.update_or_create(
            instrument=instruments[short_name],
            article=article,
            defaults={
                "subject": subject,
                "summary": summary,
                "confidence": confidence,
                "source": source,
            },
        )

    chisinau = instruments["Chisinau Convention"]
    for order, (code, label_ru, label_en, check_kind) in enumerate(EXTRADITION_ELEMENTS, 1):
        RequiredElement.objects.update_or_create(
            instrument=chisinau,
            request_kind="extradition",
            code=code,
            defaults={
                "provision": provisions[("Chisinau Convention", "67")],
                "label_ru": label_ru,
                "label_en": label_en,
                "check_kind": check_kind,
                "order": order,
                "confidence": "U",
                "source": EXTRADITION_SOURCE,
            },
        )


def unseed(apps, schema_editor):
    """Back to the first seed: what this one created goes, what it changed takes 0002's values."""
    Instrument = apps.get_model("treaties", "Instrument")
    InstrumentParty = apps.get_model("treaties", "InstrumentParty")
    Provision = apps.get_model("treaties", "Provision")
    RequiredElement = apps.get_model("treaties", "RequiredElement")
    first = importlib.import_module("treaties.migrations.0002_seed_registry")

    RequiredElement.objects.filter(
        instrument__short_name="Chisinau Convention",
        request_kind="extradition",
        code__in=[row[0] for row in EXTRADITION_ELEMENTS],
    ).delete()
    Provision.objects.filter(instrument__short_name="Chisinau Convention", article="67").delete()
    _rename_provisions(Provision, {(i, new): old for (i, old), new in RENAMED_PROVISIONS.items()})
    for short_name in NEW_INSTRUMENTS:
        Provision.objects.filter(instrument__short_name=short_name).delete()
        InstrumentParty.objects.filter(instrument__short_name=short_name).delete()
        Instrument.objects.filter(short_name=short_name).delete()

    for short_name, fields in INSTRUMENTS.items():
        before = first.INSTRUMENTS[short_name]
        Instrument.objects.filter(short_name=short_name).update(
            **{name: before.get(name, _blank(name)) for name in fields}
        )
    for (short_name, country), fields in PARTIES.items():
        before = first.PARTIES.get((short_name, country))
        if before is not None:
            InstrumentParty.objects.filter(
                instrument__short_name=short_name, country=country
            ).update(**{name: before.get(name, _blank(name)) for name in fields})
    for (short_name, article), (subject, summary, confidence, source) in first.PROVISIONS.items():
        Provision.objects.filter(instrument__short_name=short_name, article=article).update(
            subject=subject, summary=summary, confidence=confidence, source=source
        )


class Migration(migrations.Migration):
    dependencies = [("treaties", "0009_law_as_applied")]

    operations = [migrations.RunPython(seed, unseed)]
