"""The matcher's quality figures, printed at the end of the test session."""

from __future__ import annotations

FIGURES: dict[str, str] = {}


def pytest_terminal_summary(terminalreporter):
    if not FIGURES:
        return
    terminalreporter.write_sep("-", "Person name matching (tests/matching/corpus.csv)")
    for line in FIGURES.values():
        terminalreporter.write_line(line)
