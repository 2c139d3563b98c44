"""The seeded registry (migration 0002_seed_registry) holds the facts the portal relies on."""

import pytest

from treaties.models import (
    DeadlineRule,
    Instrument,
    InstrumentParty,
    Provision,
    RefusalGround,
    RequiredElement,
)

pytestmark = pytest.mark.django_db

SEEDED_INSTRUMENTS = [
    "Convention 1950",
    "UNTOC",
    "Trafficking Protocol",
    "Smuggling Protocol",
    "Minsk Convention",
    "Chisinau Convention",
    "KR–KZ MLA Treaty",
    "KR–KZ Extradition Agreement",
    "CIS Trafficking Agreement",
    "CIS Programme 2007–2010",
]

REGISTRY_MODELS = [
    Instrument,
    InstrumentParty,
    Provision,
    DeadlineRule,
    RequiredElement,
    RefusalGround,
]


def test_every_domain_instrument_is_seeded():
    seeded = set(Instrument.objects.values_list("short_name", flat=True))
    assert set(SEEDED_INSTRUMENTS) <= seeded


@pytest.mark.parametrize("short_name", SEEDED_INSTRUMENTS)
def test_each_instrument_has_a_kg_and_a_kz_party(short_name):
    countries = set(
        InstrumentParty.objects.filter(instrument__short_name=short_name).values_list(
            "country", flat=True
        )
    )
    assert countries == {"KG", "KZ"}


@pytest.mark.parametrize(
    ("code", "trigger", "length", "unit", "jurisdiction", "confidence"),
    [
        ("kz-detention-72h", "person_detained", 72, "hours", "detaining_state", "V"),
        (
            "detention-pending-extradition-request-40d",
            "custody_ordered",
            40,
            "full_days",
            "detaining_state",
            "V",
        ),
        ("kz-custody-motion-60h", "person_detained", 60, "hours", "detaining_state", "V"),
        ("kg-detention-wanted-person", "person_detained", 48, "hours", "detaining_state", "U"),
        (
            "extradition-supplement-1m",
            "extradition_supplement_requested",
            1,
            "months",
            "requesting_state",
            "U",
        ),
        ("surrender-takeover-15d", "surrender_date_fixed", 15, "days", "detaining_state", "U"),
        ("mla-execution-target", "mla_sent", 30, "set_by_party", "requested_state", "V"),
        (
            "mla-supplement-target",
            "mla_returned_for_supplement",
            30,
            "days",
            "requesting_state",
            "U",
        ),
        ("jit-agreement-end", "jit_agreement_signed", 1, "set_by_party", "case_country", "V"),
        ("jit-task-due", "task_assigned", 1, "set_by_party", "case_country", "U"),
    ],
)
def test_deadline_rule(code, trigger, length, unit, jurisdiction, confidence):
    rule = DeadlineRule.objects.get(code=code)
    assert rule.trigger == trigger
    assert rule.length == length
    assert rule.unit == unit
    assert rule.jurisdiction == jurisdiction
    assert rule.confidence == confidence
    assert rule.day_kind == "calendar"
    assert rule.is_active


def test_practice_targets_are_marked_as_practice():
    practice = set(DeadlineRule.objects.filter(is_practice=True).values_list("code", flat=True))
    # Targets agreed in practice, not set by law: the MLA execution and supplement targets, the
    # answer to an urgent information message, the reminders before a coordinated operation.
    assert {"mla-execution-target", "mla-supplement-target"} <= practice
    assert practice <= {
        "mla-execution-target",
        "mla-supplement-target",
        "exchange-urgent-response",
        "coordinated-operation-d-day",
    }


def test_detention_clocks_remind_hours_before_their_end():
    # Hour and сутки clocks remind hours before the end, never "at 09:00 on the day".
    for code in (
        "kz-detention-72h",
        "kz-custody-motion-60h",
        "detention-pending-extradition-request-40d",
        "kg-detention-wanted-person",
    ):
        assert DeadlineRule.objects.get(code=code).reminder_lead_hours, code


def test_each_detention_rule_belongs_to_the_state_whose_law_sets_it():
    countries = dict(
        DeadlineRule.objects.filter(trigger__in=["person_detained", "custody_ordered"]).values_list(
            "code", "country"
        )
    )
    assert countries["kz-detention-72h"] == countries["kz-custody-motion-60h"] == "KZ"
    assert countries["detention-pending-extradition-request-40d"] == "KZ"
    assert countries["kg-detention-wanted-person"] == "KG"
    treaty = DeadlineRule.objects.filter(
        code__in=["extradition-supplement-1m", "surrender-takeover-15d"]
    )
    assert set(treaty.values_list("country", flat=True)) == {""}


def test_forty_day_rule_cites_the_kz_cpc_and_keeps_minsk_only_as_history():
    rule = DeadlineRule.objects.select_related("instrument", "provision").get(
        code="detention-pending-extradition-request-40d"
    )
    assert (rule.instrument.short_name, rule.provision.article) == ("УПК РК", "588(1)")
    assert rule.counted_from == "person_detained"
    sources = {
        s.provision.instrument.short_name: (s.provision.article, s.confidence)
        for s in rule.sources.select_related("provision__instrument")
    }
    assert sources["Chisinau Convention"][1] == "U"  # until a registry admin confirms it
    assert sources["Minsk Convention"] == ("62", "V")  # history: superseded between KR and KZ


@pytest.mark.parametrize(
    ("code", "minsk_article"),
    [("extradition-supplement-1m", "59"), ("surrender-takeover-15d", "64")],
)
def test_extradition_rules_rest_on_the_chisinau_convention(code, minsk_article):
    rule = DeadlineRule.objects.select_related("instrument").get(code=code)
    assert rule.instrument.short_name == "Chisinau Convention"
    assert rule.confidence == "U"
    assert rule.sources.filter(
        provision__instrument__short_name="Minsk Convention", provision__article=minsk_article
    ).exists()


def test_rule_provision_belongs_to_rule_instrument():
    rules = DeadlineRule.objects.filter(provision__isnull=False).select_related("provision")
    assert rules.exists()
    for rule in rules:
        assert rule.provision.instrument_id == rule.instrument_id, rule.code


@pytest.mark.parametrize("model", REGISTRY_MODELS, ids=lambda m: m.__name__)
def test_every_row_has_a_source_and_a_confidence(model):
    rows = list(model.objects.all())
    assert rows
    for row in rows:
        assert row.source.strip(), f"{model.__name__} {row.pk} has no source"
        assert row.confidence in {"V", "L", "U"}, f"{model.__name__} {row.pk}"


@pytest.mark.parametrize("model", [RequiredElement, RefusalGround], ids=lambda m: m.__name__)
def test_element_and_ground_provisions_belong_to_their_instrument(model):
    for row in model.objects.filter(provision__isnull=False).select_related("provision"):
        assert row.provision.instrument_id == row.instrument_id, row.code


def test_chisinau_mla_elements_cover_article_7():
    checks = set(
        RequiredElement.objects.filter(
            instrument__short_name="Chisinau Convention", request_kind="mla"
        ).values_list("check_kind", flat=True)
    )
    for needed in (
        "requested_authority",
        "requesting_authority",
        "case_name_and_number",
        "persons_identified",
        "confidentiality",
        "qualification_text",
    ):
        assert needed in checks
    assert checks & {"facts", "actions_requested"}


def test_chisinau_mla_elements_cite_article_7_and_are_verified():
    elements = RequiredElement.objects.filter(
        instrument__short_name="Chisinau Convention", request_kind="mla"
    ).select_related("provision")
    assert elements.exists()
    for element in elements:
        assert element.provision.article == "7"
        assert element.confidence == "V"


def test_own_national_is_a_mandatory_extradition_refusal_ground():
    grounds = RefusalGround.objects.filter(code="own-national", request_kind="extradition")
    assert grounds.filter(instrument__short_name="KR–KZ Extradition Agreement").exists()
    assert all(ground.is_mandatory for ground in grounds)


def test_minsk_is_superseded_by_chisinau():
    minsk = Instrument.objects.select_related("superseded_by").get(short_name="Minsk Convention")
    assert minsk.superseded_by is not None
    assert minsk.superseded_by.short_name == "Chisinau Convention"


def test_cis_programme_is_not_a_legal_basis():
    programme = Instrument.objects.get(short_name="CIS Programme 2007–2010")
    assert not programme.is_legal_basis
    assert programme not in Instrument.objects.legal_bases()


def test_bilateral_instruments_apply_first():
    ordered = list(
        Instrument.objects.filter(short_name__in=SEEDED_INSTRUMENTS)
        .order_by("precedence")
        .values_list("short_name", flat=True)
    )
    assert set(ordered[:2]) == {"KR–KZ MLA Treaty", "KR–KZ Extradition Agreement"}
    assert ordered.index("Chisinau Convention") < ordered.index("Minsk Convention")
    assert ordered.index("Minsk Convention") < ordered.index("UNTOC")


def test_kz_ratification_of_chisinau():
    party = InstrumentParty.objects.get(instrument__short_name="Chisinau Convention", country="KZ")
    assert str(party.ratified_on) == "2004-03-10"
    assert "531" in party.ratification_act
