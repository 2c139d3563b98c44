"""Joint teams API: the same visibility rule and services as the board."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.models import Agency, User
from cases.models import Case
from core.api import StrictFieldsMixin, form_schema
from teams import services
from teams.choices import Priority
from teams.filters import TaskFilter
from teams.models import JointTeam, Task, TaskComment
from teams.workflow import TASK_WORKFLOW

# POST /api/tasks/{id}/<transition>/: the steps of the task workflow, by name.
TASK_TRANSITIONS = TASK_WORKFLOW.names()


class MemberSerializer(serializers.Serializer):
    user = serializers.IntegerField(source="user_id")
    name = serializers.CharField(source="user.display_name")
    country = serializers.CharField(source="user.country")
    role = serializers.CharField()
    joined_on = serializers.DateField()
    left_on = serializers.DateField(allow_null=True)  # None while still a member


class TeamSerializer(serializers.ModelSerializer):
    cases = serializers.SerializerMethodField()

    class Meta:
        model = JointTeam
        fields = [
            "id",
            "name",
            "status",
            "purpose",
            "cases",
            "starts_on",
            "ends_on",
            "signed_on",
            "kg_leader",
            "kz_leader",
        ]

    def get_cases(self, team) -> list[str]:
        return [c.reference for c in team.cases.all()]


class TeamViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = TeamSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return JointTeam.objects.none()
        return JointTeam.objects.visible_to(self.request.user).prefetch_related("cases")

    @extend_schema(responses={200: MemberSerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=None)
    def members(self, request, pk=None):
        team = self.get_object()
        return Response(
            MemberSerializer(team.members.select_related("user__agency"), many=True).data
        )


class TaskSerializer(serializers.ModelSerializer):
    class Meta:
        model = Task
        fields = [
            "id",
            "team",
            "case",
            "title",
            "description",
            "assignee",
            "assignee_agency",
            "priority",
            "due_on",
            "status",
            "blocked_reason",
            "result",
            "created_at",
        ]


class TaskCreateSerializer(StrictFieldsMixin, serializers.Serializer):
    team = serializers.PrimaryKeyRelatedField(queryset=JointTeam.objects.none())
    case = serializers.PrimaryKeyRelatedField(queryset=Case.objects.all())
    title = serializers.CharField(max_length=255)
    description = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=20000
    )
    assignee = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False, allow_null=True, default=None
    )
    assignee_agency = serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.all(), required=False, allow_null=True, default=None
    )
    priority = serializers.ChoiceField(choices=Priority.choices, default=Priority.NORMAL)
    due_on = serializers.DateField(required=False, allow_null=True, default=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["team"].queryset = JointTeam.objects.visible_to(request.user)


class CommentSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    author = serializers.CharField(source="author.username", read_only=True)

    class Meta:
        model = TaskComment
        fields = ["id", "author", "text", "created_at"]
        read_only_fields = ["id", "author", "created_at"]


TRANSITION = OpenApiParameter("transition", str, OpenApiParameter.PATH, enum=list(TASK_TRANSITIONS))


class TaskViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = TaskSerializer
    filterset_class = TaskFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Task.objects.none()
        return Task.objects.filter(
            team__in=JointTeam.objects.visible_to(self.request.user)
        ).order_by("due_on", "id")

    @extend_schema(request=TaskCreateSerializer, responses={201: TaskSerializer})
    def create(self, request):
        serializer = TaskCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        task = services.task_create(actor=request.user, **data)
        return Response(TaskSerializer(task).data, status=201)

    @extend_schema(
        operation_id="tasks_transition",
        parameters=[TRANSITION],
        request={"application/json": form_schema(TASK_WORKFLOW["start"].form)},
        responses={200: TaskSerializer},
    )
    def transition(self, request, pk=None, transition=None):
        """Take a step of the task: 403 for another's task, 409 for a step its status forbids,
        400 for bad or unknown input."""
        task = get_object_or_404(self.get_queryset(), pk=pk)
        task = TASK_WORKFLOW.perform(task, transition, request.user, request.data)
        return Response(TaskSerializer(task).data)

    # The comments are one list (no pages): GET answers it, POST answers the new comment.
    @extend_schema(methods=["GET"], responses={200: CommentSerializer(many=True)})
    @extend_schema(methods=["POST"], request=CommentSerializer, responses={201: CommentSerializer})
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def comments(self, request, pk=None):
        task = get_object_or_404(self.get_queryset(), pk=pk)
        if request.method == "POST":
            serializer = CommentSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            comment = services.task_comment(
                task=task, actor=request.user, text=serializer.validated_data["text"]
            )
            return Response(CommentSerializer(comment).data, status=201)
        return Response(CommentSerializer(task.comments.select_related("author"), many=True).data)
