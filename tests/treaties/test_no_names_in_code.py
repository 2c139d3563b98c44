"""Instrument names are registry data: no Python file outside migrations and tests holds one
(docstrings and comments included)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from treaties.models import Instrument

pytestmark = pytest.mark.django_db

# Folders that are not the project's code, or that may hold names by design.
SKIPPED = {".venv", "node_modules", "migrations", "tests", ".git", "var"}


def python_files(root: Path):
    for path in sorted(root.rglob("*.py")):
        if not SKIPPED & set(path.relative_to(root).parts):
            yield path


def registry_names() -> set[str]:
    """Every key and short name of the seeded registry."""
    names = set()
    for row in Instrument.objects.values_list("short_name", "name_ru", "name_en"):
        names.update(n for n in row if n)
    return names


def names_in_code(root: Path, names: set[str]) -> list[str]:
    offences = []
    for path in python_files(root):
        text = path.read_text(encoding="utf-8")
        offences += [f"{path.relative_to(root)}: {n}" for n in sorted(names) if n in text]
    return offences


def test_no_instrument_name_in_python_outside_migrations_and_tests():
    names = registry_names()
    assert {"Chisinau Convention", "Кишинёвская конвенция", "UNTOC"} <= names
    assert names_in_code(Path(settings.BASE_DIR), names) == []


def test_the_scan_finds_a_name_added_to_code(tmp_path):
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "services.py").write_text(
        '"""Cites the Кишинёвская конвенция."""\n', encoding="utf-8"
    )
    (tmp_path / "app" / "migrations").mkdir()
    (tmp_path / "app" / "migrations" / "0001_seed.py").write_text(
        'NAME = "Minsk Convention"\n', encoding="utf-8"
    )
    assert names_in_code(tmp_path, registry_names()) == ["app/services.py: Кишинёвская конвенция"]
