"""Seed the treaty registry with the instruments, rules and elements the portal applies.

Every value carries its source and a confidence mark: "V" verified, "L" likely, "U" to be
confirmed. All of it is data an admin can edit; this migration only gives the starting point.
Rows are written with ``update_or_create`` on their natural keys, so running it again does not
duplicate anything; the reverse deletes what it created, by the same natural keys.
"""

import datetime

from django.db import migrations

D = datetime.date

UNTC = "UN Treaty Collection (depositary: UN Secretary-General)"
CIS_DEPOSITARY = "Исполнительный комитет СНГ (депозитарий)"

# --- Instruments ----------------------------------------------------------------------------
# short_name -> fields. superseded_by is set in a second pass (it points at another row).
INSTRUMENTS = {
    "Convention 1950": {
        "title_ru": (
            "Конвенция о борьбе с торговлей людьми и с эксплуатацией проституции третьими лицами"
        ),
        "title_en": (
            "Convention for the Suppression of the Traffic in Persons and of the Exploitation "
            "of the Prostitution of Others"
        ),
        "kind": "un",
        "place_signed": "Нью-Йорк",
        "date_signed": D(1950, 3, 21),
        "in_force_date": D(1951, 7, 25),
        "is_legal_basis": True,
        "precedence": 50,
        "notes": (
            "Универсальный договор ООН о торговле людьми; как основание запроса применяется "
            "после двусторонних договоров, договоров СНГ и UNTOC."
        ),
        "source": ("Текст Конвенции (одобрена резолюцией ГА ООН 317 (IV)); " + UNTC),
        "confidence": "V",
    },
    "UNTOC": {
        "title_ru": (
            "Конвенция Организации Объединенных Наций против транснациональной организованной "
            "преступности"
        ),
        "title_en": "United Nations Convention against Transnational Organized Crime",
        "kind": "un",
        "place_signed": "Нью-Йорк",
        "date_signed": D(2000, 11, 15),
        "in_force_date": D(2003, 9, 29),
        "is_legal_basis": True,
        "precedence": 40,
        "notes": (
            "Общее основание сотрудничества: ст. 16 (выдача), ст. 18 (взаимная правовая "
            "помощь), ст. 19 (совместные расследования)."
        ),
        "source": "Текст Конвенции (резолюция ГА ООН 55/25); " + UNTC,
        "confidence": "V",
    },
    "Trafficking Protocol": {
        "title_ru": (
            "Протокол о предупреждении и пресечении торговли людьми, особенно женщинами и "
            "детьми, и наказании за нее, дополняющий Конвенцию Организации Объединенных Наций "
            "против транснациональной организованной преступности"
        ),
        "title_en": (
            "Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially Women "
            "and Children, supplementing the United Nations Convention against Transnational "
            "Organized Crime"
        ),
        "kind": "un",
        "place_signed": "Нью-Йорк",
        "date_signed": D(2000, 11, 15),
        "in_force_date": D(2003, 12, 25),
        "is_legal_basis": True,
        "precedence": 40,
        "notes": "Дополняет UNTOC; ст. 3 — определение торговли людьми.",
        "source": "Текст Протокола (резолюция ГА ООН 55/25); " + UNTC,
        "confidence": "V",
    },
    "Smuggling Protocol": {
        "title_ru": (
            "Протокол против незаконного ввоза мигрантов по суше, морю и воздуху, дополняющий "
            "Конвенцию Организации Объединенных Наций против транснациональной организованной "
            "преступности"
        ),
        "title_en": (
            "Protocol against the Smuggling of Migrants by Land, Sea and Air, supplementing the "
            "United Nations Convention against Transnational Organized Crime"
        ),
        "kind": "un",
        "place_signed": "Нью-Йорк",
        "date_signed": D(2000, 11, 15),
        "in_force_date": D(2004, 1, 28),
        "is_legal_basis": True,
        "precedence": 40,
        "notes": "Дополняет UNTOC.",
        "source": "Текст Протокола (резолюция ГА ООН 55/25); " + UNTC,
        "confidence": "V",
    },
    "Minsk Convention": {
        "title_ru": (
            "Конвенция о правовой помощи и правовых отношениях по гражданским, семейным и "
            "уголовным делам"
        ),
        "title_en": (
            "CIS Convention on Legal Assistance and Legal Relations in Civil, Family and "
            "Criminal Matters (Minsk, 1993)"
        ),
        "kind": "cis",
        "place_signed": "Минск",
        "date_signed": D(1993, 1, 22),
        "in_force_date": D(1994, 5, 19),
        "is_legal_basis": True,
        "precedence": 30,
        "notes": (
            "Между участниками Кишинёвской конвенции не применяется (ст. 120(3) Кишинёвской "
            "конвенции; текст — V, применение — L). Протокол к Конвенции от 28 марта 1997 г. "
            "Сохраняется в реестре для полноты и для третьих государств."
        ),
        "source": "Текст Конвенции и Протокола от 28.03.1997; " + CIS_DEPOSITARY,
        "confidence": "V",
    },
    "Chisinau Convention": {
        "title_ru": (
            "Конвенция о правовой помощи и правовых отношениях по гражданским, семейным и "
            "уголовным делам"
        ),
        "title_en": (
            "CIS Convention on Legal Assistance and Legal Relations in Civil, Family and "
            "Criminal Matters (Chisinau, 2002)"
        ),
        "kind": "cis",
        "place_signed": "Кишинёв",
        "date_signed": D(2002, 10, 7),
        "in_force_date": None,
        "is_legal_basis": True,
        "precedence": 20,
        "notes": (
            "Между её участниками заменяет Минскую конвенцию 1993 г. и Протокол 1997 г. "
            "(ст. 120(3)). Дата вступления в силу — подтвердить у депозитария."
        ),
        "source": "Текст Конвенции, ст. 120; " + CIS_DEPOSITARY,
        "confidence": "V",
    },
    "KR–KZ MLA Treaty": {
        "title_ru": (
            "Договор между Кыргызской Республикой и Республикой Казахстан о правовой помощи по "
            "гражданским и уголовным делам"
        ),
        "title_en": (
            "Treaty between the Kyrgyz Republic and the Republic of Kazakhstan on Mutual Legal "
            "Assistance in Civil and Criminal Matters"
        ),
        "kind": "bilateral",
        "place_signed": "Алматы",
        "date_signed": D(1996, 8, 26),
        "in_force_date": D(1998, 12, 18),
        "is_legal_basis": True,
        "precedence": 10,
        "notes": (
            "Протокол от 26 мая 2022 г.: сношения через назначенные компетентные учреждения "
            "(ст. 4 Протокола)."
        ),
        "source": "Текст Договора; Протокол от 26.05.2022, ст. 4",
        "confidence": "V",
    },
    "KR–KZ Extradition Agreement": {
        "title_ru": (
            "Соглашение между Кыргызской Республикой и Республикой Казахстан о выдаче и "
            "уголовном преследовании лиц, совершивших преступления"
        ),
        "title_en": (
            "Agreement between the Kyrgyz Republic and the Republic of Kazakhstan on Extradition "
            "and Criminal Prosecution of Persons who Committed Crimes"
        ),
        "kind": "bilateral",
        "place_signed": "Алматы",
        "date_signed": D(1997, 4, 8),
        "in_force_date": D(2000, 7, 2),
        "is_legal_basis": True,
        "precedence": 10,
        "notes": (
            "Ст. 1: выдать или осуществить уголовное преследование. Сношения: Генеральная "
            "прокуратура — Генеральная прокуратура, на государственном или русском языке, "
            "документы с переводом на русский (ст. 2–3)."
        ),
        "source": "Текст Соглашения, ст. 1–3",
        "confidence": "V",
    },
    "CIS Trafficking Agreement": {
        "title_ru": (
            "Соглашение о сотрудничестве государств — участников Содружества Независимых "
            "Государств в борьбе с торговлей людьми, органами и тканями человека"
        ),
        "title_en": (
            "Agreement of the CIS Member States on Cooperation in Combating Trafficking in "
            "Persons, Human Organs and Tissues"
        ),
        "kind": "cis",
        "place_signed": "Минск",
        "date_signed": D(2005, 11, 25),
        "in_force_date": None,
        "is_legal_basis": True,
        "precedence": 25,
        "notes": "Участие КР и РК и дату вступления в силу — подтвердить у депозитария.",
        "source": "Текст Соглашения; " + CIS_DEPOSITARY + " (вторичный источник)",
        "confidence": "L",
    },
    "CIS Programme 2007–2010": {
        "title_ru": (
            "Решение Совета глав государств СНГ о Программе сотрудничества государств — "
            "участников Содружества Независимых Государств в борьбе с торговлей людьми на "
            "2007–2010 годы"
        ),
        "title_en": (
            "Decision of the CIS Council of Heads of State on the Programme of Cooperation of "
            "the CIS Member States in Combating Trafficking in Persons for 2007–2010"
        ),
        "kind": "cis",
        "place_signed": "Минск",
        "date_signed": D(2006, 11, 28),
        "in_force_date": None,
        "is_legal_basis": False,
        "precedence": 90,
        "notes": (
            "Программный документ, не является правовым основанием для запросов "
            "(policy document, not a legal basis for requests)."
        ),
        "source": "Решение Совета глав государств СНГ от 28.11.2006; " + CIS_DEPOSITARY,
        "confidence": "V",
    },
    # National law: not a treaty, but the KZ deadline rules cite it.
    "УПК РК": {
        "title_ru": "Уголовно-процессуальный кодекс Республики Казахстан",
        "title_en": "Criminal Procedure Code of the Republic of Kazakhstan",
        "kind": "national",
        "place_signed": "Астана",
        "date_signed": D(2014, 7, 4),
        "in_force_date": D(2015, 1, 1),
        "is_legal_basis": False,
        "precedence": 100,
        "notes": (
            "Национальное право: сроки задержания и содержания под стражей лица, подлежащего "
            "выдаче (ст. 587–588)."
        ),
        "source": "Уголовно-процессуальный кодекс РК от 4 июля 2014 г. № 231-V",
        "confidence": "V",
    },
}

# Instrument -> the instrument that replaces it between the parties of both.
SUPERSEDED_BY = {
    "Minsk Convention": "Chisinau Convention",
}

# --- Parties --------------------------------------------------------------------------------
_PARTY_UN = f"{UNTC}, status of the treaty"
_PARTY_CIS = f"{CIS_DEPOSITARY}, сведения о ратификации"
_PARTY_BILATERAL = "Заключительные положения договора; сведения о вступлении в силу"

# (instrument, country) -> fields. Dates of accession to multilateral treaties are per country
# and are not established: they are left empty for an admin to fill, not guessed.
PARTIES = {
    ("Convention 1950", "KG"): {"status": "in_force", "source": _PARTY_UN, "confidence": "V"},
    ("Convention 1950", "KZ"): {"status": "in_force", "source": _PARTY_UN, "confidence": "V"},
    ("UNTOC", "KG"): {"status": "in_force", "source": _PARTY_UN, "confidence": "V"},
    ("UNTOC", "KZ"): {"status": "in_force", "source": _PARTY_UN, "confidence": "V"},
    ("Trafficking Protocol", "KG"): {"status": "in_force", "source": _PARTY_UN, "confidence": "V"},
    ("Trafficking Protocol", "KZ"): {"status": "in_force", "source": _PARTY_UN, "confidence": "V"},
    ("Smuggling Protocol", "KG"): {"status": "in_force", "source": _PARTY_UN, "confidence": "V"},
    ("Smuggling Protocol", "KZ"): {"status": "in_force", "source": _PARTY_UN, "confidence": "V"},
    ("Minsk Convention", "KG"): {"status": "in_force", "source": _PARTY_CIS, "confidence": "V"},
    ("Minsk Convention", "KZ"): {"status": "in_force", "source": _PARTY_CIS, "confidence": "V"},
    ("Chisinau Convention", "KG"): {
        "status": "in_force",
        "ratified_on": D(2004, 9, 2),
        "source": f"{_PARTY_CIS} (ратификационная грамота сдана на хранение 02.09.2004)",
        "confidence": "V",
    },
    ("Chisinau Convention", "KZ"): {
        "status": "in_force",
        "ratified_on": D(2004, 3, 10),
        "ratification_act": "Закон РК № 531 от 10.03.2004",
        "source": "Закон РК от 10.03.2004 № 531 о ратификации Кишинёвской конвенции",
        "confidence": "V",
    },
    ("KR–KZ MLA Treaty", "KG"): {
        "status": "in_force",
        "signed_on": D(1996, 8, 26),
        "in_force_since": D(1998, 12, 18),
        "source": _PARTY_BILATERAL,
        "confidence": "V",
    },
    ("KR–KZ MLA Treaty", "KZ"): {
        "status": "in_force",
        "signed_on": D(1996, 8, 26),
        "in_force_since": D(1998, 12, 18),
        "source": _PARTY_BILATERAL,
        "confidence": "V",
    },
    ("KR–KZ Extradition Agreement", "KG"): {
        "status": "in_force",
        "signed_on": D(1997, 4, 8),
        "in_force_since": D(2000, 7, 2),
        "source": _PARTY_BILATERAL,
        "confidence": "V",
    },
    ("KR–KZ Extradition Agreement", "KZ"): {
        "status": "in_force",
        "signed_on": D(1997, 4, 8),
        "in_force_since": D(2000, 7, 2),
        "source": _PARTY_BILATERAL,
        "confidence": "V",
    },
    ("CIS Trafficking Agreement", "KG"): {
        "status": "unknown",
        "reservations": "Статус участия — подтвердить у депозитария.",
        "source": _PARTY_CIS,
        "confidence": "U",
    },
    ("CIS Trafficking Agreement", "KZ"): {
        "status": "unknown",
        "reservations": "Статус участия — подтвердить у депозитария.",
        "source": _PARTY_CIS,
        "confidence": "U",
    },
    ("CIS Programme 2007–2010", "KG"): {
        "status": "unknown",
        "reservations": "Решение Совета глав государств СНГ; не требует ратификации",
        "source": "Решение Совета глав государств СНГ от 28.11.2006",
        "confidence": "U",
    },
    ("CIS Programme 2007–2010", "KZ"): {
        "status": "unknown",
        "reservations": "Решение Совета глав государств СНГ; не требует ратификации",
        "source": "Решение Совета глав государств СНГ от 28.11.2006",
        "confidence": "U",
    },
    ("УПК РК", "KZ"): {
        "status": "in_force",
        "in_force_since": D(2015, 1, 1),
        "source": "УПК РК от 4 июля 2014 г. № 231-V (вводится в действие с 01.01.2015)",
        "confidence": "V",
    },
    ("УПК РК", "KG"): {
        "status": "not_party",
        "reservations": "Национальный закон Республики Казахстан.",
        "source": "УПК РК — национальный закон Республики Казахстан",
        "confidence": "V",
    },
}

# --- Provisions -----------------------------------------------------------------------------
# (instrument, article) -> (subject, summary, confidence, source)
PROVISIONS = {
    ("UNTOC", "16"): (
        "Выдача",
        "Выдача за преступления, охватываемые Конвенцией; Конвенция может служить правовым "
        "основанием выдачи.",
        "V",
        "UNTOC, ст. 16",
    ),
    ("UNTOC", "18"): (
        "Взаимная правовая помощь",
        "Обязательство оказывать самую широкую взаимную правовую помощь в расследовании, "
        "уголовном преследовании и судебном разбирательстве.",
        "V",
        "UNTOC, ст. 18",
    ),
    ("UNTOC", "18(3)"): (
        "Виды правовой помощи",
        "Получение показаний, вручение документов, обыск, выемка и арест, осмотр, "
        "предоставление информации, доказательств, экспертных оценок и документов, "
        "выявление доходов и имущества, содействие явке лиц, иная помощь, не противоречащая "
        "законодательству запрашиваемого государства.",
        "V",
        "UNTOC, ст. 18(3)",
    ),
    ("UNTOC", "18(13)"): (
        "Центральные органы",
        "Каждое государство назначает центральный орган для получения и исполнения просьб о "
        "правовой помощи.",
        "V",
        "UNTOC, ст. 18(13)",
    ),
    ("UNTOC", "18(15)"): (
        "Содержание просьбы о правовой помощи",
        "Орган, направляющий просьбу; предмет и характер расследования и орган, его "
        "осуществляющий; краткое изложение фактов; запрашиваемая помощь и процедура; данные о "
        "личности, местонахождении и гражданстве лица; цель запрашиваемых сведений. "
        "Формулировку подтвердить.",
        "U",
        "UNTOC, ст. 18(15) (формулировку подтвердить по официальному тексту)",
    ),
    ("UNTOC", "18(21)"): (
        "Основания для отказа в правовой помощи",
        "Отказ возможен, если исполнение просьбы может нанести ущерб суверенитету, "
        "безопасности, публичному порядку или другим жизненно важным интересам либо "
        "противоречит законодательству запрашиваемого государства.",
        "V",
        "UNTOC, ст. 18(21)",
    ),
    ("UNTOC", "18(24)"): (
        "Сроки исполнения просьбы",
        "Просьба исполняется в возможно короткие сроки с максимально возможным учётом "
        "предельных сроков, указанных запрашивающим государством.",
        "V",
        "UNTOC, ст. 18(24)",
    ),
    ("UNTOC", "19"): (
        "Совместные расследования",
        "Создание совместных следственных органов по соглашению или в каждом отдельном случае.",
        "V",
        "UNTOC, ст. 19",
    ),
    ("Trafficking Protocol", "3"): (
        "Определение торговли людьми",
        "Деяние (вербовка, перевозка, передача, укрывательство, получение) с использованием "
        "средств (угроза, сила, принуждение, похищение, мошенничество, обман, злоупотребление "
        "властью или уязвимостью, подкуп) в целях эксплуатации; согласие не имеет значения при "
        "использовании этих средств; для ребёнка (до 18 лет) средства не требуются.",
        "V",
        "Протокол о торговле людьми, ст. 3",
    ),
    ("Minsk Convention", "57"): (
        "Отказ в выдаче",
        "Основания, по которым выдача не производится (гражданство запрашиваемой стороны, "
        "давность, ранее вынесенный приговор, частное обвинение и др.).",
        "L",
        "Минская конвенция, ст. 57 (номер статьи — вторичный источник)",
    ),
    ("Minsk Convention", "58"): (
        "Требование о выдаче",
        "Содержание требования: данные о лице, его описание, фотография и отпечатки пальцев "
        "(по возможности); текст уголовного закона; заверенная копия постановления о взятии под "
        "стражу или вступившего в силу приговора с неотбытым сроком; размер ущерба.",
        "L",
        "Минская конвенция, ст. 58",
    ),
    ("Minsk Convention", "59"): (
        "Дополнительные сведения",
        "Если требование неполно, запрашиваемая сторона может запросить дополнительные "
        "сведения и установить срок до одного месяца, который может быть продлён.",
        "U",
        "Минская конвенция, ст. 59",
    ),
    ("Minsk Convention", "62"): (
        "Освобождение лица, задержанного до получения требования о выдаче",
        "Лицо, взятое под стражу до получения требования о выдаче, освобождается, если "
        "требование не поступило в течение 40 дней со дня задержания (в редакции Протокола "
        "1997 г.).",
        "V",
        "Минская конвенция, ст. 62 (в ред. Протокола от 28.03.1997)",
    ),
    ("Minsk Convention", "64"): (
        "Передача лица",
        "Если запрашивающая сторона не примет лицо в течение 15 дней после установленной даты "
        "передачи, лицо подлежит освобождению.",
        "L",
        "Минская конвенция, ст. 64",
    ),
    ("Chisinau Convention", "7"): (
        "Содержание и форма поручения об оказании правовой помощи",
        "Запрашиваемое и запрашивающее учреждение; наименование и номер дела; сведения о "
        "физических и юридических лицах; представители; конфиденциальность; содержание "
        "поручения, по уголовным делам — фактические обстоятельства и квалификация с полным "
        "текстом статьи уголовного закона. Подпись и печать.",
        "V",
        "Кишинёвская конвенция, ст. 7",
    ),
    ("Chisinau Convention", "66"): (
        "Деяния, влекущие выдачу",
        "Выдача для уголовного преследования — за деяния, наказуемые по законам обеих сторон "
        "лишением свободы не менее одного года [V]; для исполнения приговора — если неотбытый "
        "срок не менее шести месяцев [L].",
        "L",
        "Кишинёвская конвенция, ст. 66",
    ),
    ("Chisinau Convention", "120"): (
        "Соотношение с другими международными договорами",
        "Ст. 120(3): в отношениях между участниками Конвенции прекращает действие Минская "
        "конвенция 1993 г. и Протокол к ней 1997 г. (текст — V, применение — L).",
        "L",
        "Кишинёвская конвенция, ст. 120(3)",
    ),
    ("KR–KZ MLA Treaty", "Протокол 2022, ст. 4"): (
        "Компетентные учреждения",
        "Правовая помощь по Договору оказывается через назначенные компетентные учреждения "
        "(Протокол от 26 мая 2022 г.).",
        "V",
        "Протокол от 26.05.2022 к Договору о правовой помощи 1996 г., ст. 4",
    ),
    ("KR–KZ Extradition Agreement", "1"): (
        "Обязательство выдать или осуществить уголовное преследование",
        "Стороны выдают лиц либо осуществляют их уголовное преследование; основа для передачи "
        "уголовного преследования при отказе в выдаче собственного гражданина.",
        "L",
        "Соглашение о выдаче 1997 г., ст. 1",
    ),
    ("KR–KZ Extradition Agreement", "2–3"): (
        "Порядок сношений и язык",
        "Сношения между Генеральными прокуратурами; на государственном языке или на русском, "
        "документы с переводом на русский язык.",
        "V",
        "Соглашение о выдаче 1997 г., ст. 2–3",
    ),
    ("УПК РК", "587"): (
        "Задержание лица, подлежащего выдаче",
        "Задержание лица, разыскиваемого иностранным государством: установление личности, "
        "запрос документов; срок задержания 72 часа.",
        "V",
        "УПК РК, ст. 587",
    ),
    ("УПК РК", "588"): (
        "Содержание под стражей лица, подлежащего выдаче",
        "Содержание под стражей до поступления требования о выдаче; освобождение, если "
        "требование не поступило в течение 40 дней.",
        "V",
        "УПК РК, ст. 588",
    ),
}

# --- Deadline rules -------------------------------------------------------------------------
DEFAULT_REMINDERS = [7, 3, 1, 0]

DEADLINE_RULES = {
    "kz-detention-72h": {
        "name_ru": "Задержание разыскиваемого лица в Казахстане",
        "name_en": "Detention in Kazakhstan of a person wanted by the other state",
        "instrument": "УПК РК",
        "provision": "587",
        "citation": "УПК РК, ст. 587–588",
        "trigger": "person_detained",
        "length": 72,
        "unit": "hours",
        "jurisdiction": "detaining_state",
        "reminder_lead_days": [1, 0],
        "is_practice": False,
        "description": (
            "Установить личность и запросить документы у запрашивающего государства; прокурор "
            "обращается в суд не позднее чем за 12 часов до истечения 72 часов. / Establish "
            "identity and request documents; the prosecutor applies to the court at least 12 "
            "hours before the end."
        ),
        "source": "УПК РК, ст. 587–588",
        "confidence": "V",
    },
    "detention-pending-extradition-request-40d": {
        "name_ru": "Содержание под стражей до получения требования о выдаче",
        "name_en": "Custody pending the extradition request",
        "instrument": "Minsk Convention",
        "provision": "62",
        "citation": (
            "Минская конвенция, ст. 62 (Протокол 1997); УПК РК, ст. 588; эквивалент "
            "Кишинёвской конвенции — подтвердить"
        ),
        "trigger": "custody_ordered",
        "length": 40,
        "unit": "days",
        "jurisdiction": "detaining_state",
        "reminder_lead_days": [10, 7, 3, 1, 0],
        "is_practice": False,
        "description": (
            "Срок считается со дня задержания. Лицо подлежит освобождению, если полный запрос о "
            "выдаче не поступил. / Counted from the day of detention; the person is released "
            "if the full extradition request has not arrived."
        ),
        "source": (
            "Минская конвенция, ст. 62 в ред. Протокола от 28.03.1997 [V]; УПК РК, ст. 588 [V]; "
            "соответствующая статья Кишинёвской конвенции [U]"
        ),
        "confidence": "V",
    },
    "extradition-supplement-1m": {
        "name_ru": "Представление дополнительных сведений к требованию о выдаче",
        "name_en": "Supplementary information for an incomplete extradition request",
        "instrument": "Minsk Convention",
        "provision": "59",
        "citation": "Минская конвенция, ст. 59",
        "trigger": "extradition_supplement_requested",
        "length": 1,
        "unit": "months",
        "jurisdiction": "requesting_state",
        "reminder_lead_days": DEFAULT_REMINDERS,
        "is_practice": False,
        "description": (
            "Запрашивающее государство представляет дополнительные сведения в срок, "
            "установленный запрашиваемым государством (до одного месяца, может быть продлён). "
            "/ The requesting state supplies the information by the deadline set by the "
            "requested state (up to one month, extendable)."
        ),
        "source": "Минская конвенция, ст. 59 (подтвердить)",
        "confidence": "U",
    },
    "surrender-takeover-15d": {
        "name_ru": "Приём выдаваемого лица после установленной даты передачи",
        "name_en": "Take-over of the person after the fixed surrender date",
        "instrument": "Minsk Convention",
        "provision": "64",
        "citation": "Минская конвенция, ст. 64",
        "trigger": "surrender_date_fixed",
        "length": 15,
        "unit": "days",
        "jurisdiction": "detaining_state",
        "reminder_lead_days": DEFAULT_REMINDERS,
        "is_practice": False,
        "description": (
            "Лицо подлежит освобождению, если запрашивающее государство не приняло его в "
            "течение 15 дней после установленной даты передачи. / The person is released if the "
            "requesting state does not take them over within 15 days after the fixed date."
        ),
        "source": "Минская конвенция, ст. 64",
        "confidence": "L",
    },
    "mla-execution-target": {
        "name_ru": "Исполнение запроса о правовой помощи",
        "name_en": "Execution of an MLA request",
        "instrument": "UNTOC",
        "provision": "18(24)",
        "citation": "UNTOC, ст. 18(24); целевой срок 30 дней — практика, не норма права",
        "trigger": "mla_sent",
        "length": 30,
        "unit": "set_by_party",
        "jurisdiction": "requested_state",
        "reminder_lead_days": DEFAULT_REMINDERS,
        "is_practice": True,
        "description": (
            "Запрос исполняется в возможно короткий срок с учётом срока, указанного "
            "запрашивающей стороной; если срок не указан — целевой срок практики 30 дней "
            "(практика, не норма права). / Executed as soon as possible, taking account of the "
            "requester's date; without one, a 30-day practice target (practice, not law)."
        ),
        "source": "UNTOC, ст. 18(24); срок 30 дней — договорённость практики",
        "confidence": "V",
    },
    "mla-supplement-target": {
        "name_ru": "Дополнение запроса, возвращённого на доработку",
        "name_en": "Supplement to an MLA request returned for more information",
        "instrument": None,
        "provision": None,
        "citation": "Практика (не норма права)",
        "trigger": "mla_returned_for_supplement",
        "length": 30,
        "unit": "days",
        "jurisdiction": "requesting_state",
        "reminder_lead_days": DEFAULT_REMINDERS,
        "is_practice": True,
        "description": (
            "Запрашивающая сторона дополняет запрос; целевой срок практики 30 дней, "
            "настраивается. / The requester supplements the request; configurable practice "
            "target of 30 days."
        ),
        "source": "Практика сотрудничества КР–РК (не норма права)",
        "confidence": "U",
    },
    "jit-agreement-end": {
        "name_ru": "Окончание срока полномочий совместной следственной группы",
        "name_en": "End of the joint investigation team's mandate",
        "instrument": "UNTOC",
        "provision": "19",
        "citation": "UNTOC, ст. 19; соглашение о создании группы",
        "trigger": "jit_agreement_signed",
        "length": 1,
        "unit": "set_by_party",
        "jurisdiction": "case_country",
        "reminder_lead_days": DEFAULT_REMINDERS,
        "is_practice": False,
        "description": (
            "Полномочия группы заканчиваются в дату, установленную соглашением; продление — "
            "изменением соглашения. Резервная длина (1) смысла не имеет: дату задаёт только "
            "соглашение. / The mandate ends on the agreement's own end date; extension by "
            "amendment. The fallback length is meaningless here."
        ),
        "source": "UNTOC, ст. 19; соглашение о создании совместной следственной группы",
        "confidence": "V",
    },
    "jit-task-due": {
        "name_ru": "Срок задачи совместной следственной группы",
        "name_en": "Due date of a joint team task",
        "instrument": None,
        "provision": None,
        "citation": "Решение координатора группы",
        "trigger": "task_assigned",
        "length": 1,
        "unit": "set_by_party",
        "jurisdiction": "case_country",
        "reminder_lead_days": DEFAULT_REMINDERS,
        "is_practice": False,
        "description": (
            "Срок задачи устанавливает координатор. Резервная длина (1) смысла не имеет: "
            "дату задаёт только координатор. / The coordinator sets the task's own date; the "
            "fallback length is meaningless here."
        ),
        "source": "Порядок работы совместной следственной группы (решение координатора)",
        "confidence": "U",
    },
}

# --- Required elements ----------------------------------------------------------------------
# (instrument, article, request_kind, confidence, source) -> [(code, label_ru, label_en, check)]
REQUIRED_ELEMENTS = {
    ("Chisinau Convention", "7", "mla", "V", "Кишинёвская конвенция, ст. 7"): [
        (
            "requested-institution",
            "Наименование запрашиваемого учреждения",
            "The requested institution",
            "requested_authority",
        ),
        (
            "requesting-institution",
            "Наименование запрашивающего учреждения",
            "The requesting institution",
            "requesting_authority",
        ),
        (
            "case-name-and-number",
            "Наименование и номер дела",
            "The name and number of the case",
            "case_name_and_number",
        ),
        (
            "natural-persons",
            "Физические лица: фамилия, имя, отчество, дата и место рождения, место жительства, "
            "гражданство, род занятий",
            "Natural persons: full name, date and place of birth, residence, citizenship, "
            "occupation",
            "persons_identified",
        ),
        (
            "legal-persons",
            "Юридические лица: наименование, адрес, банковские реквизиты, налоговые коды",
            "Legal persons: name, address, bank details, tax codes",
            "persons_identified",
        ),
        (
            "representatives",
            "Фамилии и адреса представителей",
            "Names and addresses of representatives",
            "representatives",
        ),
        (
            "confidentiality",
            "Необходимость соблюдения конфиденциальности поручения и полученной информации",
            "Whether confidentiality of the request and of the information obtained is needed",
            "confidentiality",
        ),
        (
            "content-of-request",
            "Содержание поручения и иные сведения, необходимые для его исполнения",
            "The content of the request and other information needed for its execution",
            "actions_requested",
        ),
        (
            "facts-of-the-case",
            "По уголовным делам — описание фактических обстоятельств",
            "In a criminal case, the facts",
            "facts",
        ),
        (
            "qualification-with-article-text",
            "Юридическая квалификация деяния с полным текстом статьи уголовного закона",
            "The legal qualification with the full text of the criminal-law article",
            "qualification_text",
        ),
        (
            "signature-and-seal",
            "Подпись и гербовая печать",
            "Signature and seal",
            "signature_and_seal",
        ),
    ],
    (
        "UNTOC",
        "18(15)",
        "mla",
        "U",
        "UNTOC, ст. 18(15) (формулировку подтвердить по официальному тексту)",
    ): [
        (
            "requesting-authority",
            "Орган, обращающийся с просьбой",
            "The authority making the request",
            "requesting_authority",
        ),
        (
            "subject-and-nature",
            "Предмет и характер расследования, уголовного преследования или судебного "
            "разбирательства и орган, который их осуществляет",
            "The subject and nature of the investigation and the authority conducting it",
            "manual",
        ),
        (
            "summary-of-facts",
            "Краткое изложение соответствующих фактов",
            "A summary of the relevant facts",
            "facts",
        ),
        (
            "assistance-sought",
            "Описание запрашиваемой помощи и любой процедуры, которую необходимо соблюдать",
            "The assistance sought and any procedure to follow",
            "actions_requested",
        ),
        (
            "persons-concerned",
            "Данные о личности, местонахождении и гражданстве соответствующего лица",
            "The identity, location and nationality of any person concerned",
            "persons_identified",
        ),
        (
            "purpose",
            "Цель запрашиваемых доказательств, информации или мер",
            "The purpose of the evidence, information or action sought",
            "purpose",
        ),
    ],
    ("Minsk Convention", "58", "extradition", "L", "Минская конвенция, ст. 58"): [
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
            "Для уголовного преследования — заверенная копия постановления о взятии под стражу",
            "For prosecution, a certified copy of the custody decision",
            "custody_decision",
        ),
        (
            "final-judgment-and-remaining-term",
            "Для исполнения приговора — заверенная копия вступившего в силу приговора и "
            "сведения о неотбытом сроке",
            "For enforcement, a certified copy of the final judgment and the remaining term",
            "custody_decision",
        ),
        (
            "damage",
            "Сведения о размере причинённого ущерба",
            "The amount of damage caused",
            "damage",
        ),
    ],
}

# --- Refusal grounds ------------------------------------------------------------------------
# code -> (text_ru, text_en, is_mandatory)
MLA_GROUNDS = {
    "sovereignty-security-public-order": (
        "Исполнение может нанести ущерб суверенитету, безопасности, публичному порядку или "
        "иным существенным интересам запрашиваемого государства",
        "Execution could harm the sovereignty, security, public order or other essential "
        "interests of the requested state",
        False,
    ),
    "contrary-to-law": (
        "Исполнение противоречит законодательству запрашиваемого государства",
        "Execution would be contrary to the law of the requested state",
        False,
    ),
}
EXTRADITION_GROUNDS = {
    "own-national": (
        "Лицо является гражданином запрашиваемого государства (вместо выдачи — передача "
        "уголовного преследования)",
        "The person is a national of the requested state (transfer of prosecution instead)",
        True,
    ),
    "asylum": (
        "Лицу предоставлено убежище в запрашиваемом государстве",
        "The person has been granted asylum in the requested state",
        False,
    ),
    "limitation-expired": (
        "Истёк срок давности уголовного преследования или исполнения приговора",
        "The limitation period for prosecution or enforcement has expired",
        False,
    ),
    "ne-bis-in-idem": (
        "Лицо уже осуждено или оправдано за то же деяние",
        "The person has already been convicted or acquitted of the same act",
        False,
    ),
    "amnesty": (
        "Лицо освобождено от ответственности актом амнистии",
        "The act is covered by an amnesty",
        False,
    ),
    "private-prosecution": (
        "Преступление преследуется только в порядке частного обвинения",
        "The offence is prosecuted only on a private complaint",
        False,
    ),
    "not-punishable-one-year": (
        "Деяние не наказуемо лишением свободы на срок не менее одного года по законам обоих "
        "государств",
        "The act is not punishable by at least one year of imprisonment in both states",
        False,
    ),
}
# (instrument, request_kind, grounds, confidence, source, {code: article})
REFUSAL_GROUNDS = [
    ("UNTOC", "mla", MLA_GROUNDS, "V", "UNTOC, ст. 18(21)", dict.fromkeys(MLA_GROUNDS, "18(21)")),
    (
        "Chisinau Convention",
        "mla",
        MLA_GROUNDS,
        "L",
        "Кишинёвская конвенция (статья об отказе в правовой помощи — подтвердить)",
        {},
    ),
    (
        "KR–KZ MLA Treaty",
        "mla",
        MLA_GROUNDS,
        "L",
        "Договор КР–РК о правовой помощи 1996 г. (статья — подтвердить)",
        {},
    ),
    (
        "KR–KZ Extradition Agreement",
        "extradition",
        EXTRADITION_GROUNDS,
        "L",
        "Соглашение КР–РК о выдаче 1997 г. (статья — подтвердить); конституции КР и РК "
        "(невыдача собственных граждан)",
        {},
    ),
    (
        "Minsk Convention",
        "extradition",
        EXTRADITION_GROUNDS,
        "L",
        "Минская конвенция, ст. 57 (вторичный источник)",
        {
            "own-national": "57",
            "limitation-expired": "57",
            "ne-bis-in-idem": "57",
            "private-prosecution": "57",
        },
    ),
    (
        "Chisinau Convention",
        "extradition",
        EXTRADITION_GROUNDS,
        "L",
        "Кишинёвская конвенция (статья об отказе в выдаче — подтвердить); ст. 66 (порог "
        "наказуемости)",
        {"not-punishable-one-year": "66"},
    ),
]


def seed(apps, schema_editor):
    Instrument = apps.get_model("treaties", "Instrument")
    InstrumentParty = apps.get_model("treaties", "InstrumentParty")
    Provision = apps.get_model("treaties", "Provision")
    DeadlineRule = apps.get_model("treaties", "DeadlineRule")
    RequiredElement = apps.get_model("treaties", "RequiredElement")
    RefusalGround = apps.get_model("treaties", "RefusalGround")

    instruments = {}
    for short_name, fields in INSTRUMENTS.items():
        instruments[short_name], _ = Instrument.objects.update_or_create(
            short_name=short_name, defaults=fields
        )
    for short_name, target in SUPERSEDED_BY.items():
        instrument = instruments[short_name]
        instrument.superseded_by = instruments[target]
        instrument.save(update_fields=["superseded_by"])

    for (short_name, country), fields in PARTIES.items():
        InstrumentParty.objects.update_or_create(
            instrument=instruments[short_name], country=country, defaults=fields
        )

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

    for code, fields in DEADLINE_RULES.items():
        defaults = dict(fields)
        short_name = defaults.pop("instrument")
        article = defaults.pop("provision")
        defaults["instrument"] = instruments[short_name] if short_name else None
        defaults["provision"] = provisions[(short_name, article)] if article else None
        defaults["day_kind"] = "calendar"
        defaults["reminder_lead_days"] = list(defaults["reminder_lead_days"])
        DeadlineRule.objects.update_or_create(code=code, defaults=defaults)

    for (short_name, article, kind, confidence, source), rows in REQUIRED_ELEMENTS.items():
        for order, (code, label_ru, label_en, check_kind) in enumerate(rows, start=1):
            RequiredElement.objects.update_or_create(
                instrument=instruments[short_name],
                request_kind=kind,
                code=code,
                defaults={
                    "provision": provisions[(short_name, article)],
                    "label_ru": label_ru,
                    "label_en": label_en,
                    "check_kind": check_kind,
                    "order": order,
                    "confidence": confidence,
                    "source": source,
                },
            )

    for short_name, kind, grounds, confidence, source, articles in REFUSAL_GROUNDS:
        for order, (code, (text_ru, text_en, mandatory)) in enumerate(grounds.items(), start=1):
            article = articles.get(code)
            RefusalGround.objects.update_or_create(
                instrument=instruments[short_name],
                request_kind=kind,
                code=code,
                defaults={
                    "provision": provisions[(short_name, article)] if article else None,
                    "text_ru": text_ru,
                    "text_en": text_en,
                    "is_mandatory": mandatory,
                    "order": order,
                    "confidence": confidence,
                    "source": source,
                },
            )


def unseed(apps, schema_editor):
    Instrument = apps.get_model("treaties", "Instrument")
    InstrumentParty = apps.get_model("treaties", "InstrumentParty")
    Provision = apps.get_model("treaties", "Provision")
    DeadlineRule = apps.get_model("treaties", "DeadlineRule")
    RequiredElement = apps.get_model("treaties", "RequiredElement")
    RefusalGround = apps.get_model("treaties", "RefusalGround")

    for short_name, kind, grounds, *_ in REFUSAL_GROUNDS:
        RefusalGround.objects.filter(
            instrument__short_name=short_name, request_kind=kind, code__in=list(grounds)
        ).delete()
    for (short_name, _article, kind, *_), rows in REQUIRED_ELEMENTS.items():
        RequiredElement.objects.filter(
            instrument__short_name=short_name,
            request_kind=kind,
            code__in=[row[0] for row in rows],
        ).delete()
    DeadlineRule.objects.filter(code__in=list(DEADLINE_RULES)).delete()
    for short_name, article in PROVISIONS:
        Provision.objects.filter(instrument__short_name=short_name, article=article).delete()
    for short_name, country in PARTIES:
        InstrumentParty.objects.filter(instrument__short_name=short_name, country=country).delete()
    # Undo the self-reference first: superseded_by is PROTECT.
    Instrument.objects.filter(short_name__in=list(SUPERSEDED_BY)).update(superseded_by=None)
    Instrument.objects.filter(short_name__in=list(INSTRUMENTS)).delete()


class Migration(migrations.Migration):
    dependencies = [("treaties", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
