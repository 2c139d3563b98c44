"""Extradition API: the same visibility rule, the same steps and their validation."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.response import Response

from cases.models import Case, Participant
from core.api import StrictFieldsMixin
from extradition import services
from extradition.choices import Purpose
from extradition.forms import StepForm
from extradition.models import ExtraditionFile
from treaties.models import CriminalArticle, Instrument


class ExtraditionOpenSerializer(StrictFieldsMixin, serializers.Serializer):
    case = serializers.PrimaryKeyRelatedField(queryset=Case.objects.none())
    person = serializers.PrimaryKeyRelatedField(queryset=Participant.objects.none())
    requested_state = serializers.ChoiceField(choices=["KG", "KZ"])
    purpose = serializers.ChoiceField(choices=Purpose.choices)
    requesting_articles = serializers.PrimaryKeyRelatedField(
        queryset=CriminalArticle.objects.all(), many=True
    )
    requested_articles = serializers.PrimaryKeyRelatedField(
        queryset=CriminalArticle.objects.all(), many=True, required=False, default=list
    )
    instruments = serializers.PrimaryKeyRelatedField(
        queryset=Instrument.objects.legal_bases(for_extradition=True), many=True
    )
    notice_number = serializers.CharField(
        max_length=60, required=False, allow_blank=True, default=""
    )
    sentence_imposed_months = serializers.IntegerField(
        min_value=1,
        max_value=600,
        required=False,
        allow_null=True,
        default=None,
        help_text="For enforcement (required then): the term of imprisonment the judgment imposed.",
    )
    remaining_sentence_months = serializers.IntegerField(
        min_value=0,
        max_value=600,
        required=False,
        allow_null=True,
        default=None,
        help_text="For enforcement (optional): the time left to serve.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["case"].queryset = Case.objects.visible_to(request.user)
            self.fields["person"].queryset = Participant.objects.visible_to(request.user)


class ExtraditionSerializer(serializers.ModelSerializer):
    person = serializers.SerializerMethodField()
    requesting_articles = serializers.SerializerMethodField()
    requested_articles = serializers.SerializerMethodField()
    dual_criminality = serializers.SerializerMethodField()
    custody_lapsed = serializers.SerializerMethodField()
    allowed_steps = serializers.SerializerMethodField()

    class Meta:
        model = ExtraditionFile
        fields = [
            "id",
            "reference",
            "stage",
            "person",
            "requesting_state",
            "requested_state",
            "purpose",
            "citizenships",
            "notice_number",
            "requesting_articles",
            "requested_articles",
            "sentence_imposed_months",
            "remaining_sentence_months",
            "dual_criminality",
            "detention_place",
            "detained_at",
            "custody_ordered_on",
            "request_received_on",
            "decision_on",
            "surrender_on",
            "surrendered_on",
            "release_reason",
            "custody_lapsed",
            "allowed_steps",
        ]

    def get_person(self, file) -> str:
        participant = file.person
        user = self.context["request"].user
        if (
            participant.is_protected
            and not Case.objects.visible_to(user, "view_protected")
            .filter(pk=participant.case_id)
            .exists()
        ):
            return participant.pseudonym
        return participant.person.full_name

    def get_requesting_articles(self, file) -> list[str]:
        return [a.citation for a in file.requesting_articles.all()]

    def get_requested_articles(self, file) -> list[str]:
        return [a.citation for a in file.requested_articles.all()]

    def get_dual_criminality(self, file) -> dict:
        dual = services.dual_criminality(file)
        return {"satisfied": dual.satisfied, "note": str(dual.note)}

    def get_custody_lapsed(self, file) -> bool:
        return services.custody_lapsed(file)

    def get_allowed_steps(self, file) -> list[str]:
        return [
            s.replace("_", "-") for s in services.allowed_steps(self.context["request"].user, file)
        ]


STEP = OpenApiParameter(
    "step", str, OpenApiParameter.PATH, enum=[s.replace("_", "-") for s in services.STEPS]
)


class ExtraditionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ExtraditionSerializer
    filterset_fields = ["stage", "requested_state", "requesting_state", "purpose"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ExtraditionFile.objects.none()
        return (
            ExtraditionFile.objects.visible_to(self.request.user)
            .select_related("person__person")
            .prefetch_related("requesting_articles__code", "requested_articles__code")
            .order_by("-created_at", "-id")
        )

    @extend_schema(request=ExtraditionOpenSerializer, responses={201: ExtraditionSerializer})
    def create(self, request):
        serializer = ExtraditionOpenSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        file = services.extradition_file_open(actor=request.user, **serializer.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=file.pk)).data, status=201)

    @extend_schema(
        operation_id="extraditions_step",
        parameters=[STEP],
        request={"application/json": {"type": "object"}},
        responses={200: ExtraditionSerializer},
    )
    def step(self, request, pk=None, step=None):
        """Take a stage step: 403 for the wrong side, 409 when the stage (or a lapsed custody
        clock) does not allow it, 400 with field errors for bad data."""
        file = get_object_or_404(self.get_queryset(), pk=pk)
        form = StepForm(request.data, step=step, file=file)
        unknown = (
            sorted(set(request.data) - set(form.fields)) if hasattr(request.data, "keys") else []
        )
        if unknown:
            raise ValidationError({name: [_("Unknown field for this step.")] for name in unknown})
        if not form.is_valid():
            raise ValidationError(form.errors.as_data())
        services.extradition_step(file=file, actor=request.user, step=step, data=form.cleaned_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=pk)).data)
