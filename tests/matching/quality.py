"""Precision and recall of `matching.compare` over the labelled corpus (corpus.csv)."""

from __future__ import annotations

import csv
import dataclasses
import datetime
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from matching import Name, compare, parse

CORPUS = Path(__file__).with_name("corpus.csv")


@dataclass
class Pair:
    a: Name
    b: Name
    same: bool
    category: str
    source: str


@dataclass
class Quality:
    """What the corpus run measured."""

    threshold: float
    pairs: int = 0
    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0
    true_negative: int = 0
    misses: list[tuple[Pair, float, list[str]]] = field(default_factory=list)
    scores: list[tuple[float, bool]] = field(default_factory=list)
    missed_by_category: Counter = field(default_factory=Counter)

    @property
    def precision(self) -> float:
        found = self.true_positive + self.false_positive
        return self.true_positive / found if found else 1.0

    @property
    def recall(self) -> float:
        relevant = self.true_positive + self.false_negative
        return self.true_positive / relevant if relevant else 1.0

    def precision_at_recall(self, recall: float) -> tuple[float, float]:
        """(precision, threshold) at the highest threshold that still reaches `recall`."""
        relevant = sum(1 for _, same in self.scores if same)
        found = correct = 0
        ranked = sorted(self.scores, key=lambda item: -item[0])
        for i, (score, same) in enumerate(ranked):
            found += 1
            correct += same
            last_of_tie = i + 1 == len(ranked) or ranked[i + 1][0] < score
            if last_of_tie and relevant and correct / relevant >= recall:
                return correct / found, score
        return (correct / found if found else 1.0), 0.0

    def summary(self) -> str:
        return (
            f"precision {self.precision:.2%}, recall {self.recall:.2%} at threshold "
            f"{self.threshold} over {self.pairs} pairs ({self.true_positive + self.false_negative}"
            f" same, {self.false_positive + self.true_negative} different): "
            f"{self.false_positive} false matches, {self.false_negative} missed"
        )


def _with_evidence(name: Name, birth_date: str, document: str) -> Name:
    changes = {}
    if birth_date:
        changes["birth_date"] = datetime.date.fromisoformat(birth_date)
    if document:
        changes["document_number"] = document
    return dataclasses.replace(name, **changes) if changes else name


def load_pairs(path: Path = CORPUS) -> list[Pair]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            Pair(
                a=_with_evidence(parse(row["a"]), row["a_birth_date"], row["a_document"]),
                b=_with_evidence(parse(row["b"]), row["b_birth_date"], row["b_document"]),
                same=row["same"] == "1",
                category=row["category"],
                source=row["source"],
            )
            for row in csv.DictReader(handle)
        ]


def measure(pairs: list[Pair], threshold: float) -> Quality:
    quality = Quality(threshold=threshold, pairs=len(pairs))
    for pair in pairs:
        match = compare(pair.a, pair.b, threshold=threshold)
        quality.scores.append((match.score, pair.same))
        if match.same_person and pair.same:
            quality.true_positive += 1
        elif match.same_person:
            quality.false_positive += 1
        elif pair.same:
            quality.false_negative += 1
        else:
            quality.true_negative += 1
        if match.same_person != pair.same:
            quality.misses.append((pair, match.score, match.reasons))
            quality.missed_by_category[pair.category] += 1
    return quality
