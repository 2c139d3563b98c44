"""Kinds of assistance as registry data: which instrument provides which kind, with its article.

Every kind of the domain brief ("Kinds of assistance"), with the codes stored requests already
use, and the instruments that provide it. The letters of UNTOC Art. 18(3) follow the Convention's
structure as recorded in its travaux préparatoires (rolling text A/AC.254/4, Art. 14(2), and the
final text of GA res. 55/25); they are marked L until a registry administrator checks each letter
against the UN Treaty Collection text. The CIS and bilateral articles that list the scope of legal
assistance are not yet verified against their texts: they are marked U, and a link whose article
is unknown carries no provision at all (the page says so) rather than a guessed number.

Rows are written with ``update_or_create`` / ``get_or_create`` on their natural keys: running the
seed again (the test suite does, after flushing) duplicates nothing, and provisions another seed
already created are used as they are, never overwritten.
"""

from django.db import migrations

UNTOC = (
    "Конвенция ООН против транснациональной организованной преступности (резолюция ГА ООН 55/25)"
)
UNTOC_LETTER = (
    UNTOC + ", п. 3 ст. 18, подп. «{letter}»; буква подпункта — по подготовительным материалам "
    "Конвенции (вторичный источник); сверить с официальным текстом"
)
UNTOC_ARTICLE = UNTOC + ", {where} (вторичный источник; сверить с официальным текстом)"
CIS_SCOPE_SOURCE = (
    "Статья об объёме правовой помощи (по аналогии с Минской конвенцией 1993 г.); номер статьи "
    "и перечень не сверены с текстом — подтвердите"
)
CIS_EXECUTION_SOURCE = (
    "Порядок исполнения поручения: присутствие представителей запрашивающей стороны; номер "
    "статьи не сверен с текстом — подтвердите"
)
TREATY_SCOPE_SOURCE = (
    "Договор КР–РК 1996 г.: статья об объёме правовой помощи не внесена в реестр — подтвердите"
)
SEED_MARK = "Внесено при заполнении реестра видов помощи (0013)"


def _letter(letter: str) -> str:
    return UNTOC_LETTER.format(letter=letter)


def _untoc(where: str) -> str:
    return UNTOC_ARTICLE.format(where=where)


# (instrument key, article) -> (subject, confidence, source). Created only when absent.
PROVISIONS = {
    ("UNTOC", "18(3)(a)"): ("Получение свидетельских показаний или заявлений", "L", _letter("a")),
    ("UNTOC", "18(3)(b)"): ("Вручение судебных документов", "L", _letter("b")),
    ("UNTOC", "18(3)(c)"): ("Проведение обыска и выемки, а также ареста", "L", _letter("c")),
    ("UNTOC", "18(3)(d)"): ("Осмотр объектов и участков местности", "L", _letter("d")),
    ("UNTOC", "18(3)(e)"): (
        "Предоставление информации, вещественных доказательств и оценок экспертов",
        "L",
        _letter("e"),
    ),
    ("UNTOC", "18(3)(f)"): (
        "Предоставление подлинников или заверенных копий документов и материалов, "
        "включая правительственные, банковские, финансовые, корпоративные или коммерческие",
        "L",
        _letter("f"),
    ),
    ("UNTOC", "18(3)(g)"): (
        "Выявление или отслеживание доходов от преступлений, имущества, средств совершения "
        "преступлений или других предметов для целей доказывания",
        "L",
        _letter("g"),
    ),
    ("UNTOC", "18(3)(h)"): (
        "Содействие добровольной явке лиц в органы запрашивающего государства",
        "L",
        _letter("h"),
    ),
    ("UNTOC", "18(3)(i)"): (
        "Любые иные виды помощи, не противоречащие внутреннему законодательству "
        "запрашиваемого государства",
        "L",
        _letter("i"),
    ),
    ("UNTOC", "18(10)"): (
        "Передача лица, находящегося под стражей, для дачи показаний или иного содействия",
        "L",
        _untoc("п. 10 ст. 18"),
    ),
    ("UNTOC", "18(18)"): (
        "Заслушивание свидетеля или эксперта в режиме видеоконференции",
        "L",
        _untoc("п. 18 ст. 18"),
    ),
    ("UNTOC", "13"): (
        "Международное сотрудничество в целях конфискации",
        "L",
        _untoc("ст. 13"),
    ),
    ("UNTOC", "14(2)"): (
        "Возвращение конфискованного имущества для возмещения потерпевшим или законным владельцам",
        "L",
        _untoc("п. 2 ст. 14"),
    ),
    ("UNTOC", "20"): ("Специальные методы расследования", "L", _untoc("ст. 20")),
    ("UNTOC", "27(1)(b)"): (
        "Сотрудничество правоохранительных органов: установление личности и местонахождения лиц",
        "L",
        _untoc("подп. «b» п. 1 ст. 27"),
    ),
    ("Chisinau Convention", "6"): ("Объём правовой помощи", "U", CIS_SCOPE_SOURCE),
    ("Chisinau Convention", "8"): (
        "Порядок исполнения поручения (присутствие представителей запрашивающей стороны)",
        "U",
        CIS_EXECUTION_SOURCE,
    ),
    ("Minsk Convention", "6"): ("Объём правовой помощи", "U", CIS_SCOPE_SOURCE),
}

# code -> (order, name_ru, name_en, confidence, source). The codes of the old enumeration are
# kept: stored requests keep naming their kinds by them.
KINDS = {
    "interrogation": (
        10,
        "Получение показаний или заявлений (допрос свидетелей, потерпевших, подозреваемых, "
        "экспертов)",
        "Taking evidence or statements (questioning of witnesses, victims, suspects, experts)",
    ),
    "detained_testimony": (
        20,
        "Передача лица, содержащегося под стражей, для дачи показаний или содействия расследованию",
        "Making a detained person available to give evidence or assist an investigation",
    ),
    "persons_available": (
        30,
        "Обеспечение явки иных лиц (не содержащихся под стражей) для дачи показаний или "
        "содействия расследованию",
        "Making other (not detained) persons available to give evidence or assist an investigation",
    ),
    "officer_participation": (
        40,
        "Участие представителя запрашивающей стороны в исполнении запроса",
        "Participation of the requesting state's officer in the execution",
    ),
    "service": (
        50,
        "Вручение судебных документов, в том числе повесток",
        "Service of judicial documents, including summonses",
    ),
    "search_seizure": (
        60,
        "Обыск и выемка, арест (замораживание) имущества",
        "Searches and seizures, freezing",
    ),
    "inspection": (70, "Осмотр предметов и мест", "Examining objects and sites (inspections)"),
    "information": (
        80,
        "Предоставление информации, доказательств и заключений экспертов",
        "Providing information, evidence and expert evaluations",
    ),
    "records": (
        90,
        "Предоставление подлинников или заверенных копий документов и материалов",
        "Providing originals or certified copies of documents and records",
    ),
    "bank_records": (
        100,
        "Предоставление государственных, банковских, финансовых, корпоративных или "
        "коммерческих документов",
        "Government, bank, financial, corporate or business records",
    ),
    "proceeds": (
        110,
        "Выявление или отслеживание доходов от преступлений, имущества и орудий преступления",
        "Identifying or tracing proceeds of crime, property and instrumentalities",
    ),
    "confiscation": (
        120,
        "Арест, конфискация и передача имущества, добытого преступным путём",
        "Arrest, confiscation and transfer of criminally obtained property",
    ),
    "fines_restitution": (
        130,
        "Взыскание штрафов и возмещение (реституция)",
        "Recovery of fines and restitution",
    ),
    "locate_person": (
        140,
        "Установление личности и местонахождения лиц",
        "Identifying and locating persons",
    ),
    "expert_examination": (150, "Проведение экспертизы", "Expert examination"),
    "videoconference": (160, "Допрос в режиме видеоконференции", "Hearing by videoconference"),
    "telecom_data": (
        170,
        "Трансграничный обыск и выемка данных электросвязи",
        "Cross-border search and seizure of telecommunications data",
    ),
    "terrorist_funds": (
        180,
        "Выявление, установление местонахождения, замораживание, арест и конфискация средств, "
        "предназначенных для финансирования терроризма",
        "Locating, identifying, freezing, seizing and confiscating funds intended for terrorism",
    ),
    "operational_measures": (
        190,
        "Оперативно-розыскные мероприятия (наблюдение, перехват)",
        "Operational-search measures (surveillance, interception)",
    ),
    "detention": (200, "Задержание лица", "Detention of a person"),
    "other": (
        210,
        "Иная помощь, не противоречащая законодательству запрашиваемого государства",
        "Any other assistance not contrary to the requested state's law",
    ),
}

KIND_SOURCE = "Домен портала: «Виды помощи» (UNTOC ст. 18(3) и практика КР–РК)"
# Kinds whose provenance is itself uncertain: no instrument in the registry names them.
KIND_MARKS = {
    "telecom_data": (
        "U",
        "Ни один договор реестра не называет этот вид прямо; применяется общее положение об "
        "обыске и выемке — подтвердите",
    ),
    "terrorist_funds": (
        "U",
        "Международная конвенция о борьбе с финансированием терроризма (Нью-Йорк, 9 декабря "
        "1999 г.), ст. 8 — в реестр не внесена; подтвердите основание",
    ),
    "operational_measures": ("L", KIND_SOURCE),
    "detention": ("U", KIND_SOURCE + "; основание в договорах реестра не указано — подтвердите"),
}

# code -> [(instrument key, article or None, confidence)], one link per instrument (the registry
# keeps one article per instrument and kind). Article None: the instrument provides the kind, but
# the registry does not yet hold the article that says so.
PROVIDED_BY = {
    "interrogation": [
        ("KR–KZ MLA Treaty", None, "U"),
        ("Chisinau Convention", "6", "U"),
        ("Minsk Convention", "6", "U"),
        ("UNTOC", "18(3)(a)", "L"),
    ],
    "detained_testimony": [("UNTOC", "18(10)", "L")],
    "persons_available": [("UNTOC", "18(3)(h)", "L")],
    "officer_participation": [("Chisinau Convention", "8", "U")],
    "service": [
        ("KR–KZ MLA Treaty", None, "U"),
        ("Chisinau Convention", "6", "U"),
        ("Minsk Convention", "6", "U"),
        ("UNTOC", "18(3)(b)", "L"),
    ],
    "search_seizure": [
        ("KR–KZ MLA Treaty", None, "U"),
        ("Chisinau Convention", "6", "U"),
        ("Minsk Convention", "6", "U"),
        ("UNTOC", "18(3)(c)", "L"),
    ],
    "inspection": [
        ("Chisinau Convention", "6", "U"),
        ("Minsk Convention", "6", "U"),
        ("UNTOC", "18(3)(d)", "L"),
    ],
    "information": [("UNTOC", "18(3)(e)", "L"), ("CIS Trafficking Agreement", None, "U")],
    "records": [
        ("KR–KZ MLA Treaty", None, "U"),
        ("Chisinau Convention", "6", "U"),
        ("UNTOC", "18(3)(f)", "L"),
    ],
    "bank_records": [("UNTOC", "18(3)(f)", "L")],
    "proceeds": [("UNTOC", "18(3)(g)", "L")],
    "confiscation": [("UNTOC", "13", "L")],
    "fines_restitution": [("UNTOC", "14(2)", "L"), ("Chisinau Convention", "6", "U")],
    "locate_person": [
        ("KR–KZ MLA Treaty", None, "U"),
        ("Chisinau Convention", "6", "U"),
        ("Minsk Convention", "6", "U"),
        ("UNTOC", "27(1)(b)", "L"),
    ],
    "expert_examination": [
        ("KR–KZ MLA Treaty", None, "U"),
        ("Chisinau Convention", "6", "U"),
        ("Minsk Convention", "6", "U"),
        ("UNTOC", "18(3)(e)", "L"),
    ],
    "videoconference": [("UNTOC", "18(18)", "L")],
    "telecom_data": [("UNTOC", "18(3)(c)", "U")],
    "terrorist_funds": [],
    "operational_measures": [("UNTOC", "20", "L"), ("CIS Trafficking Agreement", None, "U")],
    "detention": [("Chisinau Convention", None, "U")],
    "other": [("UNTOC", "18(3)(i)", "L")],
}

LINK_SOURCES = {
    "UNTOC": UNTOC + " (вторичный источник; сверить с официальным текстом)",
    "Chisinau Convention": CIS_SCOPE_SOURCE,
    "Minsk Convention": CIS_SCOPE_SOURCE,
    "KR–KZ MLA Treaty": TREATY_SCOPE_SOURCE,
    "CIS Trafficking Agreement": (
        "Соглашение СНГ 2005 г.: формы сотрудничества (обмен информацией, исполнение запросов "
        "об ОРМ) — статья не внесена в реестр; подтвердите"
    ),
}


def seed(apps, schema_editor):
    Instrument = apps.get_model("treaties", "Instrument")
    Provision = apps.get_model("treaties", "Provision")
    AssistanceKind = apps.get_model("treaties", "AssistanceKind")
    InstrumentAssistance = apps.get_model("treaties", "InstrumentAssistance")

    instruments = {i.short_name: i for i in Instrument.objects.all()}
    provisions = {}
    for (key, article), (subject, confidence, source) in PROVISIONS.items():
        if key not in instruments:
            continue
        provisions[(key, article)], _created = Provision.objects.get_or_create(
            instrument=instruments[key],
            article=article,
            defaults={
                "subject": subject,
                "summary": SEED_MARK,
                "confidence": confidence,
                "source": source,
            },
        )
    for code, (order, name_ru, name_en) in KINDS.items():
        confidence, source = KIND_MARKS.get(code, ("L", KIND_SOURCE))
        kind, _created = AssistanceKind.objects.update_or_create(
            code=code,
            defaults={
                "order": order,
                "name_ru": name_ru,
                "name_en": name_en,
                "is_active": True,
                "confidence": confidence,
                "source": source,
            },
        )
        for key, article, mark in PROVIDED_BY[code]:
            if key not in instruments:
                continue
            provision = provisions.get((key, article)) if article else None
            if article and provision is None:
                provision = Provision.objects.filter(
                    instrument=instruments[key], article=article
                ).first()
            InstrumentAssistance.objects.update_or_create(
                instrument=instruments[key],
                kind=kind,
                defaults={"provision": provision, "confidence": mark, "source": LINK_SOURCES[key]},
            )


def unseed(apps, schema_editor):
    Provision = apps.get_model("treaties", "Provision")
    AssistanceKind = apps.get_model("treaties", "AssistanceKind")
    InstrumentAssistance = apps.get_model("treaties", "InstrumentAssistance")

    InstrumentAssistance.objects.filter(kind__code__in=list(KINDS)).delete()
    AssistanceKind.objects.filter(code__in=list(KINDS)).delete()
    for key, article in PROVISIONS:
        # Only the provisions this seed created (another seed's rows carry their own summary).
        Provision.objects.filter(
            instrument__short_name=key, article=article, summary=SEED_MARK
        ).delete()


class Migration(migrations.Migration):
    dependencies = [("treaties", "0012_seed_sanctions_and_calendar")]

    operations = [migrations.RunPython(seed, unseed)]
