"""The file's page and the custody dashboard as people read them: buttons say what they do,
destructive ones look it, an empty field is named, and red means what the legend says."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Agency
from extradition import services
from extradition.choices import CUSTODY_URGENT_DAYS
from extradition.models import ExtraditionFile
from tests.extradition.conftest import kz_today, open_file

pytestmark = pytest.mark.django_db


def detain(personas, file, *, hours_ago: int = 1) -> ExtraditionFile:
    return services.extradition_step(
        file=file,
        actor=personas["kz_prosecutor"],
        step="detain",
        data={
            "detention_place": "ИВС",
            "detained_at": timezone.now() - datetime.timedelta(hours=hours_ago),
            "detaining_agency": Agency.objects.get(pk=personas["kz_investigator"].agency_id),
        },
    )


def buttons(page: str) -> dict[str, tuple[str, str]]:
    """Each step form's button: {step: (css classes, text)}."""
    found = {}
    for match in re.finditer(r'data-step="(\w+)"', page):
        form = page[match.start() : page.index("</form>", match.start())]
        button = re.search(r'<button class="([^"]*)" type="submit">([^<]*)</button>', form)
        found[match.group(1)] = (button.group(1), button.group(2).strip())
    return found


def test_the_buttons_say_what_they_do_and_destructive_ones_look_it(client, personas, file):
    detain(personas, file)
    client.force_login(personas["kz_prosecutor"])
    with translation.override("ru"):
        page = client.get(reverse("extradition:detail", args=[file.pk])).content.decode()
    steps = buttons(page)
    assert steps["close"] == ("btn btn-outline-danger", "Прекратить производство")
    assert steps["release"] == ("btn btn-outline-danger", "Освободить лицо")
    # The next step of the process is the one highlighted; the others are outlined.
    assert steps["order_custody"] == ("btn btn-primary", "Внести решение о заключении под стражу")
    assert steps["receive_request"][0] == "btn btn-outline-primary"
    assert "Прекращено" not in {text for _css, text in steps.values()}
    # The modal's texts come from the form (the page has no inline script).
    assert 'data-confirm-title="Прекратить производство"' in page
    assert f'data-confirm-object="{file.reference}"' in page
    assert "js/confirm-step.js" in page


def test_an_empty_step_names_its_fields(client, personas, file):
    client.force_login(personas["kz_prosecutor"])
    with translation.override("ru"):
        response = client.post(
            reverse("extradition:step", args=[file.pk, "detain"]), {}, follow=True
        )
    page = response.content.decode()
    assert "Укажите: место содержания под стражей." in page
    assert "Обязательное поле." not in page
    assert ExtraditionFile.objects.get(pk=file.pk).stage == "wanted"


def test_the_custody_dashboard_lists_actions_and_colours_by_its_legend(client, personas, file):
    soon = detain(personas, file)  # 72 hours from the detention: under five days left
    later = detain(personas, open_file(personas, file.case))
    services.extradition_step(
        file=later,
        actor=personas["kz_prosecutor"],
        step="order_custody",
        data={"custody_court": "Суд", "custody_ordered_on": kz_today()},
    )
    client.force_login(personas["kz_prosecutor"])
    with translation.override("ru"):
        page = client.get(reverse("extradition:custody")).content.decode()
    assert f"менее {CUSTODY_URGENT_DAYS} сут." in page
    rows = {}
    for row in re.findall(r"<tr class=\"[^\"]*\" data-urgent=.*?</tr>", page, re.S):
        reference = re.search(r"<strong>([^<]+)</strong>", row).group(1)
        days = float(
            re.search(r'data-testid="days-left">([\d.,]+)<', row).group(1).replace(",", ".")
        )
        badge = re.search(r'class="badge text-bg-(\w+)" data-testid="stage-badge"', row).group(1)
        steps = re.search(r'data-testid="next-steps">([^<]*)<', row).group(1)
        rows[reference] = (days, badge, "table-danger" in row, steps)
    assert set(rows) == {soon.reference, later.reference}
    for reference, (days, badge, red_row, steps) in rows.items():
        urgent = days < CUSTODY_URGENT_DAYS
        assert (badge == "danger") == urgent == red_row, (reference, days, badge)
        assert "Освободить лицо" in steps and "Прекратить производство" in steps
        assert "прекращено" not in steps.lower()
    assert rows[soon.reference][1] == "danger"
    assert rows[later.reference][1] != "danger"
