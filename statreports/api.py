"""The statistical exchange in the API: the reports one may see, preparing one, its steps."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.response import Response

from core.api import StrictFieldsMixin, form_schema
from statreports import services
from statreports.choices import PeriodKind
from statreports.models import StatReport
from statreports.workflow import STATREPORT_WORKFLOW


class StatReportSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    allowed_transitions = serializers.SerializerMethodField()

    class Meta:
        model = StatReport
        fields = [
            "id",
            "reference",
            "country",
            "period_kind",
            "year",
            "quarter",
            "status",
            "note",
            "prepared_by",
            "approved_by",
            "approved_at",
            "sent_by",
            "sent_at",
            "allowed_transitions",
        ]
        read_only_fields = fields

    def get_allowed_transitions(self, report) -> list[str]:
        request = self.context.get("request")
        return STATREPORT_WORKFLOW.allowed(request.user, report) if request else []


class StatReportDetailSerializer(StatReportSerializer):
    data = serializers.JSONField(read_only=True, help_text="The frozen figures (figure_json).")

    class Meta(StatReportSerializer.Meta):
        fields = [*StatReportSerializer.Meta.fields, "data"]
        read_only_fields = fields


class PrepareSerializer(StrictFieldsMixin, serializers.Serializer):
    period_kind = serializers.ChoiceField(choices=PeriodKind.choices)
    year = serializers.IntegerField()
    quarter = serializers.IntegerField(required=False, default=0)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)

    def validate(self, attrs):
        from statreports.forms import PrepareForm

        form = PrepareForm({**attrs, "quarter": attrs.get("quarter") or ""})
        if not form.is_valid():
            raise serializers.ValidationError(
                {name: list(errors) for name, errors in form.errors.items()}
            )
        return {**attrs, "quarter": form.cleaned_data["quarter"] or 0}


STEP = OpenApiParameter("step", str, OpenApiParameter.PATH, enum=list(STATREPORT_WORKFLOW.names()))


class StatReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Statistical reports: my country's in every state, the other country's once sent."""

    serializer_class = StatReportSerializer
    filterset_fields = ["country", "status", "period_kind", "year"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return StatReport.objects.none()
        return StatReport.objects.visible_to(self.request.user).order_by(
            "-year", "-quarter", "country", "-id"
        )

    def get_serializer_class(self):
        return StatReportDetailSerializer if self.action == "retrieve" else StatReportSerializer

    def retrieve(self, request, *args, **kwargs):
        report = self.get_object()
        # Reading an incoming report is recorded (the first time per officer).
        services.statreport_read(report=report, actor=request.user)
        return Response(self.get_serializer(report).data)

    @extend_schema(request=PrepareSerializer, responses={201: StatReportSerializer})
    def create(self, request):
        """Prepare the draft of my country's report for a finished quarter or year."""
        serializer = PrepareSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        report = services.statreport_prepare(actor=request.user, **serializer.validated_data)
        return Response(self.get_serializer(report).data, status=201)

    @extend_schema(
        operation_id="stat_reports_step",
        parameters=[STEP],
        request={"application/json": form_schema(STATREPORT_WORKFLOW["reopen"].form)},
        responses={200: StatReportSerializer},
    )
    def step(self, request, pk=None, step=None):
        """Take a step (approve, reopen, send): 403 if not yours, 409 if the state forbids it,
        400 for bad or unknown input."""
        report = get_object_or_404(self.get_queryset(), pk=pk)
        report = services.statreport_step(
            report=report, actor=request.user, step=step, data=request.data
        )
        return Response(self.get_serializer(report).data)
