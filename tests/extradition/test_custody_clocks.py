"""Custody clocks as the law counts them (issue 11, items 1–4): to the minute from the moment
of detention, the 60-hour motion clock beside the 72-hour one, each rule applied only in the
state whose law sets it, and each clock citing the instrument that governs the pair of states on
the date of the event."""

from __future__ import annotations

import datetime
import re
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from freezegun import freeze_time

from accounts.models import Agency
from deadlines import sweep
from deadlines.models import Deadline, Notification
from deadlines.services import deadline_rule_missing, rule_citation
from extradition import services
from extradition.models import ExtraditionFile
from tests.cases.conftest import kz_case  # noqa: F401  (fixture)
from tests.conftest import api_as
from tests.extradition.conftest import kg_166, kz_128, open_file
from treaties.models import DeadlineRule, DeadlineRuleSource, Instrument

pytestmark = pytest.mark.django_db

ALMATY = zoneinfo.ZoneInfo("Asia/Almaty")
BISHKEK = zoneinfo.ZoneInfo("Asia/Bishkek")
UTC = datetime.UTC
# The demo's detention (EXT-KG-2026-0001): 25.11.2026 at 17:37 Almaty time.
DETAINED = datetime.datetime(2026, 11, 25, 17, 37, tzinfo=ALMATY)
AFTER = "2026-11-26 06:00:00"  # UTC: the next morning, when custody is ordered


def step(file, actor, name, **data):
    return services.extradition_step(file=file, actor=actor, step=name, data=data)


def detain(personas, file, *, actor="kz_prosecutor", agency="kz_investigator", at=DETAINED):
    return step(
        file,
        personas[actor],
        "detain",
        detention_place="ИВС",
        detained_at=at,
        detaining_agency=Agency.objects.get(pk=personas[agency].agency_id),
    )


def clock(file, code) -> Deadline:
    return Deadline.objects.for_subject(file).get(rule__code=code)


def plain(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def held(personas, file):
    """EXT-KG: a KR case; the person detained in Kazakhstan at 17:37, custody ordered next day."""
    with freeze_time(AFTER):
        detain(personas, file)
        step(
            file,
            personas["kz_prosecutor"],
            "order_custody",
            custody_court="Медеуский районный суд г. Алматы",
            custody_ordered_on=datetime.date(2026, 11, 26),
        )
    return ExtraditionFile.objects.get(pk=file.pk)


def kz_file_requested_from_kg(personas, case) -> ExtraditionFile:
    """A KZ case whose suspect is sought from Kyrgyzstan: the detention happens in KR."""
    suspect = case.participants.get(role="suspect")
    return services.extradition_file_open(
        actor=personas["kz_investigator"],
        case=case,
        person=suspect,
        requested_state="KG",
        purpose="prosecution",
        requesting_articles=[kz_128()],
        requested_articles=[kg_166()],
        instruments=[Instrument.objects.get(short_name="KR–KZ Extradition Agreement")],
        notice_number="МР-РК-2026/0001",
    )


# --- Item 1: to the minute, from the moment the rule names ---------------------------------
def test_forty_sutki_end_at_the_minute_of_detention_forty_days_later(held):
    forty = clock(held, "detention-pending-extradition-request-40d")
    # 40 × 24 h after 17:37 Almaty on 25.11: 04.01.2027 17:37 Almaty, 12:37 UTC — not 23:59:59.
    assert forty.due_at == datetime.datetime(2027, 1, 4, 12, 37, tzinfo=UTC)
    assert forty.due_at.astimezone(ALMATY).strftime("%d.%m.%Y %H:%M") == "04.01.2027 17:37"
    assert forty.country == "KZ" and forty.kind == "custody_ordered"
    # Opened by the order of 26.11, counted from the detention: the rule says so, not the code.
    assert forty.rule.counted_from == "person_detained"
    assert forty.started_at == DETAINED
    assert forty.reminder_lead_hours and not forty.reminder_lead_days


def test_counted_from_comes_from_the_rule(personas, file):
    """Change the rule (count from the order itself) and the same step counts differently."""
    DeadlineRule.objects.filter(code="detention-pending-extradition-request-40d").update(
        counted_from=""
    )
    with freeze_time(AFTER):
        detain(personas, file)
        step(
            file,
            personas["kz_prosecutor"],
            "order_custody",
            custody_court="Суд",
            custody_ordered_on=datetime.date(2026, 11, 26),
        )
    forty = clock(file, "detention-pending-extradition-request-40d")
    ordered = datetime.datetime(2026, 11, 26, tzinfo=ALMATY)  # the order's day, at its start
    assert forty.started_at == ordered
    assert forty.due_at == ordered + datetime.timedelta(days=40)


def test_a_rule_counted_from_an_unknown_moment_refuses_to_guess(personas, file):
    DeadlineRule.objects.filter(code="surrender-takeover-15d").update(
        counted_from="person_detained"
    )
    kz = personas["kz_prosecutor"]
    today = timezone.now().astimezone(ALMATY).date()  # the detaining state's date
    step(file, kz, "receive_request", request_received_on=today)
    step(file, kz, "decide", decision="granted", decision_on=today)
    with pytest.raises(ValidationError, match="surrender-takeover-15d"):
        step(file, kz, "fix_surrender", surrender_on=today)
    assert not Deadline.objects.for_subject(file).exists()


def test_a_kg_user_sees_the_end_in_both_zones_and_utc(client, personas, held):
    client.force_login(personas["kg_prosecutor"])  # a Bishkek user
    with translation.override("ru"), freeze_time(AFTER):
        page = client.get(f"/extradition/{held.pk}/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    text = plain(page)
    assert "04.01.2027 17:37 (Алматы) · 04.01.2027 18:37 (Бишкек)" in text
    assert 'title="04.01.2027 12:37 UTC"' in page
    # The stage and the clock carry the rule's length, from the registry.
    assert "временное содержание под стражей (40 суток)" in text
    assert "(40 суток)" in text
    # The detention itself, too, in the detaining state's zone and the viewer's.
    assert "25.11.2026 17:37 (Алматы) · 25.11.2026 18:37 (Бишкек)" in text


def test_a_kz_user_sees_one_zone_only(client, personas, held):
    client.force_login(personas["kz_prosecutor"])
    with translation.override("ru"), freeze_time(AFTER):
        text = plain(client.get(f"/extradition/{held.pk}/").content.decode())
    assert "04.01.2027 17:37 (Алматы)" in text
    assert "(Бишкек)" not in text


def test_the_custody_dashboard_shows_both_zones_and_the_mark(client, personas, held):
    client.force_login(personas["kg_prosecutor"])
    with translation.override("ru"), freeze_time(AFTER):
        text = plain(client.get("/extradition/custody/").content.decode())
    # The earliest running custody clock: the 40 сутки (the detention's clocks were met).
    assert "04.01.2027 17:37 (Алматы) · 04.01.2027 18:37 (Бишкек)" in text
    assert "требует подтверждения" in text
    assert "временное содержание под стражей (40 суток)" in text


# --- Item 2: the 72-hour clock and its 60-hour companion ---------------------------------
def test_a_detention_in_kz_opens_the_72_and_60_hour_clocks(personas, file):
    with freeze_time(AFTER):
        detain(personas, file)
    hours_72 = clock(file, "kz-detention-72h")
    motion = clock(file, "kz-custody-motion-60h")
    assert hours_72.due_at.astimezone(ALMATY) == datetime.datetime(
        2026, 11, 28, 17, 37, tzinfo=ALMATY
    )
    assert motion.due_at.astimezone(ALMATY) == datetime.datetime(2026, 11, 28, 5, 37, tzinfo=ALMATY)
    assert motion.due_at == hours_72.due_at - datetime.timedelta(hours=12)
    assert {hours_72.kind, motion.kind} == {"person_detained"}
    assert "587" in hours_72.citation and "588" in motion.citation
    assert hours_72.confidence == motion.confidence == "V"
    assert motion.reminder_lead_hours and motion.reminder_lead_days == []


def test_the_motion_clock_reminds_at_hour_leads_and_never_after_it_ends(personas, file):
    with freeze_time(AFTER):
        detain(personas, file)
    motion = clock(file, "kz-custody-motion-60h")
    recipients = motion.responsible.count()
    points = dict(motion.reminder_points())
    assert list(points) == [f"lead-{h}h" for h in sorted(motion.reminder_lead_hours, reverse=True)]
    assert all(moment <= motion.due_at for moment in points.values())
    # Before the first lead: nothing. At each lead: one reminder per recipient, once.
    first = min(points.values())
    sweep.sweep(now=first - datetime.timedelta(minutes=1), dispatch=False)
    assert not Notification.objects.filter(deadline=motion).exists()
    for key, moment in points.items():
        sweep.sweep(now=moment, dispatch=False)
        sweep.sweep(now=moment + datetime.timedelta(minutes=5), dispatch=False)
        assert Notification.objects.filter(deadline=motion, kind=key).count() == recipients
    # The last reminder comes before the filing deadline (05:37), not at 09:00 that day.
    last = max(points.values())
    assert last < motion.due_at
    assert last.astimezone(ALMATY).time() == datetime.time(3, 37)
    # After the end: an escalation, no further reminder, and no day-clock "lead-0" at 09:00.
    sweep.sweep(now=motion.due_at + datetime.timedelta(hours=1), dispatch=False)
    kinds = set(Notification.objects.filter(deadline=motion).values_list("kind", flat=True))
    assert kinds - set(points) == {
        f"overdue-{(motion.due_at + datetime.timedelta(hours=1)).astimezone(ALMATY).date()}"
    }
    assert not any(k in kinds for k in ("lead-0", "lead-1"))


def test_ordering_custody_meets_both_detention_clocks(held):
    assert clock(held, "kz-detention-72h").state == "met"
    assert clock(held, "kz-custody-motion-60h").state == "met"


def test_a_late_motion_is_not_an_unlawful_custody(personas, file):
    with freeze_time(AFTER):
        detain(personas, file)
    motion = clock(file, "kz-custody-motion-60h")
    hours_72 = clock(file, "kz-detention-72h")
    between = motion.due_at + datetime.timedelta(hours=1)
    assert not services.custody_lapsed(file, now=between)
    assert services.custody_lapsed(file, now=hours_72.due_at + datetime.timedelta(minutes=1))


# --- Item 3: a rule applies only in the state whose law sets it ---------------------------
def test_rules_for_an_event_are_those_of_the_state_where_it_happened():
    in_kr = set(
        DeadlineRule.objects.for_trigger("person_detained", country="KG").values_list(
            "code", flat=True
        )
    )
    in_kz = set(
        DeadlineRule.objects.for_trigger("person_detained", country="KZ").values_list(
            "code", flat=True
        )
    )
    assert "kz-detention-72h" in in_kz and "kz-custody-motion-60h" in in_kz
    assert not {"kz-detention-72h", "kz-custody-motion-60h"} & in_kr
    assert "kg-detention-wanted-person" in in_kr and "kg-detention-wanted-person" not in in_kz
    # A treaty rule (no state's law) applies in both.
    both = DeadlineRule.objects.for_trigger("surrender_date_fixed", country="KG")
    assert both.filter(code="surrender-takeover-15d").exists()


def test_a_detention_in_kr_gets_the_kr_rule_marked_to_be_confirmed(
    client,
    personas,
    kz_case,  # noqa: F811
):
    file = kz_file_requested_from_kg(personas, kz_case)
    with freeze_time(AFTER):
        detain(personas, file, actor="kg_prosecutor", agency="kg_investigator")
    clocks = list(Deadline.objects.for_subject(file))
    assert [c.rule.code for c in clocks] == ["kg-detention-wanted-person"]
    assert not any(c.rule.country == "KZ" for c in clocks)
    kr = clocks[0]
    assert kr.country == "KG" and kr.confidence == "U"
    assert kr.due_at.astimezone(BISHKEK).tzinfo is not None
    client.force_login(personas["kg_prosecutor"])
    with translation.override("ru"), freeze_time(AFTER):
        text = plain(client.get(f"/extradition/{file.pk}/").content.decode())
    assert "Срок по УПК КР не подтверждён — подтвердите" in text
    assert "требует подтверждения" in text  # the clock's own mark
    assert "УПК РК" not in text


def test_custody_in_kr_without_a_rule_is_shown_and_reminded_once(
    client,
    personas,
    kz_case,  # noqa: F811
):
    file = kz_file_requested_from_kg(personas, kz_case)
    kg = personas["kg_prosecutor"]
    with freeze_time(AFTER):
        detain(personas, file, actor="kg_prosecutor", agency="kg_investigator")
        step(
            file,
            kg,
            "order_custody",
            custody_court="Первомайский районный суд г. Бишкек",
            custody_ordered_on=datetime.date(2026, 11, 26),
        )
    # No KR rule for custody pending the request; the KZ one is never borrowed.
    assert not Deadline.objects.for_subject(file).filter(kind="custody_ordered").exists()
    kind = f"rule-missing-custody_ordered-{file.pk}"
    notified = Notification.objects.filter(kind=kind)
    assert set(notified.values_list("recipient__username", flat=True)) == {
        "kg_prosecutor",
        "registry_admin",
    }
    assert notified.get(recipient=kg).url == f"/extradition/{file.pk}/"
    assert "не внесён в реестр" in notified.get(recipient=kg).title
    # Once: the same event reported again notifies nobody twice.
    deadline_rule_missing(
        subject=file,
        trigger="custody_ordered",
        country="KG",
        recipients=[kg],
        url=f"/extradition/{file.pk}/",
    )
    assert Notification.objects.filter(kind=kind).count() == 2
    client.force_login(kg)
    with translation.override("ru"), freeze_time(AFTER):
        text = plain(client.get(f"/extradition/{file.pk}/").content.decode())
    assert "Срок по УПК КР не внесён в реестр — подтвердите" in text


def test_a_switched_off_kr_rule_leaves_no_clock_but_a_warning(personas, kz_case):  # noqa: F811
    DeadlineRule.objects.filter(code="kg-detention-wanted-person").update(is_active=False)
    file = kz_file_requested_from_kg(personas, kz_case)
    with freeze_time(AFTER):
        detain(personas, file, actor="kg_prosecutor", agency="kg_investigator")
    assert not Deadline.objects.for_subject(file).exists()
    file.refresh_from_db()
    gaps = services.jurisdiction_gaps(file)
    assert [(g.trigger, g.missing) for g in gaps] == [("person_detained", True)]
    assert Notification.objects.filter(kind=f"rule-missing-person_detained-{file.pk}").exists()


# --- Item 4: the instrument that governs the pair of states on the date of the event --------
def test_the_custody_clock_cites_the_kz_cpc_and_the_governing_treaty_never_minsk(held):
    forty = clock(held, "detention-pending-extradition-request-40d")
    with translation.override("ru"):
        chisinau = Instrument.objects.get(short_name="Chisinau Convention")
        minsk = Instrument.objects.get(short_name="Minsk Convention")
        assert forty.citation.startswith("УПК РК, ст. 588 ч. 1 [V]")
        assert f"{chisinau.name}, " in forty.citation and forty.citation.endswith("[U]")
        for name in {minsk.name, minsk.short_name, "Минск"}:
            assert name not in forty.citation
    # The weakest mark: the treaty's article is not confirmed yet.
    assert forty.confidence == "U"


def test_once_an_admin_confirms_the_treaty_article_a_new_clock_is_verified(personas, kr_case):
    DeadlineRuleSource.objects.filter(
        rule__code="detention-pending-extradition-request-40d",
        provision__instrument__short_name="Chisinau Convention",
    ).update(confidence="V")
    file = open_file(personas, kr_case)
    with freeze_time(AFTER):
        detain(personas, file)
        step(
            file,
            personas["kz_prosecutor"],
            "order_custody",
            custody_court="Суд",
            custody_ordered_on=datetime.date(2026, 11, 26),
        )
    assert clock(file, "detention-pending-extradition-request-40d").confidence == "V"


def test_before_the_chisinau_convention_bound_both_states_minsk_governed():
    rule = DeadlineRule.objects.get(code="detention-pending-extradition-request-40d")
    with translation.override("ru"):
        minsk = Instrument.objects.get(short_name="Minsk Convention").name
        chisinau = Instrument.objects.get(short_name="Chisinau Convention").name
        then = [p.text for p in rule_citation(rule, ("KG", "KZ"), datetime.date(2003, 6, 1))]
        now = [p.text for p in rule_citation(rule, ("KG", "KZ"), datetime.date(2026, 11, 25))]
    assert any(minsk in part for part in then) and not any(chisinau in part for part in then)
    assert any(chisinau in part for part in now) and not any(minsk in part for part in now)


@pytest.mark.parametrize(
    ("code", "trigger"),
    [
        ("extradition-supplement-1m", "request_supplement"),
        ("surrender-takeover-15d", "fix_surrender"),
    ],
)
def test_the_other_extradition_clocks_cite_the_governing_treaty(personas, file, code, trigger):
    kz, kg = personas["kz_prosecutor"], personas["kg_prosecutor"]
    today = timezone.now().astimezone(ALMATY).date()  # the detaining state's date
    step(file, kz, "receive_request", request_received_on=today)
    if trigger == "fix_surrender":
        step(file, kz, "decide", decision="granted", decision_on=today)
        step(file, kz, "fix_surrender", surrender_on=today)
    else:
        step(file, kz, "request_supplement")
    opened = clock(file, code)
    with translation.override("ru"):
        assert opened.citation.startswith(opened.rule.citation)
        assert Instrument.objects.get(short_name="Minsk Convention").name not in opened.citation
    assert opened.rule.instrument.short_name == "Chisinau Convention"
    assert opened.confidence == "U"
    assert kg in opened.responsible.all()


def test_the_api_reports_each_clock_with_its_mark(personas, held):
    body = (
        api_as(personas["kg_prosecutor"])
        .get("/api/deadlines/", {"subject_type": "extradition.extraditionfile"})
        .json()
    )
    rows = body["results"] if isinstance(body, dict) else body
    marks = {row["title"]: row["confidence"] for row in rows if row["subject_id"] == str(held.pk)}
    assert "U" in marks.values() and "V" in marks.values()
