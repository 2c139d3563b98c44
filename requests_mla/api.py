"""Requests API: the same visibility rule, services, steps and pseudonyms as the pages."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from accounts.models import Agency
from cases.models import Case, Participant
from core.api import PDFRenderer, StrictFieldsMixin, form_schema
from documents.serving import serve_document
from requests_mla import services
from requests_mla.documents import DOCUMENT_KINDS
from requests_mla.filters import RequestFilter
from requests_mla.models import MLARequest
from requests_mla.presenters import action_views
from requests_mla.views import request_detail_queryset
from requests_mla.workflow import MLA_WORKFLOW, allowed_steps, api_step_name
from treaties.models import AssistanceKind, CriminalArticle, Instrument, Provision, RequiredElement


@extend_schema_field(OpenApiTypes.INT)
class VisibleParticipantField(serializers.PrimaryKeyRelatedField):
    """A participant of a case the user sees (SECURITY: no probing of other cases' ids)."""

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return Participant.objects.none()
        return Participant.objects.visible_to(request.user)


class AssistanceKindField(serializers.CharField):
    """A code of the registry's kinds of assistance (GET /api/assistance-kinds/): an active
    kind, or one the request already names. Anything else is a 400 on this field."""

    default_error_messages = {
        "unknown": _(
            "Unknown kind of assistance “{code}”: use a code listed by /api/assistance-kinds/."
        )
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 50)
        kwargs.setdefault(
            "help_text",
            "A code of an active kind of assistance; the registry lists them with their names, "
            "instruments and articles at GET /api/assistance-kinds/?is_active=true.",
        )
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        code = super().to_internal_value(data)
        request = getattr(self.root, "instance", None)
        # The kinds the request already names stay valid even if deactivated since.
        keep = request.actions.values_list("kind", flat=True) if request is not None else ()
        if not AssistanceKind.objects.offered(keep=keep).filter(code=code).exists():
            self.fail("unknown", code=code)
        return code


class ActionInputSerializer(StrictFieldsMixin, serializers.Serializer):
    kind = AssistanceKindField()
    details = serializers.CharField(max_length=20000)
    places = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    questions = serializers.CharField(
        max_length=20000, required=False, allow_blank=True, default=""
    )
    persons = VisibleParticipantField(many=True, required=False, default=list)
    disclosed = VisibleParticipantField(many=True, required=False, default=list)


DRAFT_FIELDS = services.DRAFT_FIELDS


class MLARequestWriteSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    case = serializers.PrimaryKeyRelatedField(queryset=Case.objects.none(), required=False)
    requesting_agency = serializers.PrimaryKeyRelatedField(queryset=Agency.objects.all())
    requested_agency = serializers.PrimaryKeyRelatedField(queryset=Agency.objects.all())
    instruments = serializers.PrimaryKeyRelatedField(
        queryset=Instrument.objects.legal_bases(for_mla=True), many=True
    )
    provisions = serializers.PrimaryKeyRelatedField(
        queryset=Provision.objects.all(), many=True, required=False
    )
    articles = serializers.PrimaryKeyRelatedField(
        queryset=CriminalArticle.objects.all(), many=True, required=False
    )
    confirmed_elements = serializers.PrimaryKeyRelatedField(
        queryset=RequiredElement.objects.all(), many=True, required=False
    )
    actions = ActionInputSerializer(many=True, required=False)
    version = serializers.IntegerField(required=False, min_value=1)

    class Meta:
        model = MLARequest
        fields = [
            "case",
            *DRAFT_FIELDS,
            "instruments",
            "provisions",
            "articles",
            "confirmed_elements",
            "actions",
            "version",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["case"].queryset = Case.objects.visible_to(request.user, "change")

    def split(self) -> tuple[dict, dict]:
        data = dict(self.validated_data)
        relations = {
            name: data.pop(name)
            for name in ("instruments", "provisions", "articles", "confirmed_elements")
            if name in data
        }
        if "actions" in data:
            relations["actions"] = data.pop("actions")
        fields = {name: data[name] for name in DRAFT_FIELDS if name in data}
        return fields, relations


class MLARequestListSerializer(serializers.ModelSerializer):
    requesting_agency = serializers.CharField(source="requesting_agency.name_ru")
    requested_agency = serializers.CharField(source="requested_agency.name_ru")
    case_reference = serializers.SerializerMethodField()
    direction = serializers.SerializerMethodField()
    allowed_transitions = serializers.SerializerMethodField()

    class Meta:
        model = MLARequest
        fields = [
            "id",
            "reference",
            "request_type",
            "status",
            "direction",
            "case_reference",
            "requesting_agency",
            "requested_agency",
            "execution_requested_by",
            "outgoing_number",
            "incoming_number",
            "urgent",
            "allowed_transitions",
        ]

    def get_direction(self, mla) -> str:
        return mla.direction_for(self.context["request"].user)

    def get_case_reference(self, mla) -> str | None:
        # The requested side does not learn the requesting case's portal reference.
        if mla.direction_for(self.context["request"].user) == "incoming":
            return None
        return mla.case.reference

    def get_allowed_transitions(self, mla) -> list[str]:
        # From the row's annotations (MLA_WORKFLOW.annotate_allowed): no query per row.
        return [api_step_name(t) for t in allowed_steps(self.context["request"].user, mla)]


class MLARequestSerializer(MLARequestListSerializer):
    instruments = serializers.SerializerMethodField()
    articles = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()
    executing_agency = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    executing_officer = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    pending_steps = serializers.SerializerMethodField()

    class Meta(MLARequestListSerializer.Meta):
        fields = [
            *[f for f in MLARequestListSerializer.Meta.fields if f != "allowed_transitions"],
            "instruments",
            "articles",
            "qualification_text",
            "facts",
            "purpose",
            "representatives",
            "confidentiality",
            "urgency_reason",
            "language",
            "outgoing_date",
            "channel",
            "incoming_date",
            "remarks",
            "supplement_request",
            "supplement_text",
            "result_summary",
            "refusal_note",
            "version",
            "actions",
            "executing_agency",
            "executing_officer",
            "allowed_transitions",
            "pending_steps",
        ]

    def get_pending_steps(self, mla) -> list[dict]:
        """What the request waits for now and who holds each step (the page's next-step panel)."""
        return [
            {"step": api_step_name(p.transition.name), "holder": p.holder, "mine": p.mine}
            for p in MLA_WORKFLOW.pending(mla, self.context["request"].user)
        ]

    def get_instruments(self, mla) -> list[dict]:
        return [{"id": i.pk, "short_name": i.short_name} for i in mla.instruments.all()]

    def get_articles(self, mla) -> list[str]:
        return [a.citation for a in mla.articles.all()]

    def get_actions(self, mla) -> list[dict]:
        user = self.context["request"].user
        return [
            {
                "kind": view.action.kind,
                "kind_name": view.kind_label,
                "details": view.action.details,
                "places": view.action.places,
                "questions": view.action.questions,
                "persons": [
                    {
                        "participant": p.participant.pk,
                        "role": p.participant.role,
                        "name": p.name,
                        "identity_hidden": p.hidden,
                    }
                    for p in view.persons
                ],
            }
            for view in action_views(mla, user=user, where="api mla-request")
        ]


STEP_PARAMETER = OpenApiParameter(
    "step",
    str,
    OpenApiParameter.PATH,
    enum=[api_step_name(name) for name in MLA_WORKFLOW.names()],
    description="A step of the workflow. Its body holds the fields of that step's form (the "
    "body schema titled with the step's name); any other field is refused with 400.",
)


class MLARequestViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    filterset_class = RequestFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return MLARequest.objects.none()
        user = self.request.user
        if self.action == "list":
            # The list shows no actions or persons: only the agencies and the case's reference
            # (select_related: one query for the page, not three per row).
            queryset = MLARequest.objects.visible_to(user).select_related(
                "case", "requesting_agency", "requested_agency"
            )
        else:
            queryset = request_detail_queryset(user)
        # allowed_transitions: one EXISTS per step in the same query, not a query per row.
        return MLA_WORKFLOW.annotate_allowed(queryset, user).order_by("-created_at", "-id")

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return MLARequestWriteSerializer
        return MLARequestListSerializer if self.action == "list" else MLARequestSerializer

    def _read(self, mla, status=200):
        fresh = self.get_queryset().get(pk=mla.pk)
        return Response(
            MLARequestSerializer(fresh, context=self.get_serializer_context()).data, status=status
        )

    @extend_schema(request=MLARequestWriteSerializer, responses={201: MLARequestSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        case = serializer.validated_data.get("case")
        if case is None:
            raise serializers.ValidationError({"case": [_("This field is required.")]})
        fields, relations = serializer.split()
        mla = services.mla_request_create(
            case=case, actor=request.user, fields=fields, relations=relations
        )
        return self._read(mla, status=201)

    @extend_schema(request=MLARequestWriteSerializer, responses={200: MLARequestSerializer})
    def update(self, request, *args, **kwargs):
        mla = self.get_object()
        partial = kwargs.pop("partial", False)
        # The instance lets the input keep the kinds of assistance the request already names.
        serializer = self.get_serializer(mla, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        if "case" in serializer.validated_data:
            raise serializers.ValidationError(
                {"case": [_("A request cannot move to another case.")]}
            )
        if "version" not in serializer.validated_data:
            raise serializers.ValidationError({"version": [_("Send the version you edit.")]})
        fields, relations = serializer.split()
        current = {name: getattr(mla, name) for name in DRAFT_FIELDS}
        services.mla_request_update(
            request=mla,
            actor=request.user,
            expected_version=serializer.validated_data["version"],
            fields={**current, **fields},
            relations=relations,
        )
        return self._read(mla)

    @extend_schema(responses={200: OpenApiResponse(description="The checklist")})
    @action(detail=True, methods=["get"])
    def completeness(self, request, pk=None):
        checklist = services.completeness(self.get_object())
        return Response({"complete": checklist.complete, "items": checklist.as_list()})

    @extend_schema(responses={200: OpenApiResponse(description="Status history")})
    @action(detail=True, methods=["get"])
    def history(self, request, pk=None):
        mla = self.get_object()
        return Response(
            [
                {
                    "from": h.from_status,
                    "to": h.to_status,
                    "actor": h.actor.username,
                    "at": h.occurred_at,
                    "note": h.note,
                }
                for h in mla.history.select_related("actor")
            ]
        )

    @extend_schema(
        parameters=[OpenApiParameter("kind", str, enum=list(DOCUMENT_KINDS))],
        responses={(200, "application/pdf"): bytes},
    )
    @action(detail=True, methods=["get"], renderer_classes=[JSONRenderer, PDFRenderer])
    def document(self, request, pk=None):
        """The request's PDF: the frozen version once sent, a preview before."""
        mla = self.get_object()
        kind = request.query_params.get("kind", "mla_request")
        if kind not in DOCUMENT_KINDS:
            raise serializers.ValidationError({"kind": [_("Unknown document.")]})
        return serve_document(
            subject=mla,
            kind=kind,
            actor=request.user,
            reference=mla.reference,
            preview=services.mla_document_preview(request=mla, kind=kind, actor=request.user),
            scope=mla.case,
            download=True,
        )

    @extend_schema(
        operation_id="mla_requests_step",
        parameters=[STEP_PARAMETER],
        request={
            "application/json": {
                "oneOf": [
                    {"title": api_step_name(name), **form_schema(MLA_WORKFLOW[name].form)}
                    for name in MLA_WORKFLOW.names()
                ]
            }
        },
        responses={200: MLARequestSerializer},
    )
    def step(self, request, pk=None, step=None):
        """Take a workflow step: 404 for a request you cannot see, 403 for a wrong role, 409
        when the status does not allow it, 400 for invalid or unknown fields."""
        mla = get_object_or_404(MLARequest.objects.visible_to(request.user), pk=pk)
        MLA_WORKFLOW.perform(mla, step, request.user, request.data)
        return self._read(mla)
