"""Demo library: methodologies, summaries of the registry's instruments and publications in
Russian, Kazakh, Kyrgyz and English (idempotent; PDFs rendered with WeasyPrint)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils.html import escape

from accounts.models import User
from library import services
from library.models import LibraryDocument
from treaties.models import Instrument

METHODOLOGY_TEXT = (
    "Методические рекомендации по выявлению и идентификации жертв торговли людьми.\n"
    "1. Торговля людьми — вербовка, перевозка, передача, укрывательство или получение людей "
    "путём угрозы силой, обмана или злоупотребления уязвимым положением в целях эксплуатации "
    "(ст. 3 Протокола о торговле людьми). Согласие потерпевшего не имеет значения, если "
    "использовано любое из этих средств; для ребёнка средства доказывать не нужно.\n"
    "2. Признаки: изъятые паспорта, «долг» за дорогу и жильё, отсутствие свободы передвижения, "
    "работа без оплаты, проживание по месту работы, признаки насилия, страх перед полицией.\n"
    "3. Первичный опрос проводится в безопасном месте, с переводчиком и психологом; вопросы "
    "задаются о маршруте, вербовщике, условиях труда и документах.\n"
    "4. Потерпевшему разъясняются право на помощь, на временное пребывание и на возвращение; "
    "сведения о нём защищаются, в запросах указывается псевдоним.\n"
    "5. О выявлении сообщается координатору для информирования другой стороны и планирования "
    "скоординированных мероприятий."
)

DOCUMENTS = [
    {
        "actor": "kg_coordinator",
        "title_ru": "Методические рекомендации по выявлению и идентификации жертв торговли людьми",
        "title_en": "Guidelines on identifying victims of trafficking in persons",
        "kind": "methodology",
        "language": "ru",
        "tags": ["потерпевшие", "выявление", "методика"],
        "description": "Совместные рекомендации МВД КР и МВД РК для оперативных сотрудников.",
        "text": METHODOLOGY_TEXT,
        "pdf": True,
    },
    {
        "actor": "kz_prosecutor",
        "title_ru": "Протокол о предупреждении и пресечении торговли людьми, особенно женщинами "
        "и детьми, и наказании за неё: краткое изложение",
        "title_en": "Trafficking Protocol: summary",
        "kind": "legal_act",
        "language": "ru",
        "tags": ["ООН", "определение"],
        "instrument": "Trafficking Protocol",
        "text": (
            "Протокол, дополняющий Конвенцию ООН против транснациональной организованной "
            "преступности (Нью-Йорк, 15 ноября 2000 г.). Статья 3 определяет торговлю людьми "
            "через действие, способ и цель эксплуатации; статья 6 — помощь и защита жертв; "
            "статья 8 — репатриация жертв; статья 10 — обмен информацией и подготовка кадров."
        ),
        "pdf": True,
    },
    {
        "actor": "kg_prosecutor",
        "title_ru": "Соглашение о сотрудничестве государств — участников СНГ в борьбе с "
        "торговлей людьми, органами и тканями человека (Минск, 25.11.2005): краткое изложение",
        "title_en": "CIS Agreement on combating trafficking in persons (2005): summary",
        "kind": "legal_act",
        "language": "ru",
        "tags": ["СНГ", "формы сотрудничества"],
        "instrument": "CIS Trafficking Agreement",
        "text": (
            "Формы сотрудничества компетентных органов: обмен информацией; исполнение запросов "
            "о проведении оперативно-розыскных мероприятий; планирование и проведение "
            "скоординированных оперативно-розыскных и профилактических мероприятий; обмен "
            "нормативными правовыми актами, изданиями и методическими материалами; рабочие "
            "встречи и консультации."
        ),
        "pdf": False,
    },
    {
        "actor": "kg_prosecutor",
        "title_ru": "Договор между КР и РК о правовой помощи по гражданским и уголовным делам "
        "(Алматы, 26.08.1996) с Протоколом 2022 г.: краткое изложение",
        "title_en": "KR–KZ Treaty on mutual legal assistance (1996): summary",
        "kind": "legal_act",
        "language": "ru",
        "tags": ["правовая помощь", "двусторонний договор"],
        "instrument": "KR–KZ MLA Treaty",
        "text": (
            "Договор вступил в силу 18.12.1998. Статья 4 в редакции статьи 1 Протокола, "
            "подписанного в Бишкеке 26.05.2022: сношения через назначенные компетентные "
            "учреждения. Запрос о правовой помощи составляется на государственном или русском "
            "языке, подписывается и скрепляется печатью."
        ),
        "pdf": False,
    },
    {
        "actor": "kz_coordinator",
        "title_ru": "Памятка по выявлению жертв торговли людьми (на казахском языке)",
        "title_en": "Memo on identifying victims of trafficking (Kazakh)",
        "kind": "methodology",
        "language": "kk",
        "tags": ["потерпевшие", "памятка"],
        "text": (
            "Адам саудасының құрбандарын анықтау жөніндегі жадынама. Белгілері: төлқұжаттың "
            "алынуы, «қарыз», еркін жүріп-тұрудың шектелуі, еңбекақының төленбеуі. "
            "Құрбанмен әңгіме қауіпсіз жерде, аудармашы және психологпен жүргізіледі."
        ),
        "pdf": True,
    },
    {
        "actor": "kg_investigator",
        "title_ru": "Пособие по расследованию торговли людьми (на кыргызском языке)",
        "title_en": "Handbook on investigating trafficking in persons (Kyrgyz)",
        "kind": "publication",
        "language": "ky",
        "tags": ["расследование", "пособие"],
        "text": (
            "Адам сатуу кылмыштарын тергөө боюнча колдонмо. Жабырлануучуну аныктоо, "
            "далилдерди чогултуу, Казакстан Республикасынын укук коргоо органдары менен "
            "кызматташуу жана укуктук жардам сурамдары."
        ),
        "pdf": True,
    },
    {
        "actor": "kz_prosecutor",
        "title_ru": "Индикаторы торговли людьми: обзор международной практики (на английском)",
        "title_en": "Indicators of trafficking in persons: a review of international practice",
        "kind": "publication",
        "language": "en",
        "tags": ["обзор", "индикаторы"],
        "text": (
            "Indicators of trafficking in persons: withheld identity documents, debt bondage, "
            "restricted movement, no or little pay, living at the workplace, signs of abuse, "
            "fear of the authorities. Labour exploitation in construction and agriculture is "
            "the most frequent form reported between Central Asian states."
        ),
        "pdf": False,
    },
    {
        "actor": "kz_coordinator",
        "title_ru": "Порядок взаимодействия подразделений МВД РК при освобождении потерпевших",
        "title_en": "Internal procedure of the KZ Ministry for rescuing victims",
        "kind": "methodology",
        "language": "ru",
        "tags": ["порядок", "освобождение потерпевших"],
        "own_country_only": True,
        "text": (
            "Внутренний порядок: уведомление дежурной части, участие ювенальной полиции при "
            "выявлении несовершеннолетних, передача потерпевших в кризисный центр."
        ),
        "pdf": False,
    },
]


def _pdf(title: str, text: str) -> bytes:
    from weasyprint import HTML

    paragraphs = "".join(f"<p>{escape(line)}</p>" for line in text.split("\n"))
    html = (
        "<html><head><meta charset='utf-8'><style>@page{size:A4;margin:2cm}"
        "body{font-family:'DejaVu Serif',serif;font-size:11pt}h1{font-size:14pt}</style></head>"
        f"<body><h1>{escape(title)}</h1>{paragraphs}</body></html>"
    )
    return HTML(string=html).write_pdf()


@transaction.atomic
def seed_library() -> list[LibraryDocument]:
    users = {u.username: u for u in User.objects.select_related("agency")}
    documents = []
    for spec in DOCUMENTS:
        existing = LibraryDocument.objects.filter(title_ru=spec["title_ru"]).first()
        if existing:
            documents.append(existing)
            continue
        if spec["pdf"]:
            upload = SimpleUploadedFile(
                "document.pdf", _pdf(spec["title_ru"], spec["text"]), "application/pdf"
            )
        else:
            upload = SimpleUploadedFile("document.txt", spec["text"].encode(), "text/plain")
        instrument = (
            Instrument.objects.filter(short_name=spec["instrument"]).first()
            if spec.get("instrument")
            else None
        )
        documents.append(
            services.library_document_create(
                actor=users[spec["actor"]],
                title_ru=spec["title_ru"],
                title_en=spec["title_en"],
                kind=spec["kind"],
                language=spec["language"],
                description=spec.get("description", ""),
                tags=spec["tags"],
                instrument=instrument,
                own_country_only=spec.get("own_country_only", False),
                upload=upload,
            )
        )
    return documents
