from __future__ import annotations

from rest_framework import serializers

from core.api import StrictFieldsMixin
from treaties.models import (
    CriminalArticle,
    CriminalCode,
    DeadlineRule,
    Instrument,
    InstrumentParty,
    Provision,
    RefusalGround,
    RequiredElement,
)

SOURCED = ["source", "confidence"]


class PartySerializer(StrictFieldsMixin, serializers.ModelSerializer):
    class Meta:
        model = InstrumentParty
        fields = [
            "id",
            "instrument",
            "country",
            "status",
            "signed_on",
            "signed_source",
            "signed_confidence",
            "ratified_on",
            "ratified_source",
            "ratified_confidence",
            "ratification_act",
            "deposited_on",
            "deposited_source",
            "deposited_confidence",
            "in_force_since",
            "in_force_source",
            "in_force_confidence",
            "competent_authority_ru",
            "competent_authority_en",
            "reservations",
            *SOURCED,
        ]


class ProvisionSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    class Meta:
        model = Provision
        fields = ["id", "instrument", "article", "subject", "summary", "text", *SOURCED]


class DeadlineRuleSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    reminder_lead_days = serializers.ListField(
        child=serializers.IntegerField(min_value=0, max_value=366), max_length=20, required=False
    )
    reminder_lead_hours = serializers.ListField(
        child=serializers.IntegerField(min_value=0, max_value=8784), max_length=20, required=False
    )

    class Meta:
        model = DeadlineRule
        fields = [
            "id",
            "code",
            "name_ru",
            "name_en",
            "instrument",
            "provision",
            "citation",
            "citation_en",
            "trigger",
            "counted_from",
            "country",
            "length",
            "unit",
            "day_kind",
            "jurisdiction",
            "reminder_lead_days",
            "reminder_lead_hours",
            "is_practice",
            "is_active",
            "description",
            *SOURCED,
        ]


class RequiredElementSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    class Meta:
        model = RequiredElement
        fields = [
            "id",
            "instrument",
            "provision",
            "request_kind",
            "code",
            "label_ru",
            "label_en",
            "check_kind",
            "supplied_by",
            "order",
            *SOURCED,
        ]


class RefusalGroundSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    class Meta:
        model = RefusalGround
        fields = [
            "id",
            "instrument",
            "provision",
            "request_kind",
            "code",
            "text_ru",
            "text_en",
            "is_mandatory",
            "order",
            *SOURCED,
        ]


INSTRUMENT_FIELDS = [
    "id",
    "short_name",
    "name_ru",
    "name_en",
    "title_ru",
    "title_en",
    "citation_ru",
    "citation_en",
    "kind",
    "place_adopted",
    "adopted_on",
    "place_signed",
    "date_signed",
    "in_force_date",
    "amends",
    "channel_ru",
    "channel_en",
    "is_legal_basis",
    "covers_mla",
    "covers_extradition",
    "precedence",
    "superseded_by",
    "notes",
    *SOURCED,
]


class InstrumentSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    """An instrument with everything the registry holds under it (children are read-only here;
    they are written through their own endpoints)."""

    parties = PartySerializer(many=True, read_only=True)
    provisions = ProvisionSerializer(many=True, read_only=True)
    deadline_rules = DeadlineRuleSerializer(many=True, read_only=True)
    required_elements = RequiredElementSerializer(many=True, read_only=True)
    refusal_grounds = RefusalGroundSerializer(many=True, read_only=True)

    class Meta:
        model = Instrument
        fields = [
            *INSTRUMENT_FIELDS,
            "parties",
            "provisions",
            "deadline_rules",
            "required_elements",
            "refusal_grounds",
        ]


class CriminalCodeSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    class Meta:
        model = CriminalCode
        fields = [
            "id",
            "country",
            "short_name",
            "short_name_en",
            "name_ru",
            "name_en",
            "act",
            "in_force_from",
            "in_force_to",
            *SOURCED,
        ]


class CriminalArticleSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    country = serializers.CharField(source="code.country", read_only=True)
    # The edition's short name in the request's language, as the citation beside it.
    code_name = serializers.CharField(source="code.shown_short_name", read_only=True)
    citation = serializers.CharField(read_only=True)

    class Meta:
        model = CriminalArticle
        fields = [
            "id",
            "code",
            "code_name",
            "country",
            "article",
            "part",
            "clause",
            "citation",
            "title_ru",
            "title_en",
            "category",
            "text",
            "min_imprisonment_months",
            "max_imprisonment_months",
            "sanction_ru",
            "sanction_en",
            "sanction_source",
            "sanction_confidence",
            "corresponding",
            "is_active",
            *SOURCED,
        ]
