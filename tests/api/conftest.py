"""The API fuzz run's figures, printed at the end of the test session."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from hypothesis.configuration import set_hypothesis_home_dir

# Hypothesis keeps caches (the constants it found in the code, Unicode tables) in a folder: the
# test run's own, which goes with the run, not the checkout's .hypothesis/.
set_hypothesis_home_dir(settings.VAR_DIR / "hypothesis")


@dataclass
class FuzzFigures:
    """What the schemathesis run did: filled in by tests/api/test_fuzz.py."""

    operations: set[str] = field(default_factory=set)
    personas: set[str] = field(default_factory=set)
    cases: int = 0
    calls: int = 0
    statuses: Counter = field(default_factory=Counter)
    server_errors: int = 0
    violations: int = 0
    seconds: float = 0.0


FIGURES = FuzzFigures()


def pytest_terminal_summary(terminalreporter):
    if not FIGURES.operations:
        return
    statuses = ", ".join(f"{code}: {n}" for code, n in sorted(FIGURES.statuses.items()))
    terminalreporter.write_sep("-", "API fuzzing (schemathesis)")
    terminalreporter.write_line(
        f"operations fuzzed: {len(FIGURES.operations)} as {len(FIGURES.personas)} personas "
        f"({', '.join(sorted(FIGURES.personas))}); cases generated: {FIGURES.cases}; "
        f"calls: {FIGURES.calls} in {FIGURES.seconds:.0f} s"
    )
    terminalreporter.write_line(f"responses by status: {statuses}")
    terminalreporter.write_line(
        f"5xx = {FIGURES.server_errors}, schema violations = {FIGURES.violations}"
    )
