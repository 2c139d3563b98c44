"""Builds tests/matching/corpus.csv: labelled pairs of written names for the matcher's quality test.

Run from the project root (the output is committed; the same seed gives the same file):
    .venv/bin/python tests/matching/make_corpus.py

Positives: one person, written once in the home script (Kyrgyz, Kazakh or Russian Cyrillic) and
once by one of the published systems below, each applied by this file's own tables (written
from the standards, independently of matching/): ICAO 9303 passport Latin and its MRZ form,
BGN/PCGN (Russian 1947, Kazakh and Kyrgyz 1979), ISO 9:1995 / GOST 7.79-2000 system A, GOST
7.79-2000 system B, the Kazakh Latin alphabet of 2021, the Russian (Russified) form of Kazakh and
Kyrgyz names and patronymics, other name orders, a missing patronymic, wrong keyboard layout,
and a typo backed by the same birth date or document number. The `source` column names the rule.

Negatives: different people whose names are near by construction — near surnames and given
names (hand-written lists below), siblings sharing surname and patronymic, father and son,
namesakes with different fathers, the same name with a different birth date, husband and wife,
brother and sister — often with one side transliterated, as they meet in real records.
"""

from __future__ import annotations

import csv
import datetime
import random
from pathlib import Path

OUT = Path(__file__).with_name("corpus.csv")

# --- people ----------------------------------------------------------------------------------
KG_MALE = [
    "Нурлан",
    "Бакыт",
    "Азамат",
    "Эрлан",
    "Темирлан",
    "Улан",
    "Максат",
    "Талант",
    "Бектур",
    "Үсөн",
    "Төлөн",
    "Өмүрбек",
    "Жаңыбек",
    "Кубанычбек",
    "Мирлан",
    "Нурбек",
    "Айбек",
    "Эрмек",
    "Адилет",
    "Данияр",
    "Чыңгыз",
    "Жусуп",
    "Мелис",
    "Сүйүнбек",
    "Каныбек",
]
KG_FEMALE = [
    "Айгүл",
    "Гүлнара",
    "Жаңыл",
    "Бүбүсара",
    "Айпери",
    "Нурзат",
    "Мээрим",
    "Асель",
    "Чолпон",
    "Бегимай",
    "Айжан",
    "Жылдыз",
    "Гүлзат",
    "Күмүш",
    "Назира",
    "Элмира",
]
KG_SURNAMES = [
    "Асанбеков",
    "Токтогулов",
    "Осмонов",
    "Жумабаев",
    "Сооронбаев",
    "Үсөнбаев",
    "Төлөнов",
    "Мамытов",
    "Шарипов",
    "Бейшеналиев",
    "Калыков",
    "Турдубаев",
    "Өмүралиев",
    "Эсенгулов",
    "Абдыкадыров",
    "Жээнбеков",
    "Сыдыков",
    "Кочкоров",
    "Бообеков",
    "Тыныбеков",
]
KZ_MALE = [
    "Нұрлан",
    "Ерлан",
    "Бақыт",
    "Жақсылық",
    "Серік",
    "Әлібек",
    "Дәурен",
    "Қайрат",
    "Ғалым",
    "Асқар",
    "Нұрсұлтан",
    "Ерболат",
    "Мұрат",
    "Тимур",
    "Әділ",
    "Бауыржан",
    "Қанат",
    "Жандос",
    "Ербол",
    "Ілияс",
    "Еркін",
    "Бекзат",
    "Самат",
    "Айдос",
    "Жеңіс",
]
KZ_FEMALE = [
    "Айгерім",
    "Гүлнар",
    "Әсел",
    "Дана",
    "Мөлдір",
    "Ақмарал",
    "Ұлжан",
    "Күләш",
    "Шолпан",
    "Әйгерім",
    "Индира",
    "Сәуле",
    "Салтанат",
    "Жұлдыз",
    "Динара",
    "Аружан",
]
KZ_SURNAMES = [
    "Жақсылықов",
    "Нұрланов",
    "Әбдірахманов",
    "Қасымов",
    "Серікбаев",
    "Оспанов",
    "Төлеуов",
    "Ғабдуллин",
    "Жұмабеков",
    "Құдайбергенов",
    "Мұқанов",
    "Әлиев",
    "Исатаев",
    "Байжанов",
    "Қожахметов",
    "Смағұлов",
    "Есенов",
    "Сейітов",
    "Ахметов",
    "Бекмұхамбетов",
]
RU_MALE = [
    "Александр",
    "Сергей",
    "Дмитрий",
    "Алексей",
    "Андрей",
    "Евгений",
    "Юрий",
    "Фёдор",
    "Игорь",
    "Владимир",
    "Михаил",
    "Николай",
    "Вячеслав",
    "Олег",
    "Григорий",
    "Илья",
]
RU_FEMALE = [
    "Елена",
    "Юлия",
    "Наталья",
    "Ольга",
    "Мария",
    "Татьяна",
    "Екатерина",
    "Ирина",
    "Анастасия",
    "Светлана",
    "Яна",
    "Евгения",
    "Ксения",
    "Людмила",
]
RU_SURNAMES = [
    "Иванов",
    "Петров",
    "Сидоров",
    "Кузнецов",
    "Смирнов",
    "Попов",
    "Волков",
    "Фёдоров",
    "Соловьёв",
    "Козлов",
    "Лебедев",
    "Новиков",
    "Морозов",
    "Щербаков",
    "Жуков",
    "Ковальчук",
    "Шевченко",
    "Троцкий",
    "Белых",
    "Зайцев",
    "Юдин",
    "Яковлев",
    "Ефимов",
    "Ершов",
    "Цветков",
    "Хабибуллин",
    "Чернышёв",
    "Ющенко",
]
# Russian patronymics of the Russian given names (the rules for -ович/-евич/-ьевич are lexical).
RU_PATRONYMIC = {
    "Александр": ("Александрович", "Александровна"),
    "Сергей": ("Сергеевич", "Сергеевна"),
    "Дмитрий": ("Дмитриевич", "Дмитриевна"),
    "Алексей": ("Алексеевич", "Алексеевна"),
    "Андрей": ("Андреевич", "Андреевна"),
    "Евгений": ("Евгеньевич", "Евгеньевна"),
    "Юрий": ("Юрьевич", "Юрьевна"),
    "Фёдор": ("Фёдорович", "Фёдоровна"),
    "Игорь": ("Игоревич", "Игоревна"),
    "Владимир": ("Владимирович", "Владимировна"),
    "Михаил": ("Михайлович", "Михайловна"),
    "Николай": ("Николаевич", "Николаевна"),
    "Вячеслав": ("Вячеславович", "Вячеславовна"),
    "Олег": ("Олегович", "Олеговна"),
    "Григорий": ("Григорьевич", "Григорьевна"),
    "Илья": ("Ильич", "Ильинична"),
}

# --- tables ----------------------------------------------------------------------------------
# Kazakh/Kyrgyz letters to Russian ones: how Russian-language records write the same name.
RUSSIFY = str.maketrans("әғқңөұүһіӘҒҚҢӨҰҮҺІ", "агкноуухиАГКНОУУХИ")

# ICAO Doc 9303 Part 3, section 6, Table B (Cyrillic); national letters of KZ/KG passports.
ICAO = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "e",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "i",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "ie",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "iu",
    "я": "ia",
    "ә": "a",
    "ғ": "g",
    "қ": "k",
    "ң": "n",
    "ө": "o",
    "ұ": "u",
    "ү": "u",
    "һ": "h",
    "і": "i",
}
# BGN/PCGN Russian (1947); Kazakh (1979); Kyrgyz (1979). "е" is "ye" initially and after vowels,
# "ё" "yë" there and "ë" after consonants.
BGN = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "ë",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "”",
    "ы": "y",
    "ь": "’",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    "ә": "ä",
    "ғ": "gh",
    "қ": "q",
    "ң": "ng",
    "ө": "ö",
    "ұ": "ū",
    "ү": "ü",
    "һ": "h",
    "і": "ī",
}
BGN_KYRGYZ = dict(BGN, **{"қ": "k", "ғ": "g"})
# ISO 9:1995 = GOST 7.79-2000 system A; non-Russian letters as ISO 9 lists them.
ISO9 = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "ë",
    "ж": "ž",
    "з": "z",
    "и": "i",
    "й": "j",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "h",
    "ц": "c",
    "ч": "č",
    "ш": "š",
    "щ": "ŝ",
    "ъ": "ʺ",
    "ы": "y",
    "ь": "ʹ",
    "э": "è",
    "ю": "û",
    "я": "â",
    "ә": "a̋",
    "ғ": "ġ",
    "қ": "ķ",
    "ң": "ņ",
    "ө": "ô",
    "ұ": "u̇",
    "ү": "ù",
    "һ": "ḥ",
    "і": "ì",
}
# GOST 7.79-2000 system B (Russian letters; ц is "c" before i, e, y, j and "cz" elsewhere).
GOST_B = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "yo",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "j",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "x",
    "ц": "cz",
    "ч": "ch",
    "ш": "sh",
    "щ": "shh",
    "ъ": "``",
    "ы": "y`",
    "ь": "`",
    "э": "e`",
    "ю": "yu",
    "я": "ya",
}
# Kazakh Latin alphabet, Decree No. 569 (2017) as amended in 2021; letters outside it as the
# 2021 rules write them (ц ts, щ ş, ю iu, я ia, ё io, э e, ъ ь dropped).
KZ_LATIN = {
    "а": "a",
    "ә": "ä",
    "б": "b",
    "в": "v",
    "г": "g",
    "ғ": "ğ",
    "д": "d",
    "е": "e",
    "ё": "io",
    "ж": "j",
    "з": "z",
    "и": "i",
    "й": "i",
    "к": "k",
    "қ": "q",
    "л": "l",
    "м": "m",
    "н": "n",
    "ң": "ñ",
    "о": "o",
    "ө": "ö",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ұ": "ū",
    "ү": "ü",
    "ф": "f",
    "х": "h",
    "һ": "h",
    "ц": "ts",
    "ч": "ç",
    "ш": "ş",
    "щ": "ş",
    "ъ": "",
    "ы": "y",
    "і": "ı",
    "ь": "",
    "э": "e",
    "ю": "iu",
    "я": "ia",
}
# Russian ЙЦУКЕН against US QWERTY, key for key.
QWERTY = "`qwertyuiop[]asdfghjkl;'zxcvbnm,."
JCUKEN = "ёйцукенгшщзхъфывапролджэячсмитьбю"
TO_QWERTY = dict(zip(JCUKEN, QWERTY, strict=True))
TO_JCUKEN = dict(zip(QWERTY, JCUKEN, strict=True))

VOWELS_CYR = set("аеёиоуыэюяәөұүі")


def _case(word: str, out: str) -> str:
    if not out:
        return out
    return out[0].upper() + out[1:] if word[:1].isupper() else out


def translit(word: str, table: dict[str, str], system: str = "") -> str:
    out = []
    lower = word.lower()
    for i, ch in enumerate(lower):
        prev = lower[i - 1] if i else ""
        nxt = lower[i + 1] if i + 1 < len(lower) else ""
        if system == "bgn" and ch == "е" and (not prev or prev in VOWELS_CYR or prev in "ъь"):
            out.append("ye")
        elif system == "bgn" and ch == "ё" and (not prev or prev in VOWELS_CYR or prev in "ъь"):
            out.append("yë")
        elif system == "gost_b" and ch == "ц" and nxt in "иеыйі":
            out.append("c")
        else:
            out.append(table.get(ch, ch))
    return _case(word, "".join(out))


def words(text: str, table: dict[str, str], system: str = "") -> str:
    return " ".join(translit(w, table, system) for w in text.split())


def russify_patronymic(father: str, sex: str) -> str:
    father = father.translate(RUSSIFY)
    if father in RU_PATRONYMIC:
        return RU_PATRONYMIC[father][sex == "f"]
    if father[-1] in "ий":
        return father[:-1] + ("евич" if sex == "m" else "евна")
    if father[-1] in "ау":
        return father + ("евич" if sex == "m" else "евна")
    return father + ("ович" if sex == "m" else "овна")


def feminine(surname: str) -> str:
    if surname.endswith(("ов", "ев", "ёв", "ин")):
        return surname + "а"
    if surname.endswith("ский") or surname.endswith("цкий"):
        return surname[:-2] + "ая"
    return surname


class Person:
    def __init__(self, rng: random.Random, nation: str, sex: str, idx: int):
        self.nation, self.sex = nation, sex
        given_m, given_f, surnames = {
            "kg": (KG_MALE, KG_FEMALE, KG_SURNAMES),
            "kz": (KZ_MALE, KZ_FEMALE, KZ_SURNAMES),
            "ru": (RU_MALE, RU_FEMALE, RU_SURNAMES),
        }[nation]
        self.given = rng.choice(given_m if sex == "m" else given_f)
        self.father = rng.choice(given_m if nation != "ru" else list(RU_PATRONYMIC))
        base = rng.choice(surnames)
        self.surname = feminine(base) if sex == "f" else base
        if nation == "kz":
            self.patronymic = self.father + ("ұлы" if sex == "m" else "қызы")
        elif nation == "kg":
            self.patronymic = self.father + (" уулу" if sex == "m" else " кызы")
        else:
            self.patronymic = RU_PATRONYMIC[self.father][sex == "f"]
        start = datetime.date(1960, 1, 1).toordinal()
        self.birth = datetime.date.fromordinal(start + rng.randrange(0, 16000))
        prefix = {"kg": "AN", "kz": "N", "ru": "75"}[nation]
        self.document = prefix + "".join(rng.choice("0123456789") for _ in range(7))

    def home(self) -> str:
        return f"{self.surname} {self.given} {self.patronymic}"

    def russian(self) -> tuple[str, str, str]:
        surname = self.surname.translate(RUSSIFY)
        return surname, self.given.translate(RUSSIFY), russify_patronymic(self.father, self.sex)


def typo(rng: random.Random, word: str) -> str:
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(["drop", "double", "swap"])
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]


# Hand-written: how Russian-language records spell Kazakh and Kyrgyz names beyond the letter
# tables (і dropped between consonants, ө written е, ь added after л, ә as я), each pair a
# real spelling practice; the people are invented.
RUSSIAN_PRACTICE = [
    ("Әбдірахманов Ерлан Серікұлы", "Абдрахманов Ерлан Серикович", "і dropped: Әбдірахманов"),
    ("Тілеуов Асқар Мұратұлы", "Тлеуов Аскар Муратович", "і dropped: Тілеуов"),
    ("Бауыржан Сейітов", "Бауржан Сеитов", "ы dropped: Бауыржан; йі as и"),
    ("Үсөнбаев Мелис Жусуп уулу", "Усенбаев Мелис Жусупович", "ө written е: Үсөнбаев"),
    ("Мөлдір Қасымова Ерланқызы", "Мольдир Касымова Ерлановна", "ь added: Мөлдір"),
    ("Айгүл Токтогулова", "Айгуль Токтогулова", "ь added: Айгүл"),
    ("Асель Осмонова Нурбек кызы", "Асель Осмонова Нурбековна", "patronymic: kyzy → -овна"),
    ("Күләш Есенова Асқарқызы", "Кульяш Есенова Аскаровна", "ә after л written я: Күләш"),
    ("Нұрсұлтан Әбішұлы Оспанов", "Оспанов Нурсултан Абишевич", "-ш → -евич: Әбіш"),
    ("Ілияс Байжанов", "Ильяс Байжанов", "І as Иль: Ілияс"),
    ("Жұлдыз Ахметова", "Жулдуз Ахметова", "Kyrgyz spelling Жылдыз/Жулдуз"),
    ("Мұхамеджан Бекмұхамбетов", "Мухамеджан Бекмухамбетов", "ұ as у"),
    ("Чыңгыз Айтматов Төрөкулович", "Чингиз Айтматов Торекулович", "ы as и, ң as н, ө as е"),
    ("Жеңіс Смағұлов", "Женис Смагулов", "ң as н, ғ as г"),
    ("Сүйүнбек Калыков", "Суюнбек Калыков", "үй as ю"),
    ("Ақмарал Серікбаева", "Акмарал Серикбаева", "қ as к, і as и"),
    ("Дәурен Мұқанов Қайратұлы", "Даурен Муканов Кайратович", "ә as а, қ as к"),
    ("Ұлжан Жұмабекова", "Улжан Жумабекова", "ұ as у"),
    ("Әйгерім Құдайбергенова", "Айгерим Кудайбергенова", "ә as а, қ as к"),
    ("Бегимай Сыдыкова Талант кызы", "Бегимай Сыдыкова Талантовна", "kyzy → -овна"),
    ("Шолпан Қожахметова", "Чолпан Кожахметова", "Kazakh ш = Kyrgyz ч: Шолпан/Чолпан"),
    ("Жақсылықов Самат", "Жаксылыков Самат", "қ as к"),
    ("Ерболат Есенов Ғалымұлы", "Ерболат Есенов Галимович", "ы as и in the patronymic"),
    ("Нурзат Мамытова Улан кызы", "Нурзат Мамытова Улановна", "kyzy → -овна"),
]


# --- positives -------------------------------------------------------------------------------
def positives(rng: random.Random) -> list[dict]:
    rows: list[dict] = []

    def add(a, b, category, source, **extra):
        rows.append({"a": a, "b": b, "same": 1, "category": category, "source": source, **extra})

    people = [
        Person(rng, nation, sex, i)
        for i, (nation, sex) in enumerate(
            [(n, s) for n in ("kg", "kz", "ru") for s in ("m", "f")] * 12
        )
    ]
    for i, p in enumerate(people):
        sur, giv, pat = p.surname, p.given, p.patronymic
        ru_sur, ru_giv, ru_pat = p.russian()
        # Every person: passport Latin (ICAO) of the Russian-language record or the national
        # one, in fields and in the MRZ.
        icao = [words(x, ICAO).upper() for x in (sur, giv, pat)]
        add(p.home(), " ".join(icao), "passport Latin", "ICAO 9303 Part 3 Table B")
        mrz = f"{icao[0].replace(' ', '<')}<<{icao[1]}<{icao[2].replace(' ', '<')}"
        add(p.home(), mrz, "MRZ", "ICAO 9303 Part 3 Table B; MRZ name field (Part 4)")
        choice = i % 6
        if p.nation != "ru":
            # The Russian form of the same name, Cyrillic, and in passport Latin.
            add(
                p.home(),
                f"{ru_sur} {ru_giv} {ru_pat}",
                "Russian form",
                "Kazakh/Kyrgyz letters to Russian; patronymic -ұлы/-қызы/uulu/kyzy → -ович/-овна",
            )
            if choice % 2 == 0:
                add(
                    f"{ru_sur} {ru_giv} {ru_pat}",
                    " ".join(words(x, ICAO).upper() for x in (sur, giv)),
                    "Russian form vs passport",
                    "Russian form; ICAO 9303 Table B; no patronymic",
                )
        if p.nation == "kz":
            add(
                p.home(),
                words(f"{sur} {giv} {pat}", KZ_LATIN),
                "Kazakh Latin",
                "Kazakh Latin alphabet 2021 (Decree No. 569 as amended)",
            )
            add(
                f"{ru_sur} {ru_giv} {ru_pat}",
                words(f"{giv} {sur}", KZ_LATIN),
                "Kazakh Latin vs Russian form",
                "Kazakh Latin 2021; given name first; no patronymic",
            )
        bgn = BGN_KYRGYZ if p.nation == "kg" else BGN
        add(
            p.home(),
            words(f"{giv} {pat} {sur}", bgn, "bgn"),
            "BGN/PCGN",
            "BGN/PCGN romanization (Russian 1947, Kazakh/Kyrgyz 1979); given patronymic surname",
        )
        add(
            p.home(),
            words(f"{sur} {giv} {pat}", ISO9),
            "ISO 9",
            "ISO 9:1995 = GOST 7.79-2000 system A",
        )
        if p.nation == "ru" or choice in (1, 3):
            add(
                f"{ru_sur} {ru_giv} {ru_pat}",
                words(f"{ru_sur} {ru_giv} {ru_pat}", GOST_B, "gost_b"),
                "GOST 7.79 B",
                "GOST 7.79-2000 system B",
            )
        if choice == 0:
            typed = "".join(TO_QWERTY.get(ch, ch) for ch in f"{ru_sur} {ru_giv}".lower())
            add(
                f"{ru_sur} {ru_giv}",
                typed,
                "keyboard layout",
                "Russian ЙЦУКЕН typed on US QWERTY (key positions)",
            )
        if choice == 1:
            latin = words(f"{ru_sur} {ru_giv}", ICAO)
            typed = "".join(TO_JCUKEN.get(ch, ch) for ch in latin.lower())
            add(latin, typed, "keyboard layout", "Latin (ICAO) typed on Russian ЙЦУКЕН")
        if choice == 2:
            add(p.home(), f"{giv} {sur}", "name order", "given name first, no patronymic")
        if choice in (3, 4):
            a = {"surname": sur, "given_name": giv, "patronymic": pat}
            bad = typo(rng, words(sur, ICAO))
            add(
                p.home(),
                f"{bad} {words(giv, ICAO)}",
                "typo with same birth date",
                "one-letter typo (drop/double/swap); ICAO; same birth date",
                a_birth_date=p.birth.isoformat(),
                b_birth_date=p.birth.isoformat(),
            )
            del a
        if choice == 5:
            add(
                p.home(),
                f"{words(sur, BGN)} {typo(rng, words(giv, BGN))}",
                "typo with same document",
                "one-letter typo; BGN/PCGN; same passport number",
                a_document=p.document,
                b_document=p.document,
            )
        if choice in (0, 4):
            add(
                p.home(),
                words(f"{sur} {giv} {pat}", ICAO).upper(),
                "same birth date",
                "ICAO 9303; both records carry the birth date",
                a_birth_date=p.birth.isoformat(),
                b_birth_date=p.birth.isoformat(),
            )
    # Look-alike letters: Latin A, C, E, O, P, X, y ... keyed into the Cyrillic record, and
    # initials in place of the given name and patronymic, backed by the same birth date.
    lookalikes = str.maketrans("АаСсЕеОоРрХхуКкМТ", "AaCcEeOoPpXxyKkMT")
    for i, p in enumerate(people[::4]):
        ru_sur, ru_giv, ru_pat = p.russian()
        mixed = ru_sur[:2].translate(lookalikes) + ru_sur[2:]
        add(
            f"{ru_sur} {ru_giv}",
            f"{mixed} {ru_giv[:3].translate(lookalikes)}{ru_giv[3:]}",
            "look-alike letters",
            "Latin look-alikes of Cyrillic letters (Unicode UTS #39)",
        )
        initials = f"{ru_giv[0]}.{ru_pat[0]}." if i % 2 else f"{ru_giv[0]}. {ru_pat[0]}."
        add(
            f"{ru_sur} {ru_giv} {ru_pat}",
            f"{ru_sur} {initials}",
            "initials with same birth date",
            "given name and patronymic as initials; same birth date",
            a_birth_date=p.birth.isoformat(),
            b_birth_date=p.birth.isoformat(),
        )
    for a, b, practice in RUSSIAN_PRACTICE:
        add(a, b, "Russian spelling practice", f"hand-written: {practice}")
    return rows


# --- negatives -------------------------------------------------------------------------------
# Hand-written near names: different names that share most letters.
NEAR_SURNAMES = [
    ("Асанов", "Асанбеков"),
    ("Исаев", "Исмаилов"),
    ("Осмонов", "Осмоналиев"),
    ("Жумабаев", "Жумабеков"),
    ("Токтогулов", "Токтосунов"),
    ("Мамытов", "Мамбетов"),
    ("Калыков", "Кадыров"),
    ("Сыдыков", "Садыков"),
    ("Нұрланов", "Нұрғалиев"),
    ("Серікбаев", "Серікбеков"),
    ("Оспанов", "Омаров"),
    ("Ахметов", "Ахмедиев"),
    ("Есенов", "Есимов"),
    ("Иванов", "Ивашов"),
    ("Петров", "Петренко"),
    ("Попов", "Попков"),
    ("Козлов", "Козлюк"),
    ("Морозов", "Морозюк"),
    ("Волков", "Волхов"),
    ("Сидоров", "Сидорин"),
    ("Әлиев", "Әлімов"),
    ("Байжанов", "Байсалов"),
    ("Исатаев", "Исабаев"),
    ("Кочкоров", "Кожокеев"),
    ("Тыныбеков", "Тынымсеитов"),
    ("Бообеков", "Бообеев"),
]
NEAR_GIVEN = [
    ("Айгүл", "Айгерим"),
    ("Нурлан", "Нурбек"),
    ("Ерлан", "Ербол"),
    ("Асель", "Асем"),
    ("Дана", "Динара"),
    ("Азамат", "Азат"),
    ("Марат", "Мурат"),
    ("Бакыт", "Бакай"),
    ("Айбек", "Айдос"),
    ("Эрлан", "Эрмек"),
    ("Жандос", "Жанибек"),
    ("Гүлнара", "Гүлзат"),
    ("Серік", "Серікбай"),
    ("Қанат", "Қайрат"),
    ("Александр", "Алексей"),
    ("Елена", "Алёна"),
    ("Юлия", "Юлиана"),
    ("Мирлан", "Мирбек"),
    ("Талант", "Таалай"),
    ("Самат", "Саят"),
    ("Улан", "Уланбек"),
    ("Айжан", "Айпери"),
    ("Назира", "Назгүл"),
    ("Ілияс", "Ильдар"),
]


def negatives(rng: random.Random) -> list[dict]:
    rows: list[dict] = []

    def add(a, b, category, source, **extra):
        rows.append({"a": a, "b": b, "same": 0, "category": category, "source": source, **extra})

    def maybe_latin(text: str, k: int) -> str:
        return [text, words(text, ICAO).upper(), words(text, BGN, "bgn"), words(text, KZ_LATIN)][
            k % 4
        ]

    for k, (x, y) in enumerate(NEAR_SURNAMES):
        given = rng.choice(KG_MALE + KZ_MALE)
        father = rng.choice(KG_MALE + KZ_MALE)
        pat = russify_patronymic(father, "m")
        add(
            f"{x} {given} {pat}",
            maybe_latin(f"{y} {given} {pat}", k),
            "near surname",
            "hand-written near surnames; same given name and patronymic",
        )
    for k, (x, y) in enumerate(NEAR_GIVEN):
        surname = rng.choice(KG_SURNAMES + KZ_SURNAMES)
        add(
            f"{surname} {x}",
            maybe_latin(f"{surname} {y}", k),
            "near given name",
            "hand-written near given names; same surname",
        )
    for k in range(40):
        nation = ("kg", "kz", "ru")[k % 3]
        p = Person(rng, nation, "m", k)
        sibling = Person(rng, nation, ("m", "f")[k % 2], k)
        sibling.father, sibling.patronymic = (
            p.father,
            (p.patronymic if sibling.sex == "m" else sibling.patronymic),
        )
        if sibling.given == p.given:
            continue
        surname = p.surname if sibling.sex == "m" else feminine(p.surname)
        pat = p.patronymic
        if sibling.sex == "f":
            pat = {"kz": p.father + "қызы", "kg": p.father + " кызы"}.get(
                nation, RU_PATRONYMIC.get(p.father, ("", ""))[1]
            )
        add(
            p.home(),
            maybe_latin(f"{surname} {sibling.given} {pat}", k),
            "siblings",
            "same surname and father, different given name",
        )
        # Father and son: the son's patronymic is the father's given name.
        son_pat = {"kz": p.given + "ұлы", "kg": p.given + " уулу"}.get(nation, "")
        if nation == "ru":
            son_pat = RU_PATRONYMIC.get(p.given, ("", ""))[0]
        son_given = rng.choice(
            KG_MALE if nation == "kg" else KZ_MALE if nation == "kz" else RU_MALE
        )
        if son_pat and son_given != p.given:
            add(
                p.home(),
                maybe_latin(f"{p.surname} {son_given} {son_pat}", k + 1),
                "father and son",
                "the son's patronymic is the father's given name",
            )
        # Namesakes with different fathers.
        other_father = rng.choice(
            KG_MALE if nation == "kg" else KZ_MALE if nation == "kz" else list(RU_PATRONYMIC)
        )
        if other_father != p.father:
            q = Person(rng, nation, "m", k)
            q.surname, q.given, q.father = p.surname, p.given, other_father
            q.patronymic = {"kz": other_father + "ұлы", "kg": other_father + " уулу"}.get(
                nation, RU_PATRONYMIC.get(other_father, ("", ""))[0]
            )
            if q.father.translate(RUSSIFY)[:4] != p.father.translate(RUSSIFY)[:4]:
                add(
                    p.home(),
                    maybe_latin(q.home(), k + 2),
                    "namesakes, different fathers",
                    "same surname and given name, different patronymic",
                )
        # Same name, different birth date.
        other = p.birth + datetime.timedelta(days=rng.randrange(200, 9000))
        add(
            p.home(),
            maybe_latin(p.home(), k + 3),
            "same name, different birth date",
            "same written name, birth dates differ",
            a_birth_date=p.birth.isoformat(),
            b_birth_date=other.isoformat(),
        )
        # Initials of another name: the same surname, other first letters.
        other_given = rng.choice(
            KG_MALE if nation == "kg" else KZ_MALE if nation == "kz" else RU_MALE
        )
        ru_sur, ru_giv, ru_pat = p.russian()
        if other_given.translate(RUSSIFY)[0] != ru_giv[0]:
            add(
                f"{ru_sur} {ru_giv} {ru_pat}",
                f"{ru_sur} {other_given.translate(RUSSIFY)[0]}.",
                "initials of another name",
                "same surname, the initial of another given name",
            )
        # Husband and wife, brother and sister: shared surname, other sex.
        wife = Person(rng, nation, "f", k)
        add(
            f"{p.surname} {p.given}",
            maybe_latin(f"{feminine(p.surname)} {wife.given}", k),
            "husband and wife",
            "shared surname, other sex and given name",
        )
    return rows


FIELDS = [
    "a",
    "b",
    "same",
    "category",
    "source",
    "a_birth_date",
    "b_birth_date",
    "a_document",
    "b_document",
]


def build() -> list[dict]:
    """Every pair, each once, in a fixed order (the seed makes the file reproducible)."""
    rng = random.Random(16)
    seen: set[tuple[str, str, str, str]] = set()
    unique = []
    for row in positives(rng) + negatives(rng):
        key = (row["a"], row["b"], row.get("a_birth_date", ""), row.get("b_birth_date", ""))
        if key not in seen:
            seen.add(key)
            unique.append(row)
    return unique


def write(rows: list[dict], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({f: row.get(f, "") for f in FIELDS})


def main() -> None:
    rows = build()
    write(rows, OUT)
    same = sum(1 for r in rows if r["same"])
    print(f"{len(rows)} pairs ({same} same, {len(rows) - same} different) → {OUT}")


if __name__ == "__main__":
    main()
