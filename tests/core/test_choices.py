"""Model drop-downs read their records in one query (no server-side cursor), the same choices."""

from __future__ import annotations

import pytest
from django import forms
from django.db import connection
from django.forms.models import ModelChoiceIterator
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from cases.filters import CaseFilter
from core.forms import ChoicesInOneRead
from treaties.models import CriminalArticle

pytestmark = pytest.mark.django_db


class ArticleForm(forms.Form):
    article = forms.ModelChoiceField(CriminalArticle.objects.select_related("code").order_by("pk"))
    several = forms.ModelMultipleChoiceField(
        CriminalArticle.objects.select_related("code").order_by("pk")
    )


def test_a_form_lists_the_same_choices_as_django_in_one_query_each():
    form = ArticleForm()
    django_choices = list(ModelChoiceIterator(form.fields["article"]))
    assert len(django_choices) > 1
    with CaptureQueriesContext(connection) as captured:
        # As a widget reads them: iterated (list() would ask their number first: a COUNT).
        ours = list(iter(form.fields["article"].choices))
        several = list(iter(form.fields["several"].choices))
    assert [(str(v), label) for v, label in ours] == [
        (str(v), label) for v, label in django_choices
    ]
    assert [str(v) for v, _label in several] == [str(v) for v, _label in django_choices[1:]]
    assert len(captured) == 2
    # PostgreSQL: Django's own iterator declares, fetches and closes a cursor for each.
    assert not any("DECLARE" in q["sql"] for q in captured.captured_queries)
    assert issubclass(form.fields["article"].iterator, ChoicesInOneRead)
    # Each reading is fresh (nothing cached on the form's field): two renderings, two reads.
    with CaptureQueriesContext(connection) as again:
        str(form["article"])
        str(form["article"])
    assert len(again) == 2


def test_the_case_list_filters_read_their_choices_in_one_query_each(rf, personas):
    request = rf.get("/cases/")
    request.user = personas["kg_coordinator"]
    form = CaseFilter(None, request=request).form
    # The user's roles are read once per request by whatever asks first (every page's
    # layout): the officers' choices are built when shown, so here they would ask first.
    assert request.user.role_names
    with CaptureQueriesContext(connection) as captured:
        html = "".join(
            form[name].field.widget.whole(name, None) for name in ("article", "lead_investigator")
        )
    assert html.count("<option") > 2
    assert len(captured) == 2
    assert not any("DECLARE" in q["sql"] for q in captured.captured_queries)


def test_an_officers_drop_down_reads_their_names_not_their_rows(personas):
    """The label's columns only (no password hash, no model instance per officer); the same
    choices as labelling each officer's row; a form's own label for one field is kept."""
    from accounts.models import User
    from cases.forms import UserChoiceField, UserMultipleChoiceField

    officers = User.objects.filter(agency__isnull=False).order_by("last_name", "pk")
    expected = [("", "---------")] + [(str(u.pk), u.display_name) for u in officers]
    for field in (UserChoiceField(officers), UserMultipleChoiceField(officers, required=False)):
        with CaptureQueriesContext(connection) as captured:
            choices = [(str(value), str(label)) for value, label in iter(field.choices)]
        assert choices == (expected if field.empty_label is not None else expected[1:])
        assert len(captured) == 1
        assert "password" not in captured.captured_queries[0]["sql"]
    own = UserChoiceField(officers)
    own.label_from_instance = lambda user: f"{user.username} ({user.agency_id})"
    labels = [str(label) for _value, label in iter(own.choices)][1:]
    assert labels == [f"{u.username} ({u.agency_id})" for u in officers]


def test_a_name_is_written_the_same_from_a_row_and_from_its_columns(personas):
    from accounts.models import User

    for user in User.objects.all():
        assert user.display_name == User.name_from(
            *(getattr(user, name) for name in User.NAME_FIELDS)
        )
    nameless = User(username="officer-7")
    assert nameless.display_name == "officer-7"
    assert User.name_from("Асанов", "Бакыт", "", "x") == "Асанов Бакыт"


def test_a_drop_down_on_demand_carries_the_chosen_option_and_reads_the_rest_when_asked():
    from django.utils.choices import BaseChoiceIterator

    from core.forms import OptionsOnDemandSelect, show_all_choices

    read = []

    class Officers(BaseChoiceIterator):
        """As a filter's choices: the empty one first, then a query (here, a count of reads)."""

        def __iter__(self):
            yield ("", "все")
            read.append(1)
            yield from [(7, "Асанов Б."), (9, "Иванова <О.>")]

    class Filter(forms.Form):
        lead = forms.TypedChoiceField(
            choices=Officers(),
            coerce=int,
            required=False,
            widget=OptionsOnDemandSelect("/options/lead/"),
        )

    # Not chosen: "all" only, and the choices (a query) are not read.
    html = str(Filter()["lead"])
    assert read == []
    assert html.count("<option") == 1 and '<option value="">все</option>' in html
    assert 'hx-get="/options/lead/"' in html and 'hx-swap="outerHTML"' in html
    assert 'hx-push-url="false"' in html  # a list's filter form pushes its own URL; not this
    # Chosen: that option too, marked, with its label escaped.
    chosen = str(Filter({"lead": "9"})["lead"])
    assert chosen.count("<option") == 2
    assert '<option value="9" selected>Иванова &lt;О.&gt;</option>' in chosen
    # Whole: a plain drop-down with every option, the same name and id, nothing more to ask.
    bound = Filter({"lead": "7"})["lead"]
    whole = bound.field.widget.whole(bound.html_name, bound.value(), {"id": bound.auto_id})
    assert whole.count("<option") == 3 and '<option value="7" selected>' in whole
    assert 'id="id_lead"' in whole and "hx-get" not in whole
    # Where JavaScript does not run, a page asks for its drop-downs whole (``?choices=all``).
    asked, plain = Filter(), Filter()
    assert show_all_choices(asked, RequestFactory().get("/", {"choices": "all"}))
    assert not show_all_choices(plain, RequestFactory().get("/", {"choices": "some"}))
    assert str(asked["lead"]).count("<option") == 3 and "hx-get" not in str(asked["lead"])
    assert str(plain["lead"]).count("<option") == 1
    assert str(Filter()["lead"]).count("<option") == 1  # one form's request, not the next form's
