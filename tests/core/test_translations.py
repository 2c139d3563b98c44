"""The Russian catalogue is complete, final and keeps every placeholder of its source strings.

A small pure-Python reader of the .po format, so the check needs neither gettext nor a database.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PO_FILE = ROOT / "locale" / "ru" / "LC_MESSAGES" / "django.po"

# printf-style placeholders: %(name)s, %s, %d, %5.2f ...; "%%" is a literal percent sign.
PLACEHOLDER = re.compile(r"%(?:%|(?:\((?P<name>[^)]+)\))?[#0 +-]*\d*(?:\.\d+)?[sdiouxXeEfFgGcr])")
KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")\s*$")


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"line {self.line}: {self.msgid!r}"


def _unquote(token: str) -> str:
    # PO strings use C escapes, which are a subset of Python's for this catalogue.
    return ast.literal_eval(token)


def parse_po(text: str) -> list[Entry]:
    """Entries in file order (the header included, as the entry with an empty msgid)."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int | None] | None = None

    def finish() -> None:
        nonlocal current, target
        if current is not None:
            entries.append(current)
        current, target = None, None

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#~"):  # obsolete entry: not part of the catalogue
            continue
        if line.startswith("#"):
            if current is not None and target is not None:
                finish()  # a comment after msgstr starts the next entry
            if current is None:
                current = Entry(line=number)
            if line.startswith("#,"):
                current.flags.update(flag.strip() for flag in line[2:].split(",") if flag.strip())
            continue
        match = KEYWORD.match(line)
        if match:
            keyword, index, token = match.groups()
            if keyword in ("msgctxt", "msgid") and current is not None and current.msgstr:
                finish()  # a new entry without a blank line in between
            if current is None:
                current = Entry(line=number)
            value = _unquote(token)
            if keyword == "msgctxt":
                current.msgctxt, target = value, ("msgctxt", None)
            elif keyword == "msgid":
                current.msgid, target = value, ("msgid", None)
            elif keyword == "msgid_plural":
                current.msgid_plural, target = value, ("msgid_plural", None)
            else:
                slot = int(index) if index is not None else 0
                current.msgstr[slot], target = value, ("msgstr", slot)
            continue
        if line.startswith('"') and current is not None and target is not None:
            value = _unquote(line)
            name, slot = target
            if name == "msgstr":
                current.msgstr[slot] += value
            else:
                setattr(current, name, getattr(current, name) + value)
            continue
        raise AssertionError(f"{PO_FILE.name}:{number}: cannot parse {raw!r}")
    finish()
    return entries


def placeholders(text: str) -> tuple[frozenset[str], Counter[str]]:
    """Named placeholders as a set; positional ones (%s, %d, ...) counted by kind."""
    named: set[str] = set()
    positional: Counter[str] = Counter()
    for match in PLACEHOLDER.finditer(text):
        token = match.group(0)
        if token == "%%":
            continue
        if match.group("name") is not None:
            named.add(f"%({match.group('name')}){token[-1]}")
        else:
            positional[token[-1]] += 1
    return frozenset(named), positional


@pytest.fixture(scope="module")
def catalogue() -> list[Entry]:
    return parse_po(PO_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def header(catalogue: list[Entry]) -> Entry:
    first = catalogue[0]
    assert first.msgid == "" and first.msgctxt is None, "the catalogue must start with its header"
    return first


@pytest.fixture(scope="module")
def messages(catalogue: list[Entry]) -> list[Entry]:
    return catalogue[1:]


def _header_fields(header: Entry) -> dict[str, str]:
    fields = {}
    for line in header.msgstr[0].splitlines():
        key, _, value = line.partition(":")
        fields[key.strip()] = value.strip()
    return fields


def _nplurals(header: Entry) -> int:
    match = re.search(r"nplurals\s*=\s*(\d+)", _header_fields(header).get("Plural-Forms", ""))
    assert match, "the header must declare Plural-Forms"
    return int(match.group(1))


def test_catalogue_is_parsed(messages: list[Entry]) -> None:
    assert len(messages) > 200
    keys = Counter((entry.msgctxt, entry.msgid) for entry in messages)
    assert [key for key, count in keys.items() if count > 1] == []


def test_header_is_final_and_russian(header: Entry) -> None:
    fields = _header_fields(header)
    assert "fuzzy" not in header.flags
    assert fields["Language"] == "ru"
    assert "charset=UTF-8" in fields["Content-Type"]
    assert fields["Project-Id-Version"] == "jit-portal"
    assert fields["Last-Translator"] == "Portal team"
    assert _nplurals(header) in (3, 4)


def test_no_entry_is_fuzzy(messages: list[Entry]) -> None:
    assert [entry.label for entry in messages if "fuzzy" in entry.flags] == []


def test_every_msgstr_is_filled(header: Entry, messages: list[Entry]) -> None:
    nplurals = _nplurals(header)
    empty = []
    for entry in messages:
        forms = range(nplurals) if entry.msgid_plural is not None else range(1)
        if set(entry.msgstr) != set(forms):
            empty.append(f"{entry.label} has forms {sorted(entry.msgstr)}")
        empty.extend(f"{entry.label} [{n}]" for n in forms if not entry.msgstr.get(n, "").strip())
    assert empty == []


def test_placeholders_are_kept(messages: list[Entry]) -> None:
    broken = []
    for entry in messages:
        expected = placeholders(entry.msgid)
        if entry.msgid_plural is not None:
            plural = placeholders(entry.msgid_plural)
            # Every form may be chosen for any count, so each must carry the plural's set.
            if plural != expected:
                broken.append(f"{entry.label}: msgid and msgid_plural differ")
            expected = plural
        for n, text in sorted(entry.msgstr.items()):
            if placeholders(text) != expected:
                broken.append(f"{entry.label} [{n}]: {text!r}")
    assert broken == []


def test_placeholder_reader() -> None:
    named, positional = placeholders("%(kind)s: %(record)s, %s of %d, 100%%")
    assert named == {"%(kind)s", "%(record)s"}
    assert positional == Counter({"s": 1, "d": 1})


def test_sign_in_page_says_vhod(messages: list[Entry]) -> None:
    by_id = {entry.msgid: entry.msgstr[0] for entry in messages if entry.msgctxt is None}
    assert by_id["Sign in"] == "Вход"
