from __future__ import annotations

import pytest
from django.core.management import call_command

from deadlines.models import Deadline
from extradition.models import ExtraditionFile

pytestmark = pytest.mark.django_db


def test_demo_files_and_the_custody_dashboard(client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", password="demo-password-1")
    call_command("seed_demo", password="demo-password-1")
    stages = set(ExtraditionFile.objects.values_list("stage", flat=True))
    assert stages == {"custody", "transfer_accepted"}
    custody = ExtraditionFile.objects.get(stage="custody")
    forty = Deadline.objects.for_subject(custody).get(kind="custody_ordered")
    assert forty.state == "running"
    from accounts.models import User

    client.force_login(User.objects.get(username="kz_prosecutor"))
    page = client.get("/extradition/custody/").content.decode()
    assert custody.reference in page
    detail = client.get(f"/extradition/{custody.pk}/")
    assert detail.status_code == 200
    assert 'data-step="receive_request"' in detail.content.decode()


def test_list_query_count_is_constant(client, personas, kr_case, django_assert_max_num_queries):
    from tests.extradition.conftest import open_file

    client.force_login(personas["kg_prosecutor"])
    open_file(personas, kr_case)
    with django_assert_max_num_queries(15) as one:
        client.get("/extradition/")
    for _ in range(10):
        open_file(personas, kr_case)
    with django_assert_max_num_queries(15) as many:
        client.get("/extradition/")
    assert len(one) == len(many)


def test_filters_by_days_left_and_custody(client, personas, kr_case):
    import datetime

    from django.utils import timezone

    from accounts.models import Agency
    from extradition import services
    from tests.extradition.conftest import open_file

    held = open_file(personas, kr_case)
    services.extradition_step(
        file=held,
        actor=personas["kz_prosecutor"],
        step="detain",
        data={
            "detention_place": "ИВС",
            "detained_at": timezone.now() - datetime.timedelta(hours=1),
            "detaining_agency": Agency.objects.get(pk=personas["kz_investigator"].agency_id),
        },
    )
    free = open_file(personas, kr_case)
    client.force_login(personas["kg_prosecutor"])
    soon = client.get("/extradition/", {"days_left": "5"}).content.decode()
    assert held.reference in soon and free.reference not in soon
    custody = client.get("/extradition/", {"in_custody": "1"}).content.decode()
    assert held.reference in custody and free.reference not in custody
    assert client.get("/extradition/", {"days_left": "many", "stage": "x"}).status_code == 200


def test_custody_dashboard_query_count_is_constant(
    client, personas, kr_case, django_assert_max_num_queries
):
    import datetime

    from django.utils import timezone

    from accounts.models import Agency
    from extradition import services
    from tests.extradition.conftest import open_file

    def hold():
        file = open_file(personas, kr_case)
        services.extradition_step(
            file=file,
            actor=personas["kz_prosecutor"],
            step="detain",
            data={
                "detention_place": "ИВС",
                "detained_at": timezone.now() - datetime.timedelta(hours=1),
                "detaining_agency": Agency.objects.get(pk=personas["kz_investigator"].agency_id),
            },
        )

    client.force_login(personas["kg_prosecutor"])
    hold()
    with django_assert_max_num_queries(15) as one:
        client.get("/extradition/custody/")
    for _ in range(8):
        hold()
    with django_assert_max_num_queries(15) as many:
        client.get("/extradition/custody/")
    assert len(one) == len(many)


def test_grounds_checklist_and_mirror_cases(client, personas, kr_case):
    from audit.models import AuditEvent
    from cases import services as case_services
    from tests.cases.conftest import make_case
    from tests.extradition.conftest import open_file
    from treaties.models import RefusalGround

    mirror = make_case(personas["kz_investigator"], number="261500031000900")
    link = case_services.case_link_propose(
        case=kr_case, actor=personas["kg_investigator"], identifier=mirror.reference
    )
    case_services.case_link_decide(link=link, actor=personas["kz_coordinator"], accept=True)
    file = open_file(personas, kr_case, notice_number="")
    assert list(file.linked_cases.all()) == [mirror]
    # The mirror case's investigator follows the file through the link.
    from extradition.models import ExtraditionFile

    assert (
        ExtraditionFile.objects.visible_to(personas["kz_investigator"]).filter(pk=file.pk).exists()
    )

    asylum = RefusalGround.objects.get(
        code="asylum", instrument__short_name="KR–KZ Extradition Agreement"
    )
    client.force_login(personas["kg_prosecutor"])
    client.post(f"/extradition/{file.pk}/grounds/", {"grounds": [asylum.pk]})
    assert list(file.applicable_grounds.all()) == [asylum]
    assert AuditEvent.objects.filter(
        object_type="extradition.extraditionfile", action="update"
    ).exists()
    foreign = RefusalGround.objects.exclude(
        instrument__short_name="KR–KZ Extradition Agreement"
    ).first()
    client.post(f"/extradition/{file.pk}/grounds/", {"grounds": [foreign.pk]})
    assert list(file.applicable_grounds.all()) == [asylum]
