"""Are two written names the same person? A score in [0, 1], a yes/no and the reasons."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from rapidfuzz.distance import OSA

from .names import Name, document_key, is_initial, parse
from .normalize import (
    PATRONYMIC_LABELS,
    SURNAME_ENDINGS,
    ending_family,
    has_cyrillic,
    layout_variant,
    other_latin_readings,
    patronymic_parts,
    retype,
    skeleton,
    surname_parts,
    without_reduced_vowels,
)

# The score at and above which two names are taken as one person, unless the caller passes its
# own (the portal passes settings.PERSON_MATCH_THRESHOLD). Chosen on tests/matching/corpus.csv.
DEFAULT_THRESHOLD = 0.85

# Weights of the fields in the name score; a field absent on either side is left out.
_WEIGHTS = {"surname": 0.4, "given name": 0.4, "patronymic": 0.3}
# A field similarity below this is a different word, and is punished steeply (three times the
# shortfall): "Асанов" and "Асанбеков" are not a spelling variant of each other.
_CLOSE = 0.9
_SIMILAR = 0.75
# What an initial that agrees is worth: alone it does not make two records one person.
_INITIAL = 0.85


# Every English phrase a reason is built of, for the side that translates them. A reason reads
# "<field>: <detail>" or "<field>: <a> ↔ <b>" (scripts, or endings such as -ов, -ұлы, uulu that
# are the names' own language and stay as they are), or is one whole phrase.
REASON_TERMS: tuple[str, ...] = (
    # fields
    "surname", "given name", "patronymic", "name", "name order", "birth date", "document",
    # details
    "same", "differs", "close spelling", "keyboard layout", "initial", "incomplete",
    "same number", "different number", "no ending", "sex ending",
    "given name first", "surname first",
    # scripts
    "Cyrillic", "Kazakh Cyrillic", "Kyrgyz Cyrillic", "Latin", "passport Latin", "Kazakh Latin",
    "BGN/PCGN", "ISO 9", "GOST 7.79 B",
    # whole reasons
    "sex differs", "nothing to compare",
)  # fmt: skip


@dataclass(frozen=True)
class Match:
    """The answer of `compare`."""

    score: float
    same_person: bool
    reasons: list[str]


@dataclass(frozen=True)
class _Field:
    original: str
    key: str  # the form compared: surname root, given-name skeleton, patronymic root
    alt: str = ""  # the form compared when the field stands in the other role (name order)
    full: str = ""  # the whole skeleton
    variant: str = ""  # key after retyping in the other keyboard layout
    variant_alt: str = ""
    sex: str = ""
    label: str = ""  # sex ending of a surname, patronymic family of a patronymic
    family: str = ""  # a surname's ending without its sex (-ов for -ов and -ова)
    mistyped: bool = False  # the retyped form reads better: a search key of its own
    initial: bool = False  # one letter: "Н." for Нурлан
    # Other readings of the word's key: without its reduced vowels (і, ы between consonants),
    # with an English-style x as ks (Alexander) or j as й/the y of ю, я (Julia, Jana).
    others: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Prepared:
    surname: _Field | None
    given: _Field | None
    patronymic: _Field | None
    birth_date: Any
    document: str
    mistyped: bool = False  # a word of it reads as typed in the wrong keyboard layout


_SURNAME_LABELS = frozenset(label for _, _, label in SURNAME_ENDINGS)
_KAZAKH_ONLY = frozenset("әғқұһі")
_KYRGYZ_KAZAKH = frozenset("ңөү")
_KAZAKH_LATIN = frozenset("äğñūışçq")
_ISO9 = frozenset("šžčŝûâëèìʹʺ")


@lru_cache(maxsize=65536)
def _script(text: str) -> str:
    return script_of(text)


def script_of(text: str) -> str:
    """The writing system a name is written in, as a reason shows it."""
    lower = text.lower()
    if has_cyrillic(lower):
        if _KAZAKH_ONLY.intersection(lower):
            return "Kazakh Cyrillic"
        if _KYRGYZ_KAZAKH.intersection(lower):
            return "Kyrgyz Cyrillic"
        return "Cyrillic"
    if _KAZAKH_LATIN.intersection(lower):
        return "Kazakh Latin"
    if _ISO9.intersection(lower):
        return "ISO 9"
    if "`" in lower or "cz" in lower or "shh" in lower:
        return "GOST 7.79 B"
    if "ö" in lower or "ü" in lower or "ī" in lower:
        return "BGN/PCGN"
    if text.isupper():
        return "passport Latin"
    return "Latin"


def _surname_key(sk: str) -> str:
    return surname_parts(sk)[0]


def _retyped(original: str) -> tuple[str, str, bool]:
    """(skeleton, surname root, plausible) of the keyboard-layout retyping of a field."""
    converted = retype(original)
    if not converted:
        return "", "", False
    sk = skeleton(converted)
    return sk, _surname_key(sk), bool(layout_variant(original))


def _surname_field(original: str) -> _Field | None:
    if not original:
        return None
    full = skeleton(original)
    root, sex, family = patronymic_parts(original)
    if root:  # "Асанбек уулу", "Нұрланұлы" used as a surname
        label = PATRONYMIC_LABELS[(family, sex)]
        return _Field(original, root, full, full, sex=sex, label=label, family=label)
    root, sex, label = surname_parts(full)
    sk, retyped_root, plausible = _retyped(original)
    return _Field(
        original, root, full, full, retyped_root, sk, sex, label, ending_family(label), plausible
    )


def _given_field(original: str) -> _Field | None:
    if not original:
        return None
    full = skeleton(original)
    if is_initial(original):
        return _Field(original, full, full, full, initial=True)
    sk, retyped_root, plausible = _retyped(original)
    return _Field(original, full, _surname_key(full), full, sk, retyped_root, mistyped=plausible)


def _patronymic_field(original: str) -> _Field | None:
    if not original:
        return None
    full = skeleton(original)
    if is_initial(original):
        return _Field(original, full, full, full, initial=True)
    root, sex, family = patronymic_parts(original)
    if not root:
        return _Field(original, full, full, full)
    label = PATRONYMIC_LABELS[(family, sex)]
    return _Field(original, root, root, full, sex=sex, label=label)


def _surname_like_key(word: str) -> str:
    return patronymic_parts(word)[0] or _surname_key(skeleton(word))


def _patronymic_key(word: str) -> str:
    return patronymic_parts(word)[0] or skeleton(word)


def _with_others(field: _Field | None, key) -> _Field | None:
    if field is None or field.initial:
        return field
    readings = [without_reduced_vowels(field.original)]
    readings.extend(other_latin_readings(field.original))
    others = tuple(dict.fromkeys(k for k in map(key, filter(None, readings)) if k != field.key))
    return replace(field, others=others) if others else field


@lru_cache(maxsize=65536)
def _prepare(name: Name) -> _Prepared:
    surname = _with_others(_surname_field(name.surname), _surname_like_key)
    given = _with_others(_given_field(name.given_name), skeleton)
    return _Prepared(
        surname=surname,
        given=given,
        patronymic=_with_others(_patronymic_field(name.patronymic), _patronymic_key),
        birth_date=name.birth_date,
        document=document_key(name.document_number),
        mistyped=bool((surname and surname.mistyped) or (given and given.mistyped)),
    )


def _similarity(
    a: _Field, b: _Field, swapped: bool = False, surname: bool = False, retyped: bool = False
) -> tuple[float, bool]:
    """(similarity, through the keyboard layout) of field a with field b.

    `swapped`: b stands in the other role (name order), so its other-role form is used.
    `retyped`: one of the names reads as typed in the wrong layout, so every word of both is
    also tried retyped (a short word alone may look plausible either way: Asel, фыуд).
    """
    b_key, b_variant = (b.alt, b.variant_alt) if swapped else (b.key, b.variant)
    if a.initial or b.initial:
        # An initial agrees with any name of its first letter: evidence, never proof.
        short, other = (a.full, b.full) if a.initial else (b.full, a.full)
        return (_INITIAL if other.startswith(short) else 0.0), False
    ratio = OSA.normalized_similarity
    if a.family and b.family and not swapped and a.family != b.family:
        direct = ratio(a.full, b.full)  # Сидоров and Сидорин: two surnames, not two spellings
    else:
        direct = ratio(a.key, b_key)
        if direct < 1.0 and surname and not swapped and a.full and b.full:
            # A typo inside the ending hides it (Есенова, Eseonva): the whole words, the edits
            # counted against the roots' length, so that the shared ending does not vouch.
            edits = OSA.distance(a.full, b.full)
            direct = max(direct, 1 - edits / max(len(a.key), len(b_key), 1))
        elif direct == 1.0 and not swapped and bool(a.label) != bool(b.label) and a.sex + b.sex:
            direct = 0.95  # Асан and Асанов: the Russian ending added or dropped
        if direct < _CLOSE and not swapped and (a.others or b.others):
            direct = max(
                direct,
                *(ratio(x, y) for x in (a.key, *a.others) for y in (b.key, *b.others)),
            )
    if direct >= _CLOSE or not retyped:
        return direct, False
    best = direct
    if a.variant:
        best = max(best, ratio(a.variant, b_key))
    if b_variant:
        best = max(best, ratio(a.key, b_variant))
    return best, best > direct


def _weigh(similarity: float) -> float:
    if similarity >= _CLOSE:
        return similarity
    return max(0.0, similarity - 3 * (_CLOSE - similarity))


def _field_reasons(label: str, a: _Field, b: _Field, similarity: float, layout: bool) -> list[str]:
    if similarity < _SIMILAR:
        return [f"{label}: differs"]
    if a.initial or b.initial:
        return [f"{label}: initial"]
    if layout:
        return [f"{label}: keyboard layout"]
    reasons = []
    script_a, script_b = _script(a.original), _script(b.original)
    if script_a != script_b:
        reasons.append(f"{label}: {script_a} ↔ {script_b}")
    if a.label and b.label and a.label != b.label:
        kind = "sex ending " if a.label in _SURNAME_LABELS and b.label in _SURNAME_LABELS else ""
        reasons.append(f"{label}: {kind}{a.label} ↔ {b.label}")
    elif bool(a.label) != bool(b.label) and label == "surname":
        reasons.append(f"surname: {a.label or 'no ending'} ↔ {b.label or 'no ending'}")
    if similarity < _CLOSE:
        reasons.append(f"{label}: close spelling")
    elif not reasons:
        reasons.append(f"{label}: same" if a.key == b.key else f"{label}: close spelling")
    return reasons


def _names_score(a: _Prepared, b: _Prepared, swap: bool) -> tuple[float, list[str]]:
    b_surname, b_given = (b.given, b.surname) if swap else (b.surname, b.given)
    a_surname = a.surname
    # The Kyrgyz form "Асанбек уулу Нурлан" has its patronymic where the surname stands.
    # It stands for the surname when it reads as one (Асанбеков), else the surname is missing.
    if (
        a_surname is None
        and a.patronymic is not None
        and b_surname is not None
        and _similarity(a.patronymic, b_surname)[0] >= _SIMILAR
    ):
        a_surname = a.patronymic
    if (
        b_surname is None
        and b.patronymic is not None
        and a_surname is not None
        and not swap
        and _similarity(a_surname, b.patronymic)[0] >= _SIMILAR
    ):
        b_surname = b.patronymic
    total = weight = 0.0
    reasons: list[str] = []
    missing = 0
    retyped = a.mistyped or b.mistyped
    for label, x, y in (
        ("surname", a_surname, b_surname),
        ("given name", a.given, b_given),
        ("patronymic", a.patronymic, b.patronymic),
    ):
        if x is None or y is None:
            if label != "patronymic" and (x is not None or y is not None):
                missing += 1
            continue
        similarity, layout = _similarity(
            x, y, swap and label != "patronymic", label == "surname", retyped
        )
        total += _WEIGHTS[label] * _weigh(similarity)
        weight += _WEIGHTS[label]
        reasons.extend(_field_reasons(label, x, y, similarity, layout))
    if not weight:
        return 0.0, ["nothing to compare"]
    score = total / weight
    if missing:
        score *= 0.8**missing
        reasons.append("name: incomplete")
    # Sex: two patronymics of opposite sex are two people; surname endings alone weigh less
    # (a record may carry the masculine form).
    if a.patronymic and b.patronymic and a.patronymic.sex and b.patronymic.sex:
        if a.patronymic.sex != b.patronymic.sex:
            score *= 0.5
            reasons.append("sex differs")
    elif a_surname and b_surname and a_surname.sex and b_surname.sex not in ("", a_surname.sex):
        score *= 0.93
    if swap:
        reasons.append("name order: given name first ↔ surname first")
    return score, reasons


def compare(
    a: Name | str | Mapping[str, Any],
    b: Name | str | Mapping[str, Any],
    *,
    threshold: float | None = None,
) -> Match:
    """How likely two records name the same person, with the reasons, against a threshold."""
    if threshold is None:
        threshold = DEFAULT_THRESHOLD
    pa, pb = _prepare(parse(a)), _prepare(parse(b))
    score, reasons = _names_score(pa, pb, swap=False)
    if (
        score < 0.999
        and pa.surname
        and pb.given
        and (
            OSA.normalized_similarity(pa.surname.key, pb.given.alt) >= _SIMILAR
            or pa.mistyped
            or pb.mistyped
            or (
                pa.given is not None
                and pb.surname is not None
                and OSA.normalized_similarity(pa.given.key, pb.surname.alt) >= _SIMILAR
            )
        )
    ):
        swapped, swapped_reasons = _names_score(pa, pb, swap=True)
        if swapped > score + 0.02:
            score, reasons = swapped, swapped_reasons
    if pa.document and pb.document:
        if pa.document == pb.document:
            if score >= 0.5:
                score = max(score, 0.97)
            reasons.append("document: same number")
        elif _document_kind(pa.document) == _document_kind(pb.document):
            score *= 0.97
            reasons.append("document: different number")
    if pa.birth_date and pb.birth_date:
        if pa.birth_date == pb.birth_date:
            if score >= 0.5:
                score += (1 - score) * 0.6
            reasons.append("birth date: same")
        else:
            score *= 0.6
            reasons.append("birth date: differs")
    score = round(min(1.0, max(0.0, score)), 4)
    return Match(score=score, same_person=score >= threshold, reasons=reasons)


def _document_kind(key: str) -> tuple[str, int]:
    return re.sub(r"\d", "", key), len(key)


def search_keys(value: Name | str | Mapping[str, Any]) -> list[str]:
    """Script-independent keys of a name for one indexed column (space-joined) and blocking.

    The surname root (sex ending and Russian suffix stripped; a Kyrgyz "X уулу" surname gives
    X), the given name's skeleton (each word), the patronymic's root; then the keyboard-layout
    retyping of each when the word looks mistyped, and the other readings of the surname and
    given name (reduced vowels left out, an English x or j) when they have any.
    """
    prepared = _prepare(parse(value))
    keys: list[str] = []
    for field in (prepared.surname, prepared.given, prepared.patronymic):
        if field is None or field.initial:
            continue
        if field is prepared.given and " " in field.original:
            keys.extend(skeleton(word) for word in field.original.split())
        else:
            keys.append(field.key)
    for field in (prepared.surname, prepared.given):
        if field is not None and field.mistyped:
            keys.append(field.variant)
    for field in (prepared.surname, prepared.given):
        if field is not None:
            keys.extend(field.others)
    seen: set[str] = set()
    return [k for k in keys if k and not (k in seen or seen.add(k))]


def search_key_groups(value: Name | str | Mapping[str, Any]) -> list[list[str]]:
    """``search_keys`` by the name part each comes from: a part's key first, then its
    keyboard-layout retyping and its other readings (a word of a given name of several words is
    a part of its own). Two keys of one group are two readings of one word, not two words that
    agree: a search that asks for two agreeing parts pairs keys of different groups. A key is
    kept in the first group that has it."""
    prepared = _prepare(parse(value))
    groups: list[list[str]] = []
    for field in (prepared.surname, prepared.given, prepared.patronymic):
        if field is None or field.initial:
            continue
        if field is prepared.given and " " in field.original:
            groups.extend([skeleton(word)] for word in field.original.split())
        else:
            groups.append([field.key])
        if field is not prepared.patronymic:
            if field.mistyped:
                groups[-1].append(field.variant)
            groups[-1].extend(field.others)
    seen: set[str] = set()
    groups = [[k for k in group if k and not (k in seen or seen.add(k))] for group in groups]
    return [group for group in groups if group]


def clear_caches() -> None:
    """Forget every memoised parse and normal form (benchmarks measure the cold path)."""
    from . import names, normalize

    _prepare.cache_clear()
    _script.cache_clear()
    names._parse_string.cache_clear()
    for function in (
        normalize.skeleton,
        normalize.skeleton_unfolded,
        normalize.surname_parts,
        normalize.patronymic_parts,
        normalize.retype,
        normalize.layout_variant,
    ):
        function.cache_clear()
