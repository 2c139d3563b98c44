"""The matcher over the labelled corpus: at least 98 % precision at 95 % recall."""

from __future__ import annotations

import csv
from collections import Counter

from matching import DEFAULT_THRESHOLD

from .conftest import FIGURES
from .quality import CORPUS, load_pairs, measure

PRECISION = 0.98
RECALL = 0.95


def test_corpus_is_large_and_covers_every_system():
    with CORPUS.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) >= 300
    assert all(row["source"] for row in rows)
    categories = Counter(row["category"] for row in rows if row["same"] == "1")
    for category in (
        "passport Latin",
        "MRZ",
        "Russian form",
        "Kazakh Latin",
        "BGN/PCGN",
        "ISO 9",
        "GOST 7.79 B",
        "keyboard layout",
        "name order",
    ):
        assert categories[category] >= 5, category
    negatives = Counter(row["category"] for row in rows if row["same"] == "0")
    for category in (
        "near surname",
        "near given name",
        "siblings",
        "father and son",
        "same name, different birth date",
    ):
        assert negatives[category] >= 5, category


def test_precision_and_recall_over_the_corpus():
    quality = measure(load_pairs(), DEFAULT_THRESHOLD)
    FIGURES["quality"] = quality.summary()
    at_recall, threshold = quality.precision_at_recall(RECALL)
    FIGURES["curve"] = (
        f"precision at {RECALL:.0%} recall: {at_recall:.2%} (scores >= {threshold:.4f})"
    )
    if quality.misses:
        FIGURES["misses"] = "wrong answers by category: " + ", ".join(
            f"{category}: {n}" for category, n in quality.missed_by_category.most_common()
        )
    wrong = "\n".join(
        f"{'missed' if pair.same else 'false match'} [{pair.category}] "
        f"{pair.a} | {pair.b}: {score} {reasons}"
        for pair, score, reasons in quality.misses[:20]
    )
    assert at_recall >= PRECISION
    assert quality.precision >= PRECISION, wrong
    assert quality.recall >= RECALL, wrong


def test_corpus_file_is_what_the_generator_writes(tmp_path):
    from . import make_corpus

    fresh = tmp_path / "corpus.csv"
    make_corpus.write(make_corpus.build(), fresh)
    assert fresh.read_bytes() == CORPUS.read_bytes(), "run tests/matching/make_corpus.py"


def test_every_reason_is_built_of_the_published_terms():
    from matching import REASON_TERMS, compare
    from matching.normalize import PATRONYMIC_LABELS, SURNAME_ENDINGS

    endings = {label for _, _, label in SURNAME_ENDINGS} | set(PATRONYMIC_LABELS.values())
    known = set(REASON_TERMS) | endings
    seen = set()
    for pair in load_pairs():
        for reason in compare(pair.a, pair.b).reasons:
            seen.add(reason)
            field, _, detail = reason.partition(": ")
            parts = [field] + [p for p in detail.split(" ↔ ") if p]
            parts = [p.removeprefix("sex ending ") for p in parts]
            assert all(p in known for p in parts), reason
    assert len(seen) > 20
