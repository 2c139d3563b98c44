"""Persons API: compare two spellings, search persons, the cross-border check, access requests.

SECURITY: search shows a victim's identity only where the caller may see that case's victims
(``cases.persons``); the check answers country, agency and strength only, is rate-limited
(``cases.throttles``) and must name the case, the person and a reason; every check, request and
answer is audited (``cases.services``).
"""

from __future__ import annotations

import datetime

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Agency
from cases import services
from cases.choices import AccessLevel
from cases.models import AccessRequest, Case, Participant
from cases.persons import person_search
from cases.throttles import PersonCheckThrottle
from core.api import StrictFieldsMixin, error_responses

NAME_FIELDS = ("surname", "given_name", "patronymic", "birth_date", "document_number")
MAX_TEXT = 200


def clean_name_value(value, field: str):
    """A full-name string, or a mapping of the name's parts; anything else is a 400."""
    if isinstance(value, str):
        value = value.strip()
        if not value:
            raise ValidationError({field: [_("Give a name.")]})
        if len(value) > MAX_TEXT:
            raise ValidationError({field: [_("At most %(n)s characters.") % {"n": MAX_TEXT}]})
        return value
    if not isinstance(value, dict):
        raise ValidationError({field: [_("A full name, or an object of the name's parts.")]})
    unknown = sorted(set(value) - set(NAME_FIELDS))
    if unknown:
        raise ValidationError({field: {name: [_("Unknown field.")] for name in unknown}})
    cleaned = {}
    for name in NAME_FIELDS:
        part = value.get(name)
        if part in (None, ""):
            continue
        if not isinstance(part, str) or len(part) > MAX_TEXT:
            raise ValidationError({field: {name: [_("A text of at most 200 characters.")]}})
        if name == "birth_date":
            try:
                part = datetime.date.fromisoformat(part)
            except ValueError:
                raise ValidationError({field: {name: [_("A date as YYYY-MM-DD.")]}}) from None
        cleaned[name] = part
    if not (cleaned.get("surname") or cleaned.get("given_name")):
        raise ValidationError({field: [_("Give at least a surname or a given name.")]})
    return cleaned


_NAME_SCHEMA = {
    "oneOf": [
        {"type": "string", "example": "Мамытова Айзада Бакытовна"},
        {
            "type": "object",
            "properties": {
                "surname": {"type": "string"},
                "given_name": {"type": "string"},
                "patronymic": {"type": "string"},
                "birth_date": {"type": "string", "format": "date"},
                "document_number": {"type": "string"},
            },
            "additionalProperties": False,
        },
    ]
}


_COMPARE_SCHEMA = {
    "type": "object",
    "properties": {"a": _NAME_SCHEMA, "b": _NAME_SCHEMA},
    "required": ["a", "b"],
}


class NameField(serializers.JSONField):
    """A full name as typed, or its parts."""


class CompareSerializer(StrictFieldsMixin, serializers.Serializer):
    a = NameField()
    b = NameField()


class MatchSerializer(serializers.Serializer):
    score = serializers.FloatField()
    same_person = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.CharField())


class PersonCompareView(APIView):
    """Compare two records of a person: reads nothing from the database (no throttle)."""

    @extend_schema(
        operation_id="persons_compare",
        request={"application/json": _COMPARE_SCHEMA},
        responses={200: MatchSerializer},
        description="Each side is a full name (any script, any spelling) or its parts. "
        "`same_person` is `score >= PERSON_MATCH_THRESHOLD`.",
    )
    def post(self, request):
        from django.conf import settings

        from matching import compare

        serializer = CompareSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        a = clean_name_value(serializer.validated_data["a"], "a")
        b = clean_name_value(serializer.validated_data["b"], "b")
        match = compare(a, b, threshold=settings.PERSON_MATCH_THRESHOLD)
        return Response(
            {
                "score": round(float(match.score), 4),
                "same_person": bool(match.same_person),
                "reasons": [str(r) for r in match.reasons],
            }
        )


class FoundCaseSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="case.id")
    reference = serializers.CharField(source="case.reference")
    country = serializers.CharField(source="case.country")
    role = serializers.CharField()


class FoundPersonSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="person.pk")
    name = serializers.CharField(source="person.full_name")
    latin_name = serializers.CharField(source="person.latin_name")
    birth_date = serializers.DateField(source="person.birth_date", allow_null=True)
    score = serializers.FloatField()
    same_person = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.CharField())
    cases = FoundCaseSerializer(source="participations", many=True)


def found_persons(user, query, where: str, **kwargs):
    """Search, and log each victim whose identity is shown (as every page showing one does)."""
    found = person_search(user, query, **kwargs)
    victims = [p for f in found for p in f.participations if p.is_protected]
    if victims:
        services.protected_view_record(actor=user, participants=victims, where=where)
    return found


class PersonSearchView(APIView):
    """Persons the caller may see, best match first."""

    @extend_schema(
        operation_id="persons_search",
        parameters=[OpenApiParameter("q", str, required=True, description="Any spelling")],
        responses={200: FoundPersonSerializer(many=True)},
    )
    def get(self, request):
        query = (request.query_params.get("q") or "").strip()
        if len(query) < 2 or len(query) > MAX_TEXT:
            raise ValidationError({"q": [_("Type 2 to 200 characters of a name.")]})
        found = found_persons(request.user, query, "api persons search")
        return Response(FoundPersonSerializer(found, many=True).data)


class CheckSerializer(StrictFieldsMixin, serializers.Serializer):
    case = serializers.IntegerField()
    participant = serializers.IntegerField()
    reason = serializers.CharField(max_length=500)


class HitSerializer(serializers.Serializer):
    country = serializers.CharField()
    agency_id = serializers.IntegerField()
    agency = serializers.CharField()
    strength = serializers.ChoiceField(choices=["probable"])


def own_participant(user, case_id: int, participant_id: int) -> Participant:
    """A person of a case the user sees (404 otherwise); the service then wants "change"."""
    case = get_object_or_404(Case.objects.visible_to(user), pk=case_id)
    return get_object_or_404(
        Participant.objects.select_related("person", "case"), pk=participant_id, case=case
    )


class PersonCheckView(APIView):
    """The cross-border check of a person of one of the caller's own cases."""

    throttle_classes = [PersonCheckThrottle]

    @extend_schema(
        operation_id="persons_check",
        request=CheckSerializer,
        responses={
            200: inline_serializer("CheckResult", {"hits": HitSerializer(many=True)}),
            # 404: the person or the case named in the body is not the caller's to see.
            **error_responses(404, 429),
        },
        description="Whether probable matches of the person exist in cases the caller may not "
        "see: country, agency and strength only. Names the case and a reason; rate-limited "
        "(PERSON_CHECK_RATE); audited.",
    )
    def post(self, request):
        serializer = CheckSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        participant = own_participant(request.user, data["case"], data["participant"])
        check = services.person_check(
            participant=participant, actor=request.user, reason=data["reason"]
        )
        return Response({"hits": check.hits})


class AccessRequestSerializer(serializers.ModelSerializer):
    case = serializers.CharField(source="case.reference", read_only=True)
    requested_by = serializers.CharField(source="requested_by.display_name", read_only=True)
    agency = serializers.CharField(source="target_agency.name", read_only=True)
    country = serializers.CharField(source="target_agency.country", read_only=True)
    target_case = serializers.SerializerMethodField()

    class Meta:
        model = AccessRequest
        fields = [
            "id",
            "case",
            "participant",
            "requested_by",
            "country",
            "agency",
            "target_case",
            "reason",
            "status",
            "answer_reason",
            "answered_at",
            "created_at",
        ]

    def get_target_case(self, obj) -> int | None:
        # SECURITY: the case is named only to those who may see it (its own agency, or the
        # requester once it is shared).
        visible = self.context.get("visible_cases", set())
        return obj.target_case_id if obj.target_case_id in visible else None


class AccessRequestCreateSerializer(StrictFieldsMixin, serializers.Serializer):
    case = serializers.IntegerField()
    participant = serializers.IntegerField()
    agency = serializers.IntegerField()
    reason = serializers.CharField(max_length=1000)


class AnswerSerializer(StrictFieldsMixin, serializers.Serializer):
    reason = serializers.CharField(max_length=1000, required=False, allow_blank=True)
    levels = serializers.ListField(
        child=serializers.ChoiceField(choices=AccessLevel.choices), required=False
    )


class AccessRequestViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Requests for access after a cross-border check: the caller's own, and (coordinators) those
    to their agency. Answering "share" grants the case to the requester."""

    serializer_class = AccessRequestSerializer
    pagination_class = None

    def get_queryset(self):
        return (
            AccessRequest.objects.visible_to(self.request.user)
            .select_related("case", "requested_by", "target_agency")
            .order_by("-created_at", "-id")[:200]
            if self.action == "list"
            else AccessRequest.objects.visible_to(self.request.user).select_related(
                "case", "requested_by", "target_agency", "target_case"
            )
        )

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "visible_cases": self._visible_cases()}

    def _visible_cases(self) -> set[int]:
        rows = AccessRequest.objects.visible_to(self.request.user).values_list(
            "target_case_id", flat=True
        )
        return set(
            Case.objects.visible_to(self.request.user)
            .filter(pk__in=rows)
            .values_list("pk", flat=True)
        )

    @extend_schema(
        request=AccessRequestCreateSerializer,
        # 404: the check, case or person named in the body is not the caller's to see.
        responses={201: AccessRequestSerializer, **error_responses(404)},
    )
    def create(self, request):
        serializer = AccessRequestCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        participant = own_participant(request.user, data["case"], data["participant"])
        agency = Agency.objects.filter(pk=data["agency"]).first()
        if agency is None:
            raise ValidationError({"agency": [_("No such agency.")]})
        created = services.access_request_create(
            participant=participant, actor=request.user, agency=agency, reason=data["reason"]
        )
        return Response(
            AccessRequestSerializer(created, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    def _answer(self, request, pk, share: bool):
        access_request = get_object_or_404(self.get_queryset(), pk=pk)
        serializer = AnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        answered = services.access_request_answer(
            access_request=access_request,
            actor=request.user,
            share=share,
            reason=data.get("reason", ""),
            levels=data.get("levels") or [AccessLevel.VIEW],
        )
        return Response(
            AccessRequestSerializer(answered, context=self.get_serializer_context()).data
        )

    @extend_schema(request=AnswerSerializer, responses={200: AccessRequestSerializer})
    @action(detail=True, methods=["post"])
    def share(self, request, pk=None):
        return self._answer(request, pk, share=True)

    @extend_schema(request=AnswerSerializer, responses={200: AccessRequestSerializer})
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        return self._answer(request, pk, share=False)
