"""The request page: the execution date while its clock runs; the sending channel proposed."""

from __future__ import annotations

import re

import pytest

from requests_mla.choices import Channel, RequestType


def test_a_sent_request_without_a_requested_date_shows_its_running_clock(client, personas):
    from deadlines.models import Deadline
    from requests_mla import services
    from tests.cases.conftest import make_case
    from tests.requests_mla.conftest import complete_fields, complete_relations
    from tests.requests_mla.test_documents import send

    case = make_case(personas["kg_investigator"], number="24-001-2026-009102")
    fields = complete_fields(personas)
    assert fields["execution_requested_by"] is None
    mla = services.mla_request_create(
        case=case,
        actor=personas["kg_investigator"],
        fields=fields,
        relations=complete_relations(case),
    )
    send(personas, mla)
    clock = Deadline.objects.for_subject(mla).get()
    client.force_login(personas["kg_investigator"])
    page = client.get(f"/requests/{mla.pk}/").content.decode()
    due = page.split('data-testid="execution-due">', 1)[1].split("</dd>", 1)[0]
    assert re.match(r"\d\d\.\d\d\.20\d\d ", due), due
    assert clock.title in due
    # The clock's citation already says it is a practice target: said once, not twice.
    panel = page.split('data-testid="deadline-panel"', 1)[1].split("</section>", 1)[0]
    assert re.sub(r"<[^>]+>", "", panel).count("практика, не норма права") == 1


@pytest.mark.parametrize(
    ("request_type", "channel"),
    [
        (RequestType.POLICE_INQUIRY, Channel.POLICE),
        (RequestType.FORMAL_MLA, Channel.CENTRAL_AUTHORITY),
    ],
)
def test_the_send_step_proposes_the_channel_of_the_request_type(request_type, channel):
    from requests_mla.forms import SendForm
    from requests_mla.models import MLARequest

    html = str(SendForm(subject=MLARequest(request_type=request_type))["channel"])
    assert f'<option value="{channel.value}" selected>' in html
    assert html.count(" selected>") == 1
