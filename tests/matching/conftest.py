"""The matcher's quality figures, printed at the end of the test session."""

from __future__ import annotations

from django.conf import settings
from hypothesis.configuration import set_hypothesis_home_dir

# Hypothesis keeps its caches in the test run's own folder, not the checkout's .hypothesis/.
set_hypothesis_home_dir(settings.VAR_DIR / "hypothesis")

FIGURES: dict[str, str] = {}


def pytest_terminal_summary(terminalreporter):
    if not FIGURES:
        return
    terminalreporter.write_sep("-", "Person name matching (tests/matching/corpus.csv)")
    for line in FIGURES.values():
        terminalreporter.write_line(line)
