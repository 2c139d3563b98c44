"""The matcher's reasons read in the reader's language on the pages (the API keeps its terms)."""

from __future__ import annotations

import re

from django.utils.translation import override

from cases.templatetags.match_reasons import TERMS, match_reasons, reason_text
from matching import REASON_TERMS, compare


def test_every_term_of_the_matcher_has_its_translation():
    assert set(TERMS) == set(REASON_TERMS)


def test_a_reason_reads_in_russian_term_by_term():
    with override("ru"):
        assert reason_text("surname: Kazakh Latin ↔ Cyrillic") == (
            "фамилия: казахская латиница ↔ кириллица"
        )
        # The longest term wins: "given name first" is one term, not "given name" + "first".
        assert reason_text("name order: given name first") == "порядок частей имени: имя впереди"
    with override("en"):
        assert reason_text("surname: Kazakh Latin ↔ Cyrillic") == (
            "surname: Kazakh Latin ↔ Cyrillic"
        )


def test_real_reasons_leave_no_english_word_in_russian():
    pairs = [
        ("Мамытова Айзада Бакытовна", "MAMYTOVA AIZADA"),
        ("Мамытова Айзада Бакытовна", "Мамытова Айзада Бақытқызы"),
        ("Асанов Бакыт", "Бакыт Асанов"),
        ("Асанов Бакыт", "Fcfyjd ,frsn"),
    ]
    for a, b in pairs:
        reasons = compare(a, b).reasons
        assert reasons
        with override("ru"):
            shown = match_reasons(reasons)
        leftover = re.sub(r"BGN/PCGN|ISO 9", "", shown)
        assert not re.search(r"[A-Za-z]{2,}", leftover), (reasons, shown)
