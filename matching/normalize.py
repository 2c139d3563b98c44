"""One token to its comparable forms: the ASCII skeleton, the surname root, the patronymic root.

The skeleton is built in three steps:
1. Cyrillic (Russian, Kazakh, Kyrgyz) to the canonical Latin of `tables.CYRILLIC_TO_LATIN`;
2. Latin letters with diacritics to their digraphs (`tables.LATIN_SPECIAL`), the rest of the
   diacritics dropped (Kazakh Latin ä/ö/ü/ū/ğ/ñ, BGN/PCGN ä/ö/ü/ū/ī, ISO 9 ë/è/ì ...);
3. phonetic folding of what the systems write differently for the same letter: kh/h/x (Х),
   ts/c/cz (Ц), zh/j/dzh/dj (Ж, Дж), shch/shh/sh (Щ), gh/g (Ғ), ng/n (Ң), q/k (Қ), y/i (Ы, Й,
   І, and the y of yu/ya/ye), ye/e at the start of a word (Е in BGN/PCGN), yo/io/e after a
   consonant (Ё), the marks of GOST 7.79 B (` and '), double letters.
Each of those folds is one line in `_FOLDS` below; the same folds run on both names compared,
so a fold can only merge, never separate, two spellings.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .tables import (
    CYRILLIC_LOOKALIKES_TO_LATIN,
    CYRILLIC_TO_LATIN,
    CYRILLIC_TO_LATIN_LAYOUT,
    LATIN_LOOKALIKES_TO_CYRILLIC,
    LATIN_SPECIAL,
    LATIN_TO_CYRILLIC_LAYOUT,
    LAYOUT_PUNCTUATION,
)

VOWELS = frozenset("aeiou")
_CONSONANT = "[bcdfghjklmnpqrstvwxz]"

# (pattern, replacement), applied in order on the lower-case Latin pre-skeleton.
_FOLDS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p), r)
    for p, r in [
        (r"[`'ʹʺ’‘\"]", ""),  # GOST 7.79 B marks (y`, e`, ``), ISO 9 ʹ ʺ, apostrophes of 2017
        (r"shch|shh|sch", "sh"),  # Щ: ICAO/BGN shch, GOST B shh, German-style sch
        (r"dzh|dj", "j"),  # Дж: BGN dzh, French-style dj
        (r"zh", "j"),  # Ж: ICAO/BGN zh, Kazakh Latin j
        (r"kh|x", "h"),  # Х: ICAO/BGN kh, GOST B x, Kazakh Latin h
        (r"cz|tc|ts", "c"),  # Ц: GOST B cz, ISO 9 c, ICAO/BGN ts
        (r"gh", "g"),  # Ғ: BGN/PCGN gh
        (r"ng", "n"),  # Ң: BGN/PCGN ng, ICAO n
        (r"q", "k"),  # Қ: Kazakh Latin / BGN q, ICAO k
        (r"w", "v"),
        (r"ph", "f"),
        (r"y", "i"),  # Ы, Й, І and the y of ye/yu/ya/yo
        (r"(?<=[aeiou])j(?=" + _CONSONANT + r"|$)", "i"),  # Й in ISO 9 / GOST (Sergej, Ajgul)
        (r"^ie|(?<=[aeiou])ie", "e"),  # Е as ye at the start and after vowels (BGN/PCGN)
        (r"(?<=" + _CONSONANT + r")ie", "e"),  # ье/ие as ’ye, ye, ie (Solov’yev, Solovev)
        (r"(?<=" + _CONSONANT + r")io", "e"),  # Ё as yo/io after a consonant (Fyodor, Fiodor)
        (r"(.)\1+", r"\1"),  # double letters (Алла/Ала, Mariia/Mariya, uulu)
    ]
]
_NON_ASCII_LETTER = re.compile(r"[^a-z]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def has_cyrillic(text: str) -> bool:
    return bool(_CYRILLIC.search(text))


# Letters only ISO 9 / GOST 7.79 write; in a word that has one, "j" is Й (not the Ж of the
# Kazakh Latin alphabet).
_ISO9_MARKS = frozenset("šžčŝûâëèìòùôġķņḥʹʺ`")
_DOUBLE = _FOLDS[-1][0]


_LATIN_LETTER = re.compile(r"[a-zA-Z]")


def _one_script(text: str) -> str:
    """A word in both scripts has its minority script's look-alike letters read as the other's."""
    cyrillic = len(_CYRILLIC.findall(text))
    latin = len(_LATIN_LETTER.findall(text))
    if not cyrillic or not latin:
        return text
    table = LATIN_LOOKALIKES_TO_CYRILLIC if cyrillic >= latin else CYRILLIC_LOOKALIKES_TO_LATIN
    return "".join(table.get(ch, ch) for ch in text)


def pre_skeleton(token: str) -> str:
    """Any script to the canonical lower-case Latin (steps 1 and 2), diacritics kept."""
    text = _one_script(unicodedata.normalize("NFC", token)).lower()
    if "j" in text and (_ISO9_MARKS.intersection(text) or "cz" in text or "shh" in text):
        text = text.replace("j", "i")
    text = "".join(CYRILLIC_TO_LATIN.get(ch, ch) for ch in text)
    return "".join(LATIN_SPECIAL.get(ch, ch) for ch in text)


@lru_cache(maxsize=65536)
def skeleton_unfolded(token: str) -> str:
    """The skeleton before double letters are folded (a patronymic's suffix is found on it)."""
    text = pre_skeleton(token)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _FOLDS[0][0].sub(_FOLDS[0][1], text)
    text = _NON_ASCII_LETTER.sub("", text)
    for pattern, replacement in _FOLDS[1:-1]:
        text = pattern.sub(replacement, text)
    return text


@lru_cache(maxsize=65536)
def skeleton(token: str) -> str:
    """One token (one word of a name, in any script) to its comparable ASCII form."""
    return _DOUBLE.sub(r"\1", skeleton_unfolded(token))


# --- surnames ------------------------------------------------------------------------------
# Russian surname endings by sex, in skeleton form (Асанов/Асанова, Алиев/Алиева,
# Пушкин/Пушкина, Троцкий/Троцкая, Белых): the root is what is left.
SURNAME_ENDINGS: list[tuple[str, str, str]] = [
    # (skeleton ending, sex, how a reason shows it)
    ("skaia", "f", "-ская"),
    ("ckaia", "f", "-цкая"),
    ("skii", "m", "-ский"),
    ("skoi", "m", "-ской"),
    ("ski", "m", "-ский"),
    ("cki", "m", "-цкий"),
    ("ova", "f", "-ова"),
    ("eva", "f", "-ева"),
    ("ina", "f", "-ина"),
    ("ov", "m", "-ов"),
    ("ev", "m", "-ев"),
    ("in", "m", "-ин"),
]


@lru_cache(maxsize=65536)
def surname_parts(sk: str) -> tuple[str, str, str]:
    """A surname skeleton to (root, sex, ending label): Асанова → ("asan", "f", "-ова")."""
    for ending, sex, label in SURNAME_ENDINGS:
        if sk.endswith(ending) and len(sk) - len(ending) >= 2:
            root = sk[: -len(ending)]
            if ending[1] == "k":
                root += ending[0]  # keep the s/c of -ский/-цкий: Троцкий, Троцкая → "troc"
            return root, sex, label
    return sk, "", ""


def ending_family(label: str) -> str:
    """A surname ending without its sex: -ова and -ов are one family, -ин another."""
    return {
        "-ова": "-ов",
        "-ева": "-ев",
        "-ина": "-ин",
        "-ская": "-ский",
        "-цкая": "-цкий",
        "-ской": "-ский",
    }.get(label, label)


def surname_root(sk: str) -> str:
    return surname_parts(sk)[0]


# --- patronymics ---------------------------------------------------------------------------
# Patronymic families in skeleton form, longest first: Russian -ович/-евич, -овна/-евна/-ична;
# Kazakh -ұлы/-қызы (uly/ulı/qyzy); Kyrgyz uulu/kyzy written as a separate word (joined by the
# parser); Azerbaijani-style оглы/кызы seen in the same region.
_PATRONYMIC_ENDINGS: list[tuple[str, str, str]] = [
    # (ending before double letters fold, sex, family)
    ("ovich", "m", "ru"),
    ("evich", "m", "ru"),
    ("ovna", "f", "ru"),
    ("evna", "f", "ru"),
    ("ichna", "f", "ru"),  # Ильинична, Никитична (the male -ич of Ильич is also a surname's)
    ("uulu", "m", "kg"),
    ("uli", "m", "kz"),  # ұлы, uly, ulı
    ("ogli", "m", "az"),
    ("kizi", "f", "kz"),  # қызы, qyzy, kyzy (Kyrgyz kyzy is told apart by the original)
    ("gizi", "f", "az"),
]
_PATRONYMIC_ENDINGS.sort(key=lambda item: -len(item[0]))

PATRONYMIC_LABELS = {
    ("ru", "m"): "-ович",
    ("ru", "f"): "-овна",
    ("kz", "m"): "-ұлы",
    ("kz", "f"): "-қызы",
    ("kg", "m"): "uulu",
    ("kg", "f"): "kyzy",
    ("az", "m"): "оглы",
    ("az", "f"): "кызы",
}

_KYRGYZ_PARTICLE = re.compile(r"(?:^|[\s<])(?:уулу|uulu|кызы|kyzy|kizi)$", re.IGNORECASE)


@lru_cache(maxsize=65536)
def patronymic_parts(original: str) -> tuple[str, str, str]:
    """A patronymic (original spelling) to (root, sex, family) — Нұрланұлы → ("nurlan", "m", "kz").

    The root drops the trailing vowels so that the father's name written in the Russian form
    (Сергеевич, Алиевич) and in the Kazakh/Kyrgyz form (Сергейұлы, Али уулу) meet. A word that
    is not a patronymic gives ("", "", "").
    """
    sk = skeleton_unfolded(original)
    for ending, sex, family in _PATRONYMIC_ENDINGS:
        if sk.endswith(ending) and len(sk) - len(ending) >= 2:
            stem = _DOUBLE.sub(r"\1", sk[: -len(ending)])
            root = stem.rstrip("aeiou") or stem
            if family == "kz" and _KYRGYZ_PARTICLE.search(original.strip()):
                family = "kg"
            return root, sex, family
    return "", "", ""


def is_patronymic(original: str) -> bool:
    return bool(patronymic_parts(original)[0])


# --- keyboard layout -----------------------------------------------------------------------
def _plausibility(sk: str) -> float:
    """How much a skeleton looks like a name: vowels in proportion, no long consonant runs."""
    if not sk:
        return -9.0
    vowels = sum(1 for ch in sk if ch in VOWELS)
    ratio = vowels / len(sk)
    score = 0.0
    if ratio < 0.25:
        score -= (0.25 - ratio) * 10
    if ratio > 0.75:
        score -= (ratio - 0.75) * 10
    run = longest = 0
    for ch in sk:
        run = 0 if ch in VOWELS else run + 1
        longest = max(longest, run)
    if longest > 2:
        score -= longest - 2
    return score


@lru_cache(maxsize=65536)
def retype(token: str) -> str:
    """The token typed again in the other keyboard layout, key for key ("" when impossible).

    Cyrillic words with Kazakh or Kyrgyz letters are typed on purpose and give "".
    """
    lower = token.lower()
    if has_cyrillic(lower):
        if any(ch not in CYRILLIC_TO_LATIN_LAYOUT and ch.isalpha() for ch in lower):
            return ""
        return "".join(CYRILLIC_TO_LATIN_LAYOUT.get(ch, ch) for ch in lower)
    if not lower.isascii():
        return ""
    return "".join(LATIN_TO_CYRILLIC_LAYOUT.get(ch, ch) for ch in lower)


@lru_cache(maxsize=65536)
def layout_variant(token: str) -> str:
    """The token retyped in the other keyboard layout when that reads as a name, else "".

    A Latin word typed on the Russian layout (Фыфтщм for Asanov) or a Cyrillic word typed on
    the US layout (Fcfyjd for Асанов) is mapped key for key (`tables`), and kept only when the
    result is more plausible as a name than the input.
    """
    converted = retype(token)
    if not converted:
        return ""
    lower = token.lower()
    punctuation = not has_cyrillic(lower) and any(ch in LAYOUT_PUNCTUATION for ch in lower)
    if punctuation or _plausibility(skeleton(converted)) > _plausibility(skeleton(token)) + 0.5:
        return converted
    return ""


# --- reduced vowels --------------------------------------------------------------------------
# Kazakh і and ы (Latin ı, y) between consonants are reduced vowels that the Russian spelling
# of a name often leaves out: Тілеуов / Тлеуов, Әбдірахманов / Абдрахманов.
_REDUCED = re.compile(
    r"(?<=[бвгғджзйкқлмнңпрстфхһцчшщbcdfghjklmnpqrstvxzçğñş])[іыıy]"
    r"(?=[бвгғджзйкқлмнңпрстфхһцчшщbcdfghjklmnpqrstvxzçğñş])",
    re.IGNORECASE,
)


@lru_cache(maxsize=65536)
def without_reduced_vowels(word: str) -> str:
    """The word without its reduced vowels (і, ы between consonants), or "" when it has none."""
    if not any(ch in "іыıyІЫIY" for ch in word):
        return ""
    reduced = _REDUCED.sub("", word)
    return reduced if reduced != word else ""


# --- other Latin readings ----------------------------------------------------------------------
# English and German habits that no table above has, met in records typed from other documents:
# x for кс (Alexander, Maxim; GOST 7.79 B's x for Х is kept in the skeleton) and j for Й and
# the y of Ю, Я (Julia, Jana, Jurij; the skeleton keeps the j of Ж of the Kazakh Latin alphabet).
_OTHER_LATIN = (("x", "ks"), ("j", "y"))


@lru_cache(maxsize=65536)
def other_latin_readings(word: str) -> tuple[str, ...]:
    """The word read with x as ks and with j as y, where it has those letters."""
    if has_cyrillic(word):
        return ()
    lower = word.lower()
    return tuple(lower.replace(a, b) for a, b in _OTHER_LATIN if a in lower)
