"""Benchmark: the person-name matcher's quality over the labelled corpus and its speed.

Run from the project root (no database, no Django):
    .venv/bin/python bench/matching.py [--pairs 50000]

Prints precision and recall at the default threshold over tests/matching/corpus.csv, then
compare() in pairs per second — cold (every name parsed and normalised for the first time) and
warm (names already prepared, as when one record is compared against a block of candidates) —
and search_keys() in names per second. Speeds are per second of this process's CPU time, so
that other work on the machine does not lower them.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from matching import DEFAULT_THRESHOLD, compare, search_keys  # noqa: E402
from matching.compare import clear_caches  # noqa: E402
from tests.matching import make_corpus  # noqa: E402
from tests.matching.quality import load_pairs, measure  # noqa: E402


def distinct_names(count: int, rng: random.Random) -> list[str]:
    """Believable, mostly distinct names in the scripts of the corpus."""
    surnames = make_corpus.KG_SURNAMES + make_corpus.KZ_SURNAMES + make_corpus.RU_SURNAMES
    given = make_corpus.KG_MALE + make_corpus.KZ_MALE + make_corpus.RU_MALE
    fathers = make_corpus.KG_MALE + make_corpus.KZ_MALE
    systems = [
        lambda t: t,
        lambda t: make_corpus.words(t, make_corpus.ICAO).upper(),
        lambda t: make_corpus.words(t, make_corpus.BGN, "bgn"),
        lambda t: make_corpus.words(t, make_corpus.KZ_LATIN),
    ]
    names = []
    for i in range(count):
        text = f"{rng.choice(surnames)} {rng.choice(given)} {rng.choice(fathers)}ович"
        names.append(systems[i % len(systems)](text))
    return names


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pairs", type=int, default=50000)
    args = parser.parse_args()

    pairs = load_pairs()
    quality = measure(pairs, DEFAULT_THRESHOLD)
    print(f"matching quality: {quality.summary()}")
    at_recall, threshold = quality.precision_at_recall(0.95)
    print(f"precision at 95% recall: {at_recall:.2%} (scores >= {threshold:.4f})")

    rng = random.Random(16)  # noqa: S311 - a reproducible sample, not a secret
    names = distinct_names(args.pairs, rng)
    couples = [(names[i], names[rng.randrange(len(names))]) for i in range(args.pairs)]

    clear_caches()
    start = time.process_time()
    for a, b in couples:
        compare(a, b)
    cold = time.process_time() - start

    block = names[:200]
    start = time.process_time()
    count = 0
    for a in block:
        for b in block:
            compare(a, b)
            count += 1
    warm = time.process_time() - start

    clear_caches()
    start = time.process_time()
    for name in names:
        search_keys(name)
    keys = time.process_time() - start

    print(
        f"compare(): {args.pairs / cold:,.0f} pairs/s cold (strings parsed and normalised), "
        f"{count / warm:,.0f} pairs/s warm (prepared names, {len(block)}×{len(block)} block)"
    )
    print(f"search_keys(): {len(names) / keys:,.0f} names/s cold")


if __name__ == "__main__":
    main()
