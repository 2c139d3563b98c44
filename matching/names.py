"""A person's name as given (one string in any order, the MRZ form, or fields) → `Name`."""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .normalize import is_patronymic, patronymic_parts, skeleton, surname_parts


@dataclass(frozen=True)
class Name:
    """A parsed name; every field keeps the spelling it was given in."""

    surname: str
    given_name: str
    patronymic: str = ""
    birth_date: datetime.date | None = None
    document_number: str = ""


# Words that make a patronymic with the word before them: Kyrgyz "Асан уулу", "Асан кызы",
# Kazakh written apart "Асан ұлы", Azerbaijani "Гейдар оглы".
_PARTICLES = frozenset(
    {"уулу", "uulu", "кызы", "kyzy", "қызы", "qyzy", "ұлы", "uly", "ulı", "оглы", "ogly", "gizi"}
)
# "P<KGZ" or "I<KAZ" at the start of an MRZ name line (ICAO 9303 Part 4/5): document code and
# issuing state, not part of the name.
_MRZ_PREFIX = re.compile(r"^[PIAC]<[A-Z<]{3}(?=[A-Z])")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DOTTED_DATE = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")
# Separators: spaces, and commas followed by a space or the end (a comma inside a word is a
# wrong-layout "б" and stays).
_SPLIT = re.compile(r"\s+|,(?=\s|$)")
# Cyrillic letters that look like Latin ones in document numbers (typed in the wrong script).
_DOC_LOOKALIKES = str.maketrans("АВЕКМНОРСТХУ", "ABEKMHOPCTXY")

# Endings that make a word a surname rather than a given name (skeleton form).
# Ukrainian -енко/-ук, Armenian -ян, Siberian -ых/-их, Kazakh surnames in -бай (Назарбай).
_SURNAME_HINTS = ("enko", "uk", "ian", "ih", "bai")


def _date(value: Any) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    match = _ISO_DATE.match(text[:10])
    try:
        if match:
            return datetime.date(int(match[1]), int(match[2]), int(match[3]))
        match = _DOTTED_DATE.match(text)
        if match:
            return datetime.date(int(match[3]), int(match[2]), int(match[1]))
    except ValueError:
        return None
    return None


def document_key(number: str) -> str:
    """A document number to the form compared: upper case, Latin, letters and digits only."""
    return re.sub(r"[^0-9A-Z]", "", str(number or "").upper().translate(_DOC_LOOKALIKES))


# Initials: "Н.", "Н.Б.", "N.B" — one letter and a full stop, once or twice.
_INITIALS = re.compile(r"^(?:[^\W\d_]\.){1,2}[^\W\d_]?$|^(?:[^\W\d_]\.)?[^\W\d_]\.$")


def _split(initials: str) -> list[str]:
    return [f"{letter}." for letter in initials.split(".") if letter]


def is_initial(value: str) -> bool:
    return len(value.strip().rstrip(".")) == 1


def _surname_likeness(word: str) -> int:
    """2: a surname ending (-ов, -ева, -ский, -енко ...); 1: -ин/-ина (Марина, Карина are given
    names too); 0: nothing tells."""
    sk = skeleton(word)
    label = surname_parts(sk)[2]
    if label:
        return 1 if label in ("-ин", "-ина") else 2
    return 2 if any(sk.endswith(hint) for hint in _SURNAME_HINTS) and len(sk) > 4 else 0


def _looks_like_surname(word: str) -> bool:
    return _surname_likeness(word) > 0


def _join_particles(words: list[str]) -> list[str]:
    joined: list[str] = []
    for word in words:
        if joined and word.lower() in _PARTICLES:
            joined[-1] = f"{joined[-1]} {word}"
        else:
            joined.append(word)
    return joined


def _parse_mrz(text: str) -> Name:
    text = _MRZ_PREFIX.sub("", text.strip().upper())
    surname_part, _, given_part = text.partition("<<")
    surname = " ".join(w for w in surname_part.split("<") if w)
    words = _join_particles([w for w in given_part.split("<") if w])
    patronymic = ""
    if len(words) > 1 and is_patronymic(words[-1]):
        patronymic = words.pop()
    return Name(surname=surname, given_name=" ".join(words), patronymic=patronymic)


@lru_cache(maxsize=16384)
def _parse_string(text: str) -> Name:
    text = text.strip()
    if "<" in text and " " not in text.strip("<"):
        return _parse_mrz(text)
    birth_date: datetime.date | None = None
    document = ""
    words: list[str] = []
    for word in _SPLIT.split(text):
        if not word:
            continue
        found = _date(word)
        if found:
            birth_date = found
        elif any(ch.isdigit() for ch in word):
            document = word
        else:
            words.append(word)
    comma = "," in text and re.search(r",(?=\s|$)", text) is not None
    initials = [piece for word in words if _INITIALS.match(word) for piece in _split(word)]
    if initials:
        # "Асанов Н.Б.", "Н. Б. Асанов": the word is the surname, the letters given and father's.
        surname = " ".join(w for w in words if not _INITIALS.match(w))
        return Name(
            surname, initials[0], initials[1] if len(initials) > 1 else "", birth_date, document
        )
    words = _join_particles(words)
    # The patronymic: the last word with a patronymic ending that is not the only name word.
    patronymic = ""
    patronymic_at = -1
    for i in range(len(words) - 1, -1, -1):
        if is_patronymic(words[i]) and len(words) > 1:
            patronymic, patronymic_at = words[i], i
            break
    rest = [w for i, w in enumerate(words) if i != patronymic_at]
    if not rest:
        return Name("", "", patronymic, birth_date, document)
    if len(rest) == 1:
        if patronymic and patronymic_parts(patronymic)[2] == "ru":
            # Two words, one in -ович/-евич: a surname (Абрамович Роман, Роман Абрамович); a
            # Russian-style record without a surname is rarer than such surnames.
            return Name(patronymic, rest[0], "", birth_date, document)
        if patronymic and patronymic_at == 0 and len(words) == 2:
            # "Асанбек уулу Нурлан": the Kyrgyz form, the patronymic stands where a surname does.
            return Name("", rest[0], patronymic, birth_date, document)
        if _looks_like_surname(rest[0]) and not patronymic:
            return Name(rest[0], "", "", birth_date, document)
        return Name("", rest[0], patronymic, birth_date, document)
    if comma:
        surname_at = 0  # "Surname, Given Patronymic"
    else:
        likeness = [_surname_likeness(w) for w in rest]
        best = max(likeness)
        hinted = [i for i, n in enumerate(likeness) if n == best and best]
        if len(hinted) == 1:
            surname_at = hinted[0]
        elif patronymic and 0 < patronymic_at < len(words) - 1:
            surname_at = len(rest) - 1  # "Given Patronymic Surname"
        else:
            surname_at = 0  # the official order: Surname Given Patronymic
    surname = rest[surname_at]
    given = " ".join(w for i, w in enumerate(rest) if i != surname_at)
    return Name(surname, given, patronymic, birth_date, document)


def parse(value: str | Mapping[str, Any] | Name | None) -> Name:
    """A name given as one string (any order, the MRZ form included) or as fields → `Name`.

    A mapping may hold surname, given_name, patronymic, birth_date (a date or an ISO string)
    and document_number; missing keys are empty.
    """
    if isinstance(value, Name):
        return value
    if value is None:
        return Name("", "")
    if isinstance(value, Mapping):
        return Name(
            surname=str(value.get("surname") or "").strip(),
            given_name=str(value.get("given_name") or "").strip(),
            patronymic=str(value.get("patronymic") or "").strip(),
            birth_date=_date(value.get("birth_date")),
            document_number=str(value.get("document_number") or "").strip(),
        )
    return _parse_string(str(value))
