"""Coordinated operations API: the same visibility rule, workflow and services as the pages."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.choices import Country
from accounts.models import User
from cases.models import Case
from core.api import StrictFieldsMixin, form_schema
from operations import services
from operations.models import Operation, OperationReport
from operations.stats import results
from operations.workflow import OPERATION_WORKFLOW, moment_from_local
from teams.models import JointTeam


class OperationReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = OperationReport
        fields = [
            "country",
            "persons_detained",
            "victims_identified",
            "victims_assisted",
            "items_seized",
            "summary",
            "filed_by",
            "updated_at",
        ]


class OperationReportInputSerializer(StrictFieldsMixin, serializers.Serializer):
    persons_detained = serializers.IntegerField(min_value=0)
    victims_identified = serializers.IntegerField(min_value=0)
    victims_assisted = serializers.IntegerField(min_value=0)
    items_seized = serializers.IntegerField(min_value=0)
    summary = serializers.CharField(max_length=20000)


class OperationParticipantSerializer(serializers.Serializer):
    user = serializers.IntegerField(source="user_id")
    name = serializers.CharField(source="user.display_name")
    agency = serializers.CharField(source="user.agency.name", default="")
    country = serializers.CharField()
    role = serializers.CharField()


class OperationSerializer(serializers.ModelSerializer):
    h_hour_local = serializers.SerializerMethodField(
        help_text="D-day and H-hour in each side's zone (KG: Asia/Bishkek, KZ: Asia/Almaty)."
    )
    participants = OperationParticipantSerializer(many=True, read_only=True)
    reports = OperationReportSerializer(many=True, read_only=True)
    allowed_transitions = serializers.SerializerMethodField()

    class Meta:
        model = Operation
        fields = [
            "id",
            "name",
            "purpose",
            "status",
            "h_hour",
            "h_hour_local",
            "kg_leader",
            "kz_leader",
            "kg_go_at",
            "kz_go_at",
            "kg_tasks",
            "kz_tasks",
            "participants",
            "reports",
            "allowed_transitions",
        ]

    def get_h_hour_local(self, operation) -> dict[str, str]:
        from deadlines.computation import zone_of

        return {c: operation.h_hour.astimezone(zone_of(c)).isoformat() for c in Country.values}

    def get_allowed_transitions(self, operation) -> list[str]:
        names = OPERATION_WORKFLOW.names()
        if hasattr(operation, f"may_{names[0]}"):
            # Annotated by the viewset's queryset: no query per row.
            return [name for name in names if getattr(operation, f"may_{name}")]
        request = self.context.get("request")
        return OPERATION_WORKFLOW.allowed(request.user, operation) if request else []


class OperationCreateSerializer(StrictFieldsMixin, serializers.Serializer):
    name = serializers.CharField(max_length=255)
    purpose = serializers.CharField(max_length=20000)
    d_day = serializers.DateField()
    h_hour = serializers.TimeField()
    zone = serializers.ChoiceField(choices=Country.choices)
    cases = serializers.PrimaryKeyRelatedField(queryset=Case.objects.all(), many=True)
    teams = serializers.PrimaryKeyRelatedField(
        queryset=JointTeam.objects.none(), many=True, required=False, default=list
    )
    kg_leader = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True))
    kz_leader = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True))
    participants = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), many=True, required=False, default=list
    )
    kg_tasks = serializers.CharField(required=False, allow_blank=True, default="")
    kz_tasks = serializers.CharField(required=False, allow_blank=True, default="")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            # A team the caller cannot see is "no such choice" (400); the service checks that
            # each case is one the caller or a leader may see.
            self.fields["teams"].child_relation.queryset = JointTeam.objects.visible_to(
                request.user
            )


STEP = OpenApiParameter("step", str, OpenApiParameter.PATH, enum=OPERATION_WORKFLOW.names())
STEP_INPUT = {
    "anyOf": [
        {"title": name, **form_schema(transition.form)}
        for name, transition in OPERATION_WORKFLOW.transitions.items()
    ]
}


class OperationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Operations the caller takes part in (others 404)."""

    serializer_class = OperationSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Operation.objects.none()
        # Participants with their agencies and the reports: no query per operation.
        queryset = (
            Operation.objects.visible_to(self.request.user)
            .prefetch_related("participants__user__agency", "reports")
            .order_by("-h_hour", "-id")
        )
        # The steps each row allows the caller, one EXISTS per rule in the same query.
        return OPERATION_WORKFLOW.annotate_allowed(queryset, self.request.user)

    @extend_schema(request=OperationCreateSerializer, responses={201: OperationSerializer})
    def create(self, request):
        serializer = OperationCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        h_hour = moment_from_local(data.pop("d_day"), data.pop("h_hour"), data.pop("zone"))
        operation = services.operation_create(actor=request.user, h_hour=h_hour, **data)
        return Response(
            self.get_serializer(self.get_queryset().get(pk=operation.pk)).data, status=201
        )

    @extend_schema(
        operation_id="operations_step",
        parameters=[STEP],
        request={"application/json": STEP_INPUT},
        responses={200: OperationSerializer},
    )
    def step(self, request, pk=None, step=None):
        """A leader's decision: 403 for others, 409 when the status does not allow it, 400 for
        bad or unknown input."""
        operation = get_object_or_404(Operation.objects.visible_to(request.user), pk=pk)
        OPERATION_WORKFLOW.perform(operation, step, request.user, request.data)
        return Response(self.get_serializer(self.get_queryset().get(pk=pk)).data)

    @extend_schema(
        request=OperationReportInputSerializer, responses={200: OperationReportSerializer}
    )
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        """The caller's side files (or corrects) its results."""
        operation = self.get_object()
        serializer = OperationReportInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        report = services.operation_report_file(
            operation=operation, actor=request.user, **serializer.validated_data
        )
        return Response(OperationReportSerializer(report).data)

    @extend_schema(responses={200: {"type": "object", "additionalProperties": {"type": "integer"}}})
    @action(detail=False, methods=["get"], pagination_class=None)
    def results(self, request):
        """The summed results of the operations the caller takes part in."""
        return Response(results(self.get_queryset()))
