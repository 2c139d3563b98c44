"""Any input gives an answer: no exception, a score in [0, 1], ASCII search keys."""

from __future__ import annotations

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from matching import Name, compare, parse, search_keys, skeleton

LETTERS = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһіabcdefghijklmnopqrstuvwxyzäğñöüūışç<,.;'` -"
texts = st.text(alphabet=LETTERS, max_size=40) | st.text(max_size=30)


@settings(max_examples=300, deadline=None)
@given(a=texts, b=texts)
def test_any_two_strings_compare(a, b):
    match = compare(a, b)
    assert 0.0 <= match.score <= 1.0
    assert match.same_person is (match.score >= 0.85)
    assert all(isinstance(reason, str) for reason in match.reasons)


@settings(max_examples=300, deadline=None)
@given(text=texts)
def test_any_string_gives_ascii_keys(text):
    for key in search_keys(text):
        assert key and key.isascii() and key == key.lower() and " " not in key
    assert skeleton(text).isascii()


@settings(max_examples=100, deadline=None)
@given(
    surname=st.sampled_from(["Асанов", "Жақсылықова", "Иванов", "Үсөнбаев", "Smith"]),
    given_name=st.sampled_from(["Нурлан", "Айгерім", "Юлия", "Өмүрбек", "John"]),
    patronymic=st.sampled_from(["", "Бакытович", "Серікқызы", "Нурбек уулу"]),
    birth=st.one_of(st.none(), st.dates(datetime.date(1930, 1, 1), datetime.date(2020, 1, 1))),
)
def test_a_name_is_the_same_person_as_itself(surname, given_name, patronymic, birth):
    name = Name(surname, given_name, patronymic, birth)
    match = compare(name, name)
    assert match.same_person
    assert match.score >= 0.99


def test_parse_none_and_odd_values():
    assert parse(None) == Name("", "")
    assert parse({"surname": 42, "given_name": "Нурлан"}).surname == "42"
    assert not compare(None, "Асанов Нурлан").same_person
