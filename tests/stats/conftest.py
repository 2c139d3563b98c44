"""The hand-counted world of the statistics tests (tests/stats/world.py)."""

from __future__ import annotations

import pytest

from tests.stats.world import build_world


@pytest.fixture
def world(personas, agencies):
    return build_world(personas, agencies)
