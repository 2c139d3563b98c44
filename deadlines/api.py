"""Deadlines API: the same visibility rule, FilterSet and services as the pages.

Wiring (config/api.py): ``router.register("deadlines", DeadlineViewSet, basename="deadline")``
and ``router.register("notifications", NotificationViewSet, basename="notification")``.
"""

from __future__ import annotations

import datetime

from django.db.models import Prefetch
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import StrictFieldsMixin
from deadlines import services
from deadlines.filters import DeadlineFilter, NotificationFilter
from deadlines.forms import REASON_MAX
from deadlines.models import Deadline, DeadlineExtension, DeadlineState, Notification

__all__ = ["DeadlineViewSet", "NotificationViewSet"]


# --- Serializers ------------------------------------------------------------------------------
class ExtensionSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.display_name", read_only=True)

    class Meta:
        model = DeadlineExtension
        fields = ["previous_due_at", "new_due_at", "reason", "actor", "occurred_at"]


class DeadlineSerializer(serializers.ModelSerializer):
    case = serializers.IntegerField(source="case_id", read_only=True)
    local_due = serializers.SerializerMethodField()
    seconds_left = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()
    extensions = ExtensionSerializer(many=True, read_only=True)
    # In the language of the request, where the clock was cited in each when it opened.
    citation = serializers.CharField(source="shown_citation", read_only=True)

    class Meta:
        model = Deadline
        fields = [
            "id",
            "kind",
            "title",
            "citation",
            "confidence",
            "is_practice",
            "country",
            "subject_type",
            "subject_id",
            "subject_label",
            "url",
            "case",
            "started_at",
            "due_at",
            "local_due",
            "state",
            "seconds_left",
            "overdue",
            "extensions",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_local_due(self, deadline) -> str:
        """The end in the zone of the law that sets the clock, with its offset."""
        return deadline.local_due.isoformat()

    def get_seconds_left(self, deadline) -> int:
        return int(deadline.seconds_left(self.context.get("now")))

    def get_overdue(self, deadline) -> bool:
        # As the sweep and the ``overdue`` filter see it: running and past its end.
        now = self.context.get("now") or timezone.now()
        return deadline.state == DeadlineState.RUNNING and deadline.due_at < now


class ReasonSerializer(StrictFieldsMixin, serializers.Serializer):
    reason = serializers.CharField(max_length=REASON_MAX)


class ExtendSerializer(ReasonSerializer):
    # Without an offset, read in the user's zone (activated in ``initial``).
    new_due_at = serializers.DateTimeField()


class NotificationSerializer(serializers.ModelSerializer):
    deadline = serializers.IntegerField(source="deadline_id", read_only=True, allow_null=True)
    # In the language of the request (the language cookie), where the event was rendered in each.
    title = serializers.CharField(source="shown_title", read_only=True)
    unread = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "title",
            "body",
            "url",
            "deadline",
            "created_at",
            "read_at",
            "unread",
        ]
        read_only_fields = fields

    def get_unread(self, notification) -> bool:
        return notification.read_at is None


# --- Views ------------------------------------------------------------------------------------
class DeadlineViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Clocks the user sees (any state); ``pause``, ``resume``, ``extend`` with a reason."""

    serializer_class = DeadlineSerializer
    filterset_class = DeadlineFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Deadline.objects.none()
        # SECURITY: the gate of list and detail alike (an invisible clock is 404).
        return (
            Deadline.objects.visible_to(self.request.user)
            # One query for every row's extensions and their authors, not one per row.
            .prefetch_related(
                Prefetch("extensions", queryset=DeadlineExtension.objects.select_related("actor"))
            )
            .order_by("due_at", "id")
        )

    def get_serializer_context(self):
        # One "now" for the whole response: seconds_left and overdue agree across rows.
        return {**super().get_serializer_context(), "now": timezone.now()}

    def _input(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def _read(self, deadline: Deadline) -> Response:
        fresh = self.get_queryset().get(pk=deadline.pk)
        return Response(self.get_serializer(fresh).data)

    @extend_schema(
        request=ReasonSerializer,
        responses={200: DeadlineSerializer},
        description="Stop a running clock: 403 without the right, 409 unless it runs.",
    )
    @action(detail=True, methods=["post"])
    def pause(self, request, pk=None):
        deadline = self.get_object()
        data = self._input(ReasonSerializer)
        services.deadline_pause(deadline=deadline, actor=request.user, reason=data["reason"])
        return self._read(deadline)

    @extend_schema(
        request=ReasonSerializer,
        responses={200: DeadlineSerializer},
        description="Restart a paused clock, its end moved by the pause: 409 unless paused.",
    )
    @action(detail=True, methods=["post"])
    def resume(self, request, pk=None):
        deadline = self.get_object()
        data = self._input(ReasonSerializer)
        services.deadline_resume(deadline=deadline, actor=request.user, reason=data["reason"])
        return self._read(deadline)

    @extend_schema(
        request=ExtendSerializer,
        responses={200: DeadlineSerializer},
        description="Move the end of an open clock later: 400 unless later, 409 when closed.",
    )
    @action(detail=True, methods=["post"])
    def extend(self, request, pk=None):
        deadline = self.get_object()
        data = self._input(ExtendSerializer)
        new_due_at: datetime.datetime = data["new_due_at"]
        services.deadline_extend(
            deadline=deadline, actor=request.user, new_due_at=new_due_at, reason=data["reason"]
        )
        return self._read(deadline)


class NotificationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The user's own notifications, newest first; ``read`` marks one read."""

    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        # SECURITY: only the user's own; another user's notification is 404.
        return Notification.objects.filter(recipient=self.request.user).order_by(
            "-created_at", "-id"
        )

    @extend_schema(request=None, responses={200: NotificationSerializer})
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = self.get_object()
        if notification.read_at is None:
            notification.read_at = timezone.now()
            notification.save(update_fields=["read_at", "updated_at"])
        return Response(self.get_serializer(notification).data)
