"""Transliteration tables, each with its published source.

Every table maps one writing system onto one canonical Latin form, the "pre-skeleton": a
lower-case Latin string that still keeps the letters of the Kazakh Latin alphabet (ä, ğ, q, ñ,
ö, ū, ü, ı, ş, ç). `matching.normalize` then folds that form into the ASCII skeleton, so a name
written in any of the systems below ends as the same string.

Sources:
- ICAO Doc 9303 "Machine Readable Travel Documents", Part 3 (8th ed., 2021), section 6,
  Table B "Transliteration of Cyrillic characters" (passport Latin and the MRZ): Ж→ZH, Й→I,
  Х→KH, Ц→TS, Ч→CH, Ш→SH, Щ→SHCH, Ъ→IE, Ы→Y, Ь→(omitted), Э→E, Ю→IU, Я→IA, Ё→E. Kazakh and
  Kyrgyz passports transliterate their own letters to the nearest base letter (Ә→A, Ғ→G, Қ→K,
  Ң→N, Ө→O, Ұ→U, Ү→U, Һ→H, І→I).
- BGN/PCGN romanization of Russian (1947), of Kazakh (1979) and of Kyrgyz (1979): Е→YE at the
  start and after vowels, Ё→YË, Й→Y, Ы→Y, Ю→YU, Я→YA; Kazakh Ә→Ä, Ғ→GH, Қ→Q, Ң→NG, Ө→Ö, Ұ→Ū,
  Ү→Ü, Һ→H, І→Ī; Kyrgyz Ң→NG, Ө→Ö, Ү→Ü.
- ISO 9:1995 = GOST 7.79-2000 system A (one letter for one letter, with diacritics): Ж→Ž, Й→J,
  Х→H, Ц→C, Ч→Č, Ш→Š, Щ→Ŝ, Ю→Û, Я→Â, Ё→Ë, Э→È, Ъ→ʺ, Ь→ʹ.
- GOST 7.79-2000 system B (ASCII only): Й→J, Х→X, Ц→CZ (C before i, e, y, j), Щ→SHH, Ъ→``,
  Ы→Y`, Ь→`, Э→E`, Ю→YU, Я→YA, Ё→YO.
- The Kazakh Latin alphabet, Decree of the President of the Republic of Kazakhstan No. 569 of
  26 October 2017, as amended by Decree No. 637 of 19 February 2018 and the 2021 revision:
  Ә→Ä, Ғ→Ğ, Ж→J, И/Й→İ (i), І→I (ı), Қ→Q, Ң→Ñ, Ө→Ö, Ұ→Ū, Ү→Ü, У→U, Х/Һ→H, Ч→Ç, Ш→Ş, Ы→Y;
  letters outside the alphabet are written Ц→TS, Щ→Ş, Ю→IU, Я→IA, Э→E, Ё→IO.
- Keyboard layouts: the Russian ЙЦУКЕН layout (GOST 6431-90 / the standard Windows "Russian"
  layout) against US QWERTY, key for key.
"""

from __future__ import annotations

# One Cyrillic letter -> the canonical Latin form. The choice between the systems above is made
# where they differ so that the folding in normalize.py brings every one of them to the same
# skeleton: base letters as ICAO 9303, the national letters as the Kazakh Latin alphabet.
CYRILLIC_TO_LATIN: dict[str, str] = {
    # Russian (ICAO 9303 Table B)
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
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "iu",
    "я": "ia",
    # Kazakh and Kyrgyz letters (Kazakh Latin alphabet, 2021)
    "ә": "ä",
    "ғ": "ğ",
    "қ": "q",
    "ң": "ñ",
    "ө": "ö",
    "ұ": "ū",
    "ү": "ü",
    "һ": "h",
    "і": "ı",
    # Ukrainian and Belarusian letters that turn up in the same records (ICAO 9303 Table B)
    "ї": "i",
    "є": "ie",
    "ў": "u",
    "ґ": "g",
}

# Latin letters with diacritics that stand for a digraph (ISO 9 / GOST 7.79 A, Kazakh Latin,
# Turkish-style letters used in the Kazakh alphabets of 2017-2021). Other diacritics are dropped
# by Unicode decomposition (ä→a, ö→o, ü→u, ū→u, ë→e, è→e, ñ→n, ğ→g, ì→i ...).
LATIN_SPECIAL: dict[str, str] = {
    "ž": "zh",
    "š": "sh",
    "ş": "sh",
    "ș": "sh",
    "č": "ch",
    "ç": "ch",
    "ŝ": "sh",  # ISO 9 Щ
    "û": "iu",  # ISO 9 Ю
    "â": "ia",  # ISO 9 Я
    "ı": "i",
    "ß": "ss",
    "æ": "ae",
    "ø": "o",
}

# Russian ЙЦУКЕН layout against US QWERTY: the character a key gives in each layout.
QWERTY_KEYS = "`qwertyuiop[]asdfghjkl;'zxcvbnm,./"
JCUKEN_KEYS = "ёйцукенгшщзхъфывапролджэячсмитьбю."

LATIN_TO_CYRILLIC_LAYOUT: dict[str, str] = dict(zip(QWERTY_KEYS, JCUKEN_KEYS, strict=True))
CYRILLIC_TO_LATIN_LAYOUT: dict[str, str] = {
    c: latin for latin, c in LATIN_TO_CYRILLIC_LAYOUT.items() if c != "."
}

# Characters that are a wrong-layout Cyrillic letter when they stand inside a Latin word.
LAYOUT_PUNCTUATION = frozenset(";'[],.`")

# Letters that look alike in the two scripts (a Latin "A" or "C" keyed into a Cyrillic word,
# or the reverse): a word written mostly in one script has the other's look-alikes read as its
# own before transliteration (Unicode confusables, UTS #39, for Latin and Cyrillic).
LATIN_LOOKALIKES_TO_CYRILLIC: dict[str, str] = dict(
    zip("AaBCcEeHKkMOoPpTXxYy", "АаВСсЕеНКкМОоРрТХхУу", strict=True)
)
CYRILLIC_LOOKALIKES_TO_LATIN: dict[str, str] = {
    c: latin for latin, c in LATIN_LOOKALIKES_TO_CYRILLIC.items()
}
