"""Kinds of assistance in the API: the codes a request's actions name, with the instruments and
articles that provide each. Read for every signed-in user; registry administrators create and
correct kinds (no DELETE: requests keep naming a kind by its code — deactivate it instead)."""

from __future__ import annotations

from django.db.models import Prefetch
from rest_framework import serializers

from core.api import StrictFieldsMixin
from treaties.api.views import _RegistryViewSet
from treaties.models import AssistanceKind, InstrumentAssistance


class ProvidedBySerializer(serializers.ModelSerializer):
    instrument_name = serializers.CharField(source="instrument.name", read_only=True)
    # None when the link names no provision. Methods, not fields with a default: DRF leaves a
    # field's default out of a partial (PATCH) answer, and the schema says they are always there.
    article = serializers.SerializerMethodField()
    citation = serializers.SerializerMethodField()

    class Meta:
        model = InstrumentAssistance
        fields = [
            "instrument",
            "instrument_name",
            "provision",
            "article",
            "citation",
            "source",
            "confidence",
        ]
        read_only_fields = fields

    def get_article(self, link) -> str | None:
        return link.provision.article if link.provision_id else None

    def get_citation(self, link) -> str | None:
        return link.provision.citation if link.provision_id else None


class AssistanceKindSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    provided_by = ProvidedBySerializer(many=True, read_only=True)

    class Meta:
        model = AssistanceKind
        fields = [
            "id",
            "code",
            "name",
            "name_ru",
            "name_en",
            "order",
            "is_active",
            "provided_by",
            "source",
            "confidence",
        ]


class AssistanceKindViewSet(_RegistryViewSet):
    """The codes `actions[].kind` of /api/mla-requests/ accepts: the active kinds."""

    serializer_class = AssistanceKindSerializer
    filterset_fields = ["is_active", "confidence"]
    # The instruments and articles of a whole page in one more query.
    queryset = AssistanceKind.objects.prefetch_related(
        Prefetch(
            "provided_by",
            queryset=InstrumentAssistance.objects.select_related("instrument", "provision"),
        )
    )
