"""The published interface of matching/: names, shapes and types the portal relies on."""

from __future__ import annotations

import datetime
import subprocess
import sys

import matching
from matching import DEFAULT_THRESHOLD, Match, Name, compare, parse, search_keys, skeleton


def test_parse_one_string_and_fields_give_the_same_name():
    from_string = parse("Асанов Нурлан Бакытович")
    from_fields = parse({"surname": "Асанов", "given_name": "Нурлан", "patronymic": "Бакытович"})
    assert from_string == from_fields == Name("Асанов", "Нурлан", "Бакытович")


def test_parse_keeps_birth_date_and_document():
    name = parse(
        {
            "surname": "Асанов",
            "given_name": "Нурлан",
            "birth_date": "1990-05-01",
            "document_number": "AN 1234567",
        }
    )
    assert name.birth_date == datetime.date(1990, 5, 1)
    assert name.document_number == "AN 1234567"


def test_compare_answers_a_match():
    match = compare("Асанов Нурлан", "ASANOV<<NURLAN")
    assert isinstance(match, Match)
    assert 0.0 <= match.score <= 1.0
    assert match.same_person is True
    assert all(isinstance(reason, str) for reason in match.reasons)


def test_threshold_is_the_callers_or_the_default():
    match = compare("Асанов Нурлан", "Asanova Nurlan", threshold=0.99)
    assert match.same_person is (match.score >= 0.99)
    assert 0 < DEFAULT_THRESHOLD < 1


def test_search_keys_are_ascii_lower_case():
    keys = search_keys("Жақсылықова Айгүл Серікқызы")
    assert keys
    assert all(key.isascii() and key == key.lower() and " " not in key for key in keys)
    assert skeleton("Жақсылық") == skeleton("Zhaksylyk")


def test_importable_without_django_settings():
    code = "import sys, matching; assert 'django' not in sys.modules; print('ok')"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env={}
    )
    assert result.stdout.strip() == "ok"
    assert matching.__all__
