"""The figures against the hand-counted world of tests/stats/conftest.py."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from stats.figures import (
    FIGURES,
    MASK,
    MASK_COMPLEMENT,
    Filters,
    compute,
    figure_json,
    mask_persons,
)

Q1 = Filters(date_from=datetime.date(2025, 1, 1), date_to=datetime.date(2025, 3, 31))


def table(name, user, filters=Q1):
    with translation.override("en"):
        data = figure_json(compute(name, user, filters))
    return [c["label"] for c in data["columns"]], data["rows"]


def by_label(rows):
    return {row[0]: row[1:] for row in rows}


@pytest.mark.django_db
def test_cases_per_month_count_the_coordinators_own_cases(world, personas):
    _labels, rows = table("cases-by-qualification", personas["kg_coordinator"])
    assert [r[0] for r in rows] == ["2025-01", "2025-02", "2025-03"]
    assert [sum(r[1:]) for r in rows] == [2, 0, 1]
    _labels, kz_rows = table("cases-by-qualification", personas["kz_coordinator"])
    assert [sum(r[1:]) for r in kz_rows] == [0, 1, 0]


@pytest.mark.django_db
def test_cases_by_form_of_exploitation(world, personas):
    labels, rows = table("cases-by-exploitation", personas["kg_coordinator"])
    assert len(labels) == 2  # month, sexual exploitation (every test case has that form)
    assert [r[1] for r in rows] == [2, 0, 1]


@pytest.mark.django_db
def test_victims_by_sex_and_age_mask_small_counts_and_their_complement(world, personas):
    _labels, rows = table("victims-by-sex-age", personas["kg_coordinator"])
    rows = by_label(rows)
    # female 18–24: 3, female 25–34: 1 (masked), male under 18: 1 (masked). The female column
    # would then have one masked cell next to a 3: the 3 is hidden too.
    assert rows["under 18"] == [0, MASK, 0]
    assert rows["18–24"] == [MASK_COMPLEMENT, 0, 0]
    assert rows["25–34"] == [MASK, 0, 0]
    assert rows["age not known"] == [0, 0, 0]


@pytest.mark.django_db
def test_victims_by_citizenship(world, personas):
    _labels, rows = table("victims-by-citizenship", personas["kg_coordinator"])
    rows = by_label(rows)
    assert rows["Kyrgyzstan"] == [4, 0, 0]
    assert rows["Uzbekistan"] == [0, MASK, 0]
    # The KZ coordinator's victims: two Kazakh women, masked.
    _labels, kz_rows = table("victims-by-citizenship", personas["kz_coordinator"])
    assert by_label(kz_rows) == {"Kazakhstan": [MASK, 0, 0]}


@pytest.mark.django_db
def test_routes_count_each_step_once_per_case(world, personas):
    _labels, rows = table("routes", personas["kg_coordinator"])
    assert rows == [
        ["г. Ош (KG) → г. Бишкек (KG)", 2],
        ["г. Бишкек (KG) → г. Алматы (KZ)", 1],
    ]
    _labels, rows = table("routes", personas["kz_coordinator"])
    assert rows == []


@pytest.mark.django_db
def test_requests_per_month_by_direction_for_a_prosecutor(world, personas):
    labels, rows = table("requests-by-direction", personas["kg_prosecutor"])
    assert labels[1:] == ["KR → KZ", "KZ → KR"]
    assert rows == [["2025-01", 1, 0], ["2025-02", 1, 1], ["2025-03", 2, 0]]
    # The KG coordinator sees the requests of the agency's cases only: no KZ→KG request.
    _labels, rows = table("requests-by-direction", personas["kg_coordinator"])
    assert rows == [["2025-01", 1], ["2025-02", 1], ["2025-03", 2]]


@pytest.mark.django_db
def test_requests_by_instrument_and_filters(world, personas):
    prosecutor = personas["kg_prosecutor"]
    _labels, rows = table("requests-by-instrument", prosecutor)
    assert [sum(r[1:]) for r in rows] == [1, 2, 2]
    only_b = Filters.from_query(
        {"date_from": "2025-01-01", "date_to": "2025-03-31", "instrument": str(world["b"].pk)}
    )
    _labels, rows = table("requests-by-direction", prosecutor, only_b)
    assert [sum(r[1:]) for r in rows] == [0, 0, 1]


@pytest.mark.django_db
def test_turnaround_median_and_90th_percentile(world, personas):
    _labels, rows = table("turnaround-by-instrument", personas["kg_coordinator"])
    with translation.override("en"):
        untoc = by_label(rows)[world["a"].name]
    # sent → executed: 30, 10, 20 days; received → executed: 28, 9 days.
    assert untoc == [3, 20.0, 28.0, 18.5, 26.1]
    _labels, rows = table("turnaround-by-agency", personas["kg_coordinator"])
    assert len(rows) == 1 and rows[0][1:] == [3, 20.0, 28.0, 18.5, 26.1]


@pytest.mark.django_db
def test_overdue_now_and_ever(world, personas):
    _labels, rows = table("requests-overdue", personas["kg_prosecutor"])
    rows = by_label(rows)
    kz_gpo, kg_gpo = rows["kz_gpo"], rows["kg_gpo"]
    assert kz_gpo == [4, 0, 0, 1]  # sent, not yet answered, overdue now, overdue ever
    assert kg_gpo == [1, 1, 1, 1]


@pytest.mark.django_db
def test_refusals_and_supplements(world, personas):
    _labels, rows = table("refusals-by-ground", personas["kg_coordinator"])
    with translation.override("en"):
        assert rows == [[world["ground"].text, 1]]
    _labels, rows = table("supplements", personas["kg_coordinator"])
    assert rows == [["2025-01", 0], ["2025-02", 0], ["2025-03", 1]]


@pytest.mark.django_db
def test_extradition_outcomes_are_persons(world, personas):
    _labels, rows = table("extradition-outcomes", personas["kg_coordinator"])
    # surrendered 3, refused 1 (masked); the 3 alone beside it in its column is hidden too.
    assert by_label(rows) == {
        "surrendered": [MASK_COMPLEMENT, 0],
        "extradition refused": [MASK, 0],
    }


@pytest.mark.django_db
def test_team_tasks_by_country(world, personas):
    _labels, rows = table("team-tasks", personas["kg_coordinator"])
    assert rows == [["Kyrgyz Republic", 2, 1, 1], ["Republic of Kazakhstan", 0, 1, 0]]
    # The KZ coordinator is a leader but no member: the team is not theirs to see.
    _labels, rows = table("team-tasks", personas["kz_coordinator"])
    assert rows == [["Kyrgyz Republic", 0, 0, 0], ["Republic of Kazakhstan", 0, 0, 0]]


@pytest.mark.django_db
def test_an_auditor_counts_their_own_countrys_side(world, personas):
    # The auditor is of the KZ prosecutor's office: the KZ case, and requests KZ sent or got.
    _labels, rows = table("cases-by-qualification", personas["auditor"])
    assert [sum(r[1:]) for r in rows] == [0, 1, 0]
    _labels, rows = table("requests-by-direction", personas["auditor"])
    assert rows == [["2025-01", 1, 0], ["2025-02", 1, 1], ["2025-03", 2, 0]]


@pytest.mark.django_db
def test_no_role_no_figures(world, personas):
    for name in FIGURES:
        data = compute(name, personas["outsider"], Q1)
        assert all(not isinstance(v, int) or v == 0 for row in data.rows for v in row[1:]), name


@pytest.mark.django_db
def test_query_count_per_figure_does_not_grow_with_the_data(
    world, personas, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = personas["kg_prosecutor"]
    user.role_names  # noqa: B018  (read once per request, as a page does)
    before = {}
    for name in FIGURES:
        with CaptureQueriesContext(connection) as queries:
            compute(name, user, Filters())
        before[name] = len(queries)
        assert before[name] <= 4, name
    from tests.stats.world import kg_case

    for i in range(3):
        kg_case(personas, "2025-03-06", f"24-001-2025-00010{i}")
    for name in FIGURES:
        with django_assert_max_num_queries(before[name]):
            compute(name, user, Filters())


def test_filters_from_query_refuse_bad_input():
    with pytest.raises(ValidationError) as error:
        Filters.from_query({"date_from": "2025-13-01", "country": "XX", "agency": "a"})
    assert set(error.value.message_dict) == {"date_from", "country", "agency"}
    with pytest.raises(ValidationError) as error:
        Filters.from_query({"date_from": "2025-03-01", "date_to": "2025-01-01"})
    assert set(error.value.message_dict) == {"date_to"}
    assert Filters.from_query({}) == Filters()
    assert Filters.from_query({"country": "KG", "date_from": "2025-01-01"}).as_query() == {
        "country": "KG",
        "date_from": "2025-01-01",
    }


def test_masking_never_leaves_one_masked_cell_in_a_line():
    columns = [{"kind": "label"}, {"kind": "persons"}, {"kind": "persons"}, {"kind": "count"}]
    rows = [["a", 1, 5, 1], ["b", 4, 7, 2]]
    assert mask_persons(rows, columns) == [
        ["a", MASK, MASK_COMPLEMENT, 1],
        ["b", MASK_COMPLEMENT, MASK_COMPLEMENT, 2],
    ]
    # Counts that are not persons are never masked; zeros stay zeros.
    assert mask_persons([["a", 0, 0, 1]], columns) == [["a", 0, 0, 1]]
