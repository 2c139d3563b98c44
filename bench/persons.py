"""Benchmark: the same-person search over 1,000,000 persons on PostgreSQL.

Run against a PostgreSQL bench database (never the portal's own: the persons it adds stay):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench DEBUG=true \\
        .venv/bin/python bench/persons.py [--persons 1000000] [--queries 300]

Fills synthetic Kyrgyz and Kazakh persons (Cyrillic name, patronymic, passport Latin, date of
birth) with COPY, each recorded in a case of the KG ministry whose coordinator searches — every
person is visible to them, the search's worst case. Then asks ``--queries`` held-out spellings
of persons of the table (Kazakh letters, another Latin transliteration, a dropped or doubled
letter, the patronymic's other form), each with the date of birth, through the portal's search
(``cases.persons.person_search``: exact keys of two name parts or the date of birth, trigrams
only as a fallback, then the matcher), and prints p50/p95 of the search time and recall@10 (the
person sought among the first ten).
Goal: p95 under 150 ms.
"""

from __future__ import annotations

import argparse
import datetime
import io
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from cases.models import Case, Person  # noqa: E402
from cases.models.person import person_match_keys  # noqa: E402
from cases.persons import person_search  # noqa: E402
from cases.validators import fold  # noqa: E402


def _words(text: str) -> list[str]:
    return text.split()


ROOTS = _words(
    "Абдрахман Абды Айтмат Акмат Алым Аман Асан Ахмет Бакир Бакыт Бейшен Бек Болот Дооран "
    "Жумабай Жусуп Жээнбек Иса Исмаил Кадыр Калыс Канат Карабек Касым Кенеш Кыдыр Мамыт Мамбет "
    "Мырза Нурбек Нурлан Омур Орозбек Осмон Рахман Сабыр Садык Сапар Сарыбай Сейит Султан Сыдык "
    "Табылды Ташы Темир Токтогул Толон Турдубай Тургун Усен Эсен Эркин Ысак Шамшы Ормон Байзак "
    "Жанибек Кожомкул Курман Мукан Нуржан Оразбай Сагынбай Серик Тайлак Уметали Чынгыз Шакир"
)
MALE = _words(
    "Айбек Азамат Алмаз Бакыт Бекзат Данияр Дастан Ерлан Жанат Канат Кубан Марат Нурлан Нуржан "
    "Руслан Самат Санжар Талант Тимур Улан Эрлан Эрмек Арман Асхат Бауыржан Ержан Мирлан Нурсултан"
)
FEMALE = _words(
    "Айгуль Айзада Айжан Айпери Асель Бегимай Гульнара Динара Жазгуль Жылдыз Калыйпа Мээрим "
    "Назгуль Нургуль Салтанат Толгонай Чолпон Элмира Айнура Асем Гаухар Дана Жанар Камила Меруерт"
)
LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ы": "y", "э": "e", "ю": "iu", "я": "ia", "ө": "o", "ү": "u", "ң": "n",
    "ь": "", "ъ": "",
}  # fmt: skip
# Another passport convention, and the Kazakh letters a KZ record uses for the same sounds.
OTHER_LATIN = {"kh": "h", "y": "i", "zh": "j", "iu": "yu", "ia": "ya", "ch": "tch"}
KAZAKH = {"у": "ұ", "к": "қ", "г": "ғ", "и": "і", "о": "ө", "н": "ң"}


def latin(text: str) -> str:
    return "".join(LATIN.get(c, c) for c in text.lower()).upper()


def make_person(rng: random.Random) -> dict:
    female = rng.random() < 0.5
    surname = rng.choice(ROOTS) + rng.choice(["ов", "ев", "баев", "беков", "алиев"])
    given = rng.choice(FEMALE if female else MALE)
    father = rng.choice(MALE)
    if female:
        surname += "а"
        patronymic = father + rng.choice(["овна", "евна"])
    else:
        patronymic = father + rng.choice(["ович", "евич"])
    born = datetime.date(1960, 1, 1) + datetime.timedelta(days=rng.randrange(0, 20000))
    return {
        "surname": surname,
        "given_name": given,
        "patronymic": patronymic,
        "surname_latin": latin(surname),
        "given_name_latin": latin(given),
        "birth_date": born,
        "sex": "female" if female else "male",
    }


def variant(person: dict, rng: random.Random) -> dict:
    """The same person as another side could have written them."""
    kind = rng.randrange(4)
    surname, given = person["surname"], person["given_name"]
    if kind == 0:  # Kazakh letters
        surname = "".join(KAZAKH.get(c, c) if rng.random() < 0.5 else c for c in surname)
        given = "".join(KAZAKH.get(c, c) if rng.random() < 0.5 else c for c in given)
    elif kind == 1:  # another Latin transliteration
        surname, given = person["surname_latin"], person["given_name_latin"]
        for a, b in OTHER_LATIN.items():
            if rng.random() < 0.7:
                surname, given = (
                    surname.replace(a.upper(), b.upper()),
                    given.replace(a.upper(), b.upper()),
                )
    elif kind == 2:  # a dropped or doubled letter
        i = rng.randrange(1, len(surname) - 1)
        surname = (
            surname[:i] + surname[i + 1 :]
            if rng.random() < 0.5
            else surname[:i] + surname[i] + surname[i:]
        )
    else:  # the patronymic's Kazakh form
        base = person["patronymic"].removesuffix("овна").removesuffix("евна")
        base = base.removesuffix("ович").removesuffix("евич")
        return {
            "surname": surname,
            "given_name": given,
            "patronymic": base + ("қызы" if person["sex"] == "female" else "ұлы"),
            "birth_date": person["birth_date"],
        }
    return {"surname": surname, "given_name": given, "birth_date": person["birth_date"]}


# The indexes on the matcher's keys (migrations cases/0008 and 0009).
INDEXES = {
    "cases_person_match_keys_trgm": "match_keys gin_trgm_ops",
    "cases_person_match_keys_array": "string_to_array(match_keys, ' ')",
}


def _copy(rows, table: str, columns: list[str]) -> None:
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join("\\N" if v is None else str(v) for v in row) + "\n")
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(
            f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT text)", buffer
        )


def fill(
    count: int, case: Case, officer: User, rng: random.Random, sample_rate: float
) -> list[tuple[int, dict]]:
    """Add ``count`` persons (each a witness of ``case``); return a sample of (id, person)."""
    now = timezone.now().isoformat()
    start = Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    columns = [
        "created_at", "updated_at", "owning_agency_id", "surname", "given_name", "patronymic",
        "surname_latin", "given_name_latin", "birth_date", "birth_place", "sex", "citizenship",
        "address", "contacts", "version", "search_name", "match_keys",
    ]  # fmt: skip
    sample = []
    batch = 50_000
    # The keys' indexes are built once after the COPY (maintaining them row by row costs more).
    with connection.cursor() as cursor:
        for index in INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {index}")
    for offset in range(0, count, batch):
        rows = []
        for i in range(min(batch, count - offset)):
            person = make_person(rng)
            stub = Person(**person)
            names = (person["surname"], person["given_name"], person["patronymic"])
            rows.append(
                (
                    now, now, case.owning_agency_id, *names,
                    person["surname_latin"], person["given_name_latin"],
                    person["birth_date"].isoformat(), "", person["sex"], "KG", "", "", 1,
                    fold(" ".join((*names, person["surname_latin"], person["given_name_latin"]))),
                    person_match_keys(stub),
                )
            )  # fmt: skip
            if rng.random() < sample_rate:
                sample.append((offset + i, person))
        _copy(rows, "cases_person", columns)
        print(f"  {offset + len(rows):,} persons", flush=True)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO cases_participant (created_at, updated_at, case_id, person_id, role, "
            "note, added_by_id) SELECT now(), now(), %s, id, 'witness', '', %s "
            "FROM cases_person WHERE id > %s",
            [case.pk, officer.pk, start],
        )
        for index, definition in INDEXES.items():
            cursor.execute(f"CREATE INDEX {index} ON cases_person USING gin ({definition})")
        cursor.execute("ANALYZE cases_person")
        cursor.execute("ANALYZE cases_participant")
    ids = list(Person.objects.filter(pk__gt=start).order_by("pk").values_list("pk", flat=True))
    return [(ids[index], person) for index, person in sample]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("Run this benchmark on PostgreSQL (set DATABASE_URL).")
        return 2
    call_command("migrate", verbosity=0)
    if not Case.objects.exists():
        call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    rng = random.Random(args.seed)  # noqa: S311  (synthetic names, not secrets)
    coordinator = User.objects.get(username="kg_coordinator")
    case = Case.objects.filter(owning_agency=coordinator.agency_id).order_by("pk").first()
    have = Person.objects.filter(owning_agency=coordinator.agency_id).count()
    start = time.perf_counter()
    # Always fill a fresh share of the table: the sample must be persons known to be there.
    count = max(args.persons - have, 20_000)
    sample = fill(count, case, coordinator, rng, min(1.0, 2 * args.queries / count))
    print(f"filled in {time.perf_counter() - start:.1f} s; {Person.objects.count():,} persons")
    queries = [(pk, variant(person, rng)) for pk, person in sample][: args.queries]
    person_search(coordinator, queries[0][1])  # warm the caches
    times, found = [], 0
    for pk, query in queries:
        begin = time.perf_counter()
        results = person_search(coordinator, query, limit=10)
        times.append((time.perf_counter() - begin) * 1000)
        found += any(f.person.pk == pk for f in results)
    times.sort()
    p95 = times[max(0, int(len(times) * 0.95) - 1)]
    print(
        f"{len(queries)} searches over {Person.objects.count():,} persons: "
        f"p50 {times[len(times) // 2]:.0f} ms, p95 {p95:.0f} ms, "
        f"recall@10 {found / len(queries):.1%}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
