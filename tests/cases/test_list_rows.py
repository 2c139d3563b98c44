"""A list row's articles and forms of exploitation are read for the page at once: in one
statement, each distinct article (with its code) and form becoming one object the rows share;
the rows themselves read only the columns a list shows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import Case, Qualification
from cases.views import case_list_queryset
from tests.cases.conftest import make_case
from treaties.models import CriminalArticle, ExploitationForm

pytestmark = pytest.mark.django_db


def test_rows_list_their_articles_in_order_and_share_them(personas):
    lead = personas["kg_investigator"]
    first = make_case(lead, number="24-001-2026-000951")
    second = make_case(lead, number="24-001-2026-000952")
    shared = first.qualifications.get().article
    other = CriminalArticle.objects.filter(code=shared.code).exclude(pk=shared.pk).first()
    Qualification.objects.create(case=second, article=other)
    forms = list(ExploitationForm.objects.all()[:3])
    second.exploitation_forms.set([forms[2], forms[0]])

    with CaptureQueriesContext(connection) as read:
        rows = {case.pk: case for case in case_list_queryset(lead, forms=True)}
    # The rows; the articles (with their codes) and forms they name.
    assert len(read) == 2
    assert [a.pk for a in rows[second.pk].listed_articles] == [shared.pk, other.pk]
    assert rows[first.pk].listed_articles[0] is rows[second.pk].listed_articles[0]
    # Forms in the registry's order, whatever order they were recorded in.
    assert rows[second.pk].listed_forms == [forms[0], forms[2]]
    with CaptureQueriesContext(connection) as more:
        shown = [a.citation for case in rows.values() for a in case.listed_articles]
        shown += [f.name for case in rows.values() for f in case.listed_forms]
        shown += [case.lead_investigator.display_name for case in rows.values()]
        shown += [
            case.owning_agency.short_name or case.owning_agency.name for case in rows.values()
        ]
    assert len(more) == 0
    assert shared.citation in shown and forms[0].name in shown
    # What the rows show of them, worked out once for the page in the reader's language.
    assert rows[second.pk].listed_citations == [shared.citation, other.citation]
    assert rows[second.pk].listed_form_names == [forms[0].name, forms[2].name]
    assert rows[first.pk].status_label == first.get_status_display()


def test_rows_show_the_reader_s_language(client, personas):
    from django.utils import translation

    lead = personas["kg_investigator"]
    case = make_case(lead, number="24-001-2026-000953")
    article = case.qualifications.get().article
    for language in ("ru", "en"):
        with translation.override(language):
            (row,) = case_list_queryset(lead, forms=True)
            assert row.listed_citations == [article.citation]
            assert row.status_label == case.get_status_display()
    client.force_login(lead)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/cases/").content.decode()
    with translation.override("en"):
        assert article.citation in page


def test_rows_do_not_read_the_case_s_wide_texts(personas):
    """The summary and the participants' and victims' folded names stay in the database: a list
    shows none of them (and a victim's name is not read where it is not shown)."""
    lead = personas["kg_investigator"]
    make_case(lead, number="24-001-2026-000955")
    with CaptureQueriesContext(connection) as read:
        list(case_list_queryset(lead, forms=True))
    rows_sql = read.captured_queries[0]["sql"]
    for field in ("summary", "victim_names", "participant_names", "status_reason"):
        column = Case._meta.get_field(field).column
        assert f'"cases_case"."{column}"' not in rows_sql
    assert '"accounts_user"."password"' not in rows_sql


def test_the_api_s_rows_read_no_forms(personas):
    lead = personas["kg_investigator"]
    make_case(lead, number="24-001-2026-000953")
    with CaptureQueriesContext(connection) as read:
        rows = list(case_list_queryset(lead))
    assert len(read) == 2
    assert rows[0].listed_articles
    assert not hasattr(rows[0], "listed_forms")
    assert not any("exploitation" in q["sql"] for q in read.captured_queries)


def test_counting_the_list_reads_no_registry_rows(personas):
    lead = personas["kg_investigator"]
    make_case(lead, number="24-001-2026-000954")
    expected = Case.objects.count()
    with CaptureQueriesContext(connection) as read:
        assert case_list_queryset(lead, forms=True).count() == expected
    assert len(read) == 1


def test_the_api_s_rows_are_the_declared_fields_written_out(personas):
    """The list serializer writes its rows out by hand: they equal REST framework's own
    field-by-field representation, key for key, in both languages."""
    from django.utils import translation
    from rest_framework import serializers

    from cases.api.serializers import CaseListSerializer

    lead = personas["kg_investigator"]
    make_case(lead, number="24-001-2026-000956")
    make_case(personas["kz_investigator"], number="261000000957", victims=())
    rows = list(case_list_queryset(personas["kg_coordinator"])) + list(
        case_list_queryset(personas["kz_coordinator"])
    )
    assert len(rows) >= 2
    serializer = CaseListSerializer()
    for language in ("ru", "en"):
        with translation.override(language):
            for case in rows:
                written = serializer.to_representation(case)
                generic = serializers.ModelSerializer.to_representation(serializer, case)
                assert list(written) == list(generic)
                assert written == dict(generic)
