"""Extradition API: the same visibility rule, the same workflow table and its forms."""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from cases.models import Case, Participant
from cases.querysets import case_access_q
from core.api import PDFRenderer, StrictFieldsMixin, form_schema
from documents.serving import serve_document
from extradition import services
from extradition.choices import Purpose
from extradition.filters import ExtraditionFileFilter
from extradition.models import ExtraditionFile
from extradition.workflow import EXTRADITION_WORKFLOW, steps_of_row
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
        if not participant.is_protected:
            return participant.person.full_name
        shown = getattr(file, "person_shown", None)
        if shown is None:
            user = self.context["request"].user
            shown = (
                Case.objects.visible_to(user, "view_protected")
                .filter(pk=participant.case_id)
                .exists()
            )
        return participant.person.full_name if shown else participant.pseudonym

    def get_requesting_articles(self, file) -> list[str]:
        return [a.citation for a in services.articles_of(file, "requesting_articles")]

    def get_requested_articles(self, file) -> list[str]:
        return [a.citation for a in services.articles_of(file, "requested_articles")]

    def get_dual_criminality(self, file) -> dict:
        dual = services.dual_criminality(file, thresholds=self.context.get("thresholds"))
        return {"satisfied": dual.satisfied, "note": str(dual.note)}

    def get_custody_lapsed(self, file) -> bool:
        lapsed = getattr(file, "lapsed", None)
        return services.custody_lapsed(file) if lapsed is None else lapsed

    def get_allowed_steps(self, file) -> list[str]:
        if hasattr(file, f"may_{EXTRADITION_WORKFLOW.names()[0]}"):
            steps = steps_of_row(file)
        else:
            steps = EXTRADITION_WORKFLOW.allowed(self.context["request"].user, file)
        return [s.replace("_", "-") for s in steps]


STEP = OpenApiParameter(
    "step",
    str,
    OpenApiParameter.PATH,
    enum=[s.replace("_", "-") for s in EXTRADITION_WORKFLOW.names()],
)
# Each step's input, read from its form (the one definition of what it takes).
STEP_INPUT = {
    "anyOf": [
        {"title": name.replace("_", "-"), **form_schema(transition.form)}
        for name, transition in EXTRADITION_WORKFLOW.transitions.items()
    ]
}
DOCUMENT_KIND = OpenApiParameter(
    "kind", str, enum=[kind.replace("_", "-") for kind in services.DOCUMENTS]
)


class ExtraditionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ExtraditionSerializer
    filterset_class = ExtraditionFileFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ExtraditionFile.objects.none()
        user = self.request.user
        files = (
            ExtraditionFile.objects.visible_to(user)
            # N+1: the person's name on every row.
            .select_related("person__person")
            .annotate(
                # Per row, not per query: a lapsed custody clock, and whether a protected
                # person's name may be shown (the case's view_protected rule).
                lapsed=services.lapsed_custody(),
                person_shown=Exists(
                    Case.objects.filter(case_access_q(user, "view_protected")).filter(
                        pk=OuterRef("person__case_id")
                    )
                ),
            )
            .order_by("-created_at", "-id")
        )
        # The steps each row allows: the workflow's rules, one EXISTS per step.
        return EXTRADITION_WORKFLOW.annotate_allowed(files, user)

    def paginate_queryset(self, queryset):
        # A page's articles in two queries, each article built once (``attach_articles``).
        page = super().paginate_queryset(queryset)
        return services.attach_articles(page) if page is not None else None

    def get_serializer_context(self):
        # The registry's thresholds once per request, not once per row.
        return {**super().get_serializer_context(), "thresholds": services.extradition_thresholds()}

    @extend_schema(request=ExtraditionOpenSerializer, responses={201: ExtraditionSerializer})
    def create(self, request):
        serializer = ExtraditionOpenSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        file = services.extradition_file_open(actor=request.user, **serializer.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=file.pk)).data, status=201)

    @extend_schema(
        operation_id="extraditions_step",
        parameters=[STEP],
        request={"application/json": STEP_INPUT},
        responses={200: ExtraditionSerializer},
    )
    def step(self, request, pk=None, step=None):
        """Take a stage step: 403 for the wrong side, 409 when the stage (or a lapsed custody
        clock) does not allow it, 400 with field errors for bad or unknown fields."""
        file = get_object_or_404(ExtraditionFile.objects.visible_to(request.user), pk=pk)
        EXTRADITION_WORKFLOW.perform(file, step, request.user, request.data)
        return Response(self.get_serializer(self.get_queryset().get(pk=pk)).data)

    @extend_schema(parameters=[DOCUMENT_KIND], responses={(200, "application/pdf"): bytes})
    @action(detail=True, methods=["get"], renderer_classes=[JSONRenderer, PDFRenderer])
    def document(self, request, pk=None):
        """The file's document (``kind``): the frozen version once sent, a preview before."""
        file = get_object_or_404(
            ExtraditionFile.objects.visible_to(request.user).select_related("case"), pk=pk
        )
        kind = request.query_params.get("kind", "extradition-request").replace("-", "_")
        if kind not in services.DOCUMENTS:
            raise serializers.ValidationError({"kind": [_("Unknown document.")]})
        return serve_document(
            subject=file,
            kind=kind,
            actor=request.user,
            reference=file.reference,
            preview=lambda: services.extradition_document_render(file=file, kind=kind),
            scope=file.case,
            download=True,
        )
