"""The statistics page, its downloads and the API: who may, what they get, bad filters."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import AuditEvent
from stats.figures import FIGURES
from tests.conftest import api_as

Q1 = "date_from=2025-01-01&date_to=2025-03-31"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "persona", ["kg_investigator", "kz_investigator", "registry_admin", "outsider"]
)
def test_others_get_403(client, personas, persona):
    client.force_login(personas[persona])
    assert client.get(reverse("stats:index")).status_code == 403
    url = reverse("stats:download", kwargs={"name": "routes", "fmt": "csv"})
    assert client.get(url).status_code == 403
    api = api_as(personas[persona])
    assert api.get("/api/statistics/").status_code == 403
    assert api.get("/api/statistics/routes/").status_code == 403


@pytest.mark.django_db
def test_page_shows_every_figure_with_its_table_and_data(client, personas, world):
    client.force_login(personas["kg_coordinator"])
    response = client.get(f"{reverse('stats:index')}?{Q1}")
    assert response.status_code == 200
    html = response.content.decode()
    for name in FIGURES:
        assert f'data-testid="table-{name}"' in html
        assert f'id="figure-{name}-data"' in html
    assert "&lt;3" in html  # masked victims
    assert 'data-testid="ignored-' not in html
    # A legal basis bears on requests and extradition files, not on cases.
    response = client.get(f"{reverse('stats:index')}?{Q1}&instrument={world['a'].pk}")
    html = response.content.decode()
    assert 'data-testid="ignored-cases-by-qualification"' in html
    assert 'data-testid="ignored-requests-by-direction"' not in html


@pytest.mark.django_db
def test_bad_filter_shows_form_errors_on_the_page_and_400_in_the_api(client, personas):
    client.force_login(personas["kg_coordinator"])
    response = client.get(reverse("stats:index") + "?date_from=2025-02-30&agency=x")
    assert response.status_code == 200
    assert "invalid-feedback" in response.content.decode()
    api = api_as(personas["kg_coordinator"])
    response = api.get("/api/statistics/routes/?date_from=2025-02-30&agency=x")
    assert response.status_code == 400
    assert set(response.json()) == {"date_from", "agency"}
    assert api.get("/api/statistics/no-such-figure/").status_code == 404


@pytest.mark.django_db
def test_api_lists_the_figures_and_returns_their_data(personas, world):
    api = api_as(personas["kg_prosecutor"])
    listing = api.get("/api/statistics/").json()
    assert [f["name"] for f in listing] == list(FIGURES)
    assert listing[0]["url"].endswith("/api/statistics/cases-by-qualification/")
    data = api.get(f"/api/statistics/requests-by-direction/?{Q1}").json()
    assert data["rows"] == [["2025-01", 1, 0], ["2025-02", 1, 1], ["2025-03", 2, 0]]
    assert data["chart"]["type"] == "bar"


@pytest.mark.django_db
def test_downloads_equal_the_api_and_are_audited(client, personas, world):
    user = personas["kg_coordinator"]
    client.force_login(user)
    expected = api_as(user).get(f"/api/statistics/victims-by-sex-age/?{Q1}").json()
    url = reverse("stats:download", kwargs={"name": "victims-by-sex-age", "fmt": "xlsx"})
    response = client.get(f"{url}?{Q1}")
    assert response.status_code == 200
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="statistics-victims-by-sex-age-2025-01-01_2025-03-31.xlsx"'
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(r) for r in sheet.iter_rows(min_row=4, values_only=True)]
    assert rows == expected["rows"]
    url = reverse("stats:download", kwargs={"name": "victims-by-sex-age", "fmt": "csv"})
    response = client.get(url)
    assert response["Content-Disposition"].endswith('victims-by-sex-age-all_all.csv"')
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(lines) == 1 + len(expected["rows"])
    events = AuditEvent.objects.filter(action="export", object_type="stats.figure")
    assert events.count() == 2
    assert events.filter(object_id="victims-by-sex-age", actor=user).count() == 2
    unknown = reverse("stats:download", kwargs={"name": "nothing", "fmt": "csv"})
    assert client.get(unknown).status_code == 404
    bad = reverse("stats:download", kwargs={"name": "routes", "fmt": "pdf"})
    assert client.get(bad).status_code == 404
