"""Demo cases of both countries (used by `manage.py seed_demo`; idempotent).

A KR case and its KZ mirror about the same recruitment network (the suspect is spelt slightly
differently on each side), a second KR case shared with a KZ investigator, and a KZ forced-labour
case. Everything is written through the services, so the history tabs are real.
"""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.db import transaction

from accounts.models import User
from cases import services
from cases.choices import AccessLevel, NationalRegister, ParticipantRole, RouteRole
from cases.models import Case, CaseLink
from treaties.models import CriminalArticle, ExploitationForm


def _article(country: str, category: str, part: str = "") -> CriminalArticle:
    return CriminalArticle.objects.first_of(country, category, part)


def _forms(*codes: str):
    return list(ExploitationForm.objects.filter(code__in=codes))


def _person(surname, given, patronymic="", latin=("", ""), **extra):
    return {
        "surname": surname,
        "given_name": given,
        "patronymic": patronymic,
        "surname_latin": latin[0],
        "given_name_latin": latin[1],
        **extra,
    }


CASES = [
    {
        "key": "kg_osh",
        "actor": "kg_investigator",
        "register": NationalRegister.KG_ERP,
        "number": "24-001-2026-000173",
        "title": "Вербовка девушек из Ошской области для сексуальной эксплуатации в г. Алматы",
        "summary": (
            "В феврале–апреле 2026 года группа лиц под видом трудоустройства официантками "
            "вербовала девушек в Ошской и Джалал-Абадской областях, организовывала их перевозку "
            "через КПП «Кордай» в г. Алматы, где изымала паспорта и принуждала к занятию "
            "проституцией. Установлено не менее трёх потерпевших."
        ),
        "opened_on": datetime.date(2026, 4, 14),
        "committed_on": datetime.date(2026, 2, 2),
        "articles": [("KG", "trafficking", "1")],
        "forms": ["sexual-exploitation"],
        "route": [
            {"role": RouteRole.ORIGIN, "country": "KG", "locality": "г. Ош"},
            {"role": RouteRole.TRANSIT, "country": "KG", "locality": "г. Бишкек"},
            {"role": RouteRole.TRANSIT, "country": "KZ", "locality": "КПП «Кордай»"},
            {"role": RouteRole.DESTINATION, "country": "KZ", "locality": "г. Алматы"},
        ],
        "participants": [
            (
                ParticipantRole.SUSPECT,
                _person(
                    "Абдрахманов",
                    "Тимур",
                    "Бекболотович",
                    ("ABDRAKHMANOV", "TIMUR"),
                    birth_date=datetime.date(1988, 3, 2),
                    sex="male",
                    citizenship="KG",
                    birth_place="г. Ош",
                ),
                [{"kind": "passport", "number": "AC1234567", "issuing_country": "KG"}],
            ),
            (
                ParticipantRole.VICTIM,
                _person(
                    "Мамытова",
                    "Айзада",
                    "Бакытовна",
                    ("MAMYTOVA", "AIZADA"),
                    birth_date=datetime.date(2004, 7, 19),
                    sex="female",
                    citizenship="KG",
                    address="Ошская обл., Кара-Сууйский р-н, с. Нариман",
                    contacts="+996 555 01 23 45",
                ),
                [{"kind": "passport", "number": "AC7654321", "issuing_country": "KG"}],
            ),
            (
                ParticipantRole.VICTIM,
                _person(
                    "Турдубаева",
                    "Нургуль",
                    "Алмазбековна",
                    ("TURDUBAEVA", "NURGUL"),
                    birth_date=datetime.date(2006, 1, 5),
                    sex="female",
                    citizenship="KG",
                    address="Джалал-Абадская обл., г. Кара-Куль",
                ),
                [],
            ),
            (
                ParticipantRole.VICTIM,
                _person(
                    "Эсенова",
                    "Бегимай",
                    "",
                    ("ESENOVA", "BEGIMAI"),
                    birth_date=datetime.date(2008, 11, 30),
                    sex="female",
                    citizenship="KG",
                ),
                [],
            ),
            (
                ParticipantRole.WITNESS,
                _person(
                    "Садыков",
                    "Руслан",
                    "Маратович",
                    ("SADYKOV", "RUSLAN"),
                    sex="male",
                    citizenship="KG",
                ),
                [],
            ),
        ],
        "attachment": (
            "Рапорт об обнаружении признаков преступления.txt",
            (
                "Рапорт\n\nДоводим до сведения, что 12.04.2026 в ходе ОРМ установлены признаки "
                "торговли людьми (квалификация — в деле).\n"
            ),
        ),
    },
    {
        "key": "kz_almaty",
        "actor": "kz_investigator",
        "register": NationalRegister.KZ_ERDR,
        "number": "261500031000214",
        "title": "Торговля людьми: эксплуатация гражданок КР в притоне в г. Алматы",
        "summary": (
            "В апреле 2026 года в ходе проверки сауны в Бостандыкском районе г. Алматы "
            "выявлены гражданки Кыргызской Республики, удерживаемые для занятия проституцией. "
            "Организатор — гражданин КР Абдурахманов Т. Б."
        ),
        "opened_on": datetime.date(2026, 4, 22),
        "committed_on": datetime.date(2026, 4, 1),
        "articles": [("KZ", "trafficking", "1"), ("KZ", "related")],
        "forms": ["sexual-exploitation"],
        "route": [
            {"role": RouteRole.ORIGIN, "country": "KG", "locality": "г. Ош"},
            {
                "role": RouteRole.DESTINATION,
                "country": "KZ",
                "locality": "г. Алматы, Бостандыкский р-н",
            },
        ],
        "participants": [
            (
                ParticipantRole.SUSPECT,
                _person(
                    "Абдурахманов",
                    "Тимур",
                    "Бекболатович",
                    ("ABDURAKHMANOV", "TIMUR"),
                    birth_date=datetime.date(1988, 3, 2),
                    sex="male",
                    citizenship="KG",
                ),
                [{"kind": "passport", "number": "AC1234567", "issuing_country": "KG"}],
            ),
            (
                ParticipantRole.SUSPECT,
                _person(
                    "Жаксылыков",
                    "Ерболат",
                    "Нурланович",
                    ("ZHAKSYLYKOV", "YERBOLAT"),
                    birth_date=datetime.date(1979, 9, 14),
                    sex="male",
                    citizenship="KZ",
                ),
                [{"kind": "national_id", "number": "041234567", "issuing_country": "KZ"}],
            ),
            (
                ParticipantRole.VICTIM,
                _person(
                    "Мамытова",
                    "Айзада",
                    "",
                    ("MAMYTOVA", "AIZADA"),
                    birth_date=datetime.date(2004, 7, 19),
                    sex="female",
                    citizenship="KG",
                ),
                [],
            ),
            (
                ParticipantRole.VICTIM,
                _person(
                    "Турдубаева",
                    "Нургул",
                    "",
                    ("TURDUBAEVA", "NURGUL"),
                    sex="female",
                    citizenship="KG",
                    birth_date=datetime.date(2006, 1, 5),
                ),
                [],
            ),
        ],
    },
    {
        "key": "kg_talas",
        "actor": "kg_investigator",
        "register": NationalRegister.KG_ERP,
        "number": "24-003-2026-000052",
        "title": "Принудительный труд граждан КР на табачных плантациях Туркестанской области",
        "summary": (
            "Граждане КР из Таласской области завербованы на сезонные работы в РК, у них "
            "изъяты паспорта, заработная плата не выплачивалась, работники удерживались "
            "на плантациях под угрозой насилия."
        ),
        "opened_on": datetime.date(2026, 6, 3),
        "committed_on": datetime.date(2026, 3, 16),
        "articles": [("KG", "forced_labour")],
        "forms": ["forced-labour", "servitude"],
        "route": [
            {"role": RouteRole.ORIGIN, "country": "KG", "locality": "г. Талас"},
            {
                "role": RouteRole.DESTINATION,
                "country": "KZ",
                "locality": "Туркестанская обл., Сарыагашский р-н",
            },
        ],
        "participants": [
            (
                ParticipantRole.SUSPECT,
                _person(
                    "Ташиев",
                    "Улан",
                    "Кенешевич",
                    ("TASHIEV", "ULAN"),
                    sex="male",
                    citizenship="KG",
                ),
                [],
            ),
            (
                ParticipantRole.VICTIM,
                _person(
                    "Осмонов",
                    "Бекзат",
                    "Жолдошевич",
                    ("OSMONOV", "BEKZAT"),
                    birth_date=datetime.date(1996, 5, 21),
                    sex="male",
                    citizenship="KG",
                ),
                [],
            ),
            (
                ParticipantRole.VICTIM,
                _person(
                    "Кадыров",
                    "Азамат",
                    "Исаевич",
                    ("KADYROV", "AZAMAT"),
                    sex="male",
                    citizenship="KG",
                ),
                [],
            ),
        ],
        "share_with": ("kz_investigator", [AccessLevel.VIEW]),
    },
    {
        "key": "kz_shymkent",
        "actor": "kz_investigator",
        "register": NationalRegister.KZ_ERDR,
        "number": "265100021000087",
        "title": "Использование труда несовершеннолетних в кафе г. Шымкента",
        "summary": "Несовершеннолетние граждане РК и КР привлекались к работе без оплаты.",
        "opened_on": datetime.date(2026, 9, 9),
        "committed_on": datetime.date(2026, 6, 1),
        "articles": [("KZ", "trafficking_minors")],
        "forms": ["forced-labour"],
        "route": [
            {"role": RouteRole.DESTINATION, "country": "KZ", "locality": "г. Шымкент"},
        ],
        "participants": [
            (
                ParticipantRole.SUSPECT,
                _person(
                    "Оразбаев",
                    "Нуржан",
                    "Серикович",
                    ("ORAZBAYEV", "NURZHAN"),
                    sex="male",
                    citizenship="KZ",
                ),
                [],
            ),
            (
                ParticipantRole.VICTIM,
                _person(
                    "Сапарова",
                    "Дана",
                    "",
                    ("SAPAROVA", "DANA"),
                    sex="female",
                    citizenship="KZ",
                    birth_date=datetime.date(2010, 2, 14),
                ),
                [],
            ),
        ],
    },
]


# The same people as the KR cases record, written the Kazakh way: a new user sees the matcher at
# work at once — «Мамытова Айзада Бақытқызы» is the KR victim «Мамытова Айзада Бакытовна» (the KR
# case is not shared with Kazakhstan: the cross-border check finds her, naming only the agency);
# «Ташиев Ұлан» is the suspect of the KR case shared with the KZ investigator (shown as "the
# same person in other cases").
CASES.append(
    {
        "key": "kz_karaganda",
        "actor": "kz_investigator",
        "register": NationalRegister.KZ_ERDR,
        "number": "263500041000112",
        "title": "Вербовка гражданок КР для эксплуатации в г. Караганде",
        "summary": (
            "В августе 2026 года в г. Караганде выявлены гражданки Кыргызской Республики, "
            "ранее вывезенные через г. Алматы; их паспорта удерживались работодателем."
        ),
        "opened_on": datetime.date(2026, 9, 2),
        "committed_on": datetime.date(2026, 8, 10),
        "articles": [("KZ", "trafficking", "1")],
        "forms": ["sexual-exploitation"],
        "route": [
            {"role": RouteRole.ORIGIN, "country": "KG", "locality": "г. Ош"},
            {"role": RouteRole.TRANSIT, "country": "KZ", "locality": "г. Алматы"},
            {"role": RouteRole.DESTINATION, "country": "KZ", "locality": "г. Караганда"},
        ],
        "participants": [
            (
                ParticipantRole.VICTIM,
                _person(
                    "Мамытова",
                    "Айзада",
                    "Бақытқызы",
                    ("MAMYTOVA", "AIZADA"),
                    birth_date=datetime.date(2004, 7, 19),
                    sex="female",
                    citizenship="KG",
                ),
                [],
            ),
            (
                ParticipantRole.VICTIM,
                _person(
                    "Тұрдыбаева",
                    "Нұргүл",
                    "",
                    ("TURDYBAYEVA", "NURGUL"),
                    birth_date=datetime.date(2006, 1, 5),
                    sex="female",
                    citizenship="KG",
                ),
                [],
            ),
            (
                ParticipantRole.WITNESS,
                _person(
                    "Есенова",
                    "Бегімай",
                    "",
                    ("YESSENOVA", "BEGIMAI"),
                    birth_date=datetime.date(2008, 11, 30),
                    sex="female",
                    citizenship="KG",
                ),
                [],
            ),
            (
                ParticipantRole.WITNESS,
                _person(
                    "Садықов",
                    "Руслан",
                    "Маратұлы",
                    ("SADYKOV", "RUSLAN"),
                    sex="male",
                    citizenship="KG",
                ),
                [],
            ),
            (
                ParticipantRole.SUSPECT,
                _person("Ташиев", "Ұлан", "", ("TASHIYEV", "ULAN"), sex="male", citizenship="KG"),
                [],
            ),
            (
                ParticipantRole.SUSPECT,
                _person(
                    "Абдырахманов",
                    "Тимур",
                    "Бекболатұлы",
                    ("ABDYRAKHMANOV", "TIMUR"),
                    birth_date=datetime.date(1988, 3, 2),
                    sex="male",
                    citizenship="KG",
                ),
                [],
            ),
        ],
    }
)


@transaction.atomic
def seed_cases() -> dict[str, Case]:
    users = {u.username: u for u in User.objects.select_related("agency")}
    cases: dict[str, Case] = {}
    for spec in CASES:
        actor = users[spec["actor"]]
        existing = Case.objects.filter(
            national_register=spec["register"], national_number=spec["number"]
        ).first()
        if existing:
            cases[spec["key"]] = existing
            continue
        case = services.case_create(
            actor=actor,
            national_register=spec["register"],
            national_number=spec["number"],
            title=spec["title"],
            summary=spec["summary"],
            opened_on=spec["opened_on"],
            committed_on=spec["committed_on"],
            articles=[_article(*a) for a in spec["articles"]],
            exploitation_forms=_forms(*spec["forms"]),
            route=spec["route"],
        )
        for role, person, documents in spec["participants"]:
            services.participant_add(
                case=case, actor=actor, role=role, person_fields=person, documents=documents
            )
        if "attachment" in spec:
            name, text = spec["attachment"]
            upload = ContentFile(text.encode("utf-8"), name=name)
            services.attachment_upload(case=case, actor=actor, upload=upload)
        if "share_with" in spec:
            username, levels = spec["share_with"]
            coordinator = users[spec["actor"].replace("investigator", "coordinator")]
            services.case_grant(case=case, actor=coordinator, user=users[username], levels=levels)
        cases[spec["key"]] = case

    kg, kz = cases["kg_osh"], cases["kz_almaty"]
    if not CaseLink.objects.filter(source=kg, target=kz).exists():
        link = services.case_link_propose(
            case=kg,
            actor=users["kg_investigator"],
            identifier=kz.reference,
            note="Одна и та же группа вербовщиков; потерпевшие совпадают.",
        )
        services.case_link_decide(link=link, actor=users["kz_coordinator"], accept=True)
    return cases
