"""Information exchange API: the same visibility rule, services and filters as the pages."""

from __future__ import annotations

from django.db.models import Q
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from accounts.models import Agency, User
from cases.models import Case
from core.api import StrictFieldsMixin
from exchange import services
from exchange.choices import Category
from exchange.filters import MessageFilter
from exchange.models import HandlingCode, Message, MessageAttachment


class MessageAttachmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = MessageAttachment
        fields = ["id", "original_name", "content_type", "size", "sha256"]


class MessageReadSerializer(serializers.Serializer):
    user = serializers.IntegerField(source="user_id")
    name = serializers.CharField(source="user.display_name")
    read_at = serializers.DateTimeField()


class MessageSerializer(serializers.ModelSerializer):
    handling_code = serializers.SlugRelatedField(slug_field="code", read_only=True)
    attachments = MessageAttachmentSerializer(many=True, read_only=True)
    reads = serializers.SerializerMethodField()

    class Meta:
        model = Message
        fields = [
            "id",
            "reference",
            "thread",
            "sender",
            "sender_agency",
            "recipient_agency",
            "recipients",
            "restricted",
            "subject",
            "text",
            "category",
            "handling_code",
            "handling_restrictions",
            "marking",
            "urgent",
            "cases",
            "acknowledged_at",
            "acknowledged_by",
            "attachments",
            "reads",
            "created_at",
        ]

    @extend_schema_field(MessageReadSerializer(many=True))
    def get_reads(self, message) -> list[dict]:
        """Read receipts: shown to the sending side only (empty for the receiving side)."""
        user = self.context["request"].user
        if not (user.is_superuser or user.agency_id == message.sender_agency_id):
            return []
        return MessageReadSerializer(message.reads.all(), many=True).data


class MessageCreateSerializer(StrictFieldsMixin, serializers.Serializer):
    recipient_agency = serializers.PrimaryKeyRelatedField(queryset=Agency.objects.all())
    recipients = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), many=True, required=False, default=list
    )
    restricted = serializers.BooleanField(required=False, default=False)
    subject = serializers.CharField(max_length=255)
    text = serializers.CharField(max_length=50000)
    category = serializers.ChoiceField(choices=Category.choices)
    handling_code = serializers.SlugRelatedField(
        slug_field="code", queryset=HandlingCode.objects.filter(is_active=True)
    )
    handling_restrictions = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=2000
    )
    marking = serializers.BooleanField(required=False, default=False)
    urgent = serializers.BooleanField(required=False, default=False)
    cases = serializers.PrimaryKeyRelatedField(
        queryset=Case.objects.none(), many=True, required=False, default=list
    )
    attachments = serializers.ListField(child=serializers.FileField(), required=False, default=list)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            # A case the sender cannot see is "no such choice" (400), never a leak.
            self.fields["cases"].child_relation.queryset = Case.objects.visible_to(request.user)


class ReplySerializer(StrictFieldsMixin, serializers.Serializer):
    text = serializers.CharField(max_length=50000)
    attachments = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class AcknowledgeSerializer(StrictFieldsMixin, serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class DraftSerializer(StrictFieldsMixin, serializers.Serializer):
    case = serializers.PrimaryKeyRelatedField(queryset=Case.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["case"].queryset = services.draft_cases(request.user)


FILE_PK = OpenApiParameter("file_pk", int, OpenApiParameter.PATH)


class MessageViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Messages between the agencies (first messages and answers). Reading one through
    ``retrieve`` records its read receipt, as opening it on the page does."""

    serializer_class = MessageSerializer
    filterset_class = MessageFilter
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Message.objects.none()
        # The files, named officers, cases and receipts of a page in one query each (no N+1).
        return (
            Message.objects.visible_to(self.request.user)
            .select_related("handling_code")
            .prefetch_related("attachments", "recipients", "cases", "reads__user")
            .order_by("-created_at", "-id")
        )

    def retrieve(self, request, pk=None):
        message = self.get_object()
        services.message_open(message=message, actor=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=message.pk)).data)

    @extend_schema(request=MessageCreateSerializer, responses={201: MessageSerializer})
    def create(self, request):
        serializer = MessageCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        uploads = data.pop("attachments")
        message = services.message_send(actor=request.user, uploads=uploads, **data)
        return Response(
            self.get_serializer(self.get_queryset().get(pk=message.pk)).data, status=201
        )

    @extend_schema(request=ReplySerializer, responses={201: MessageSerializer})
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        message = self.get_object()
        serializer = ReplySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        reply = services.message_reply(
            message=message,
            actor=request.user,
            text=serializer.validated_data["text"],
            uploads=serializer.validated_data["attachments"],
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=reply.pk)).data, status=201)

    @extend_schema(request=AcknowledgeSerializer, responses={200: MessageSerializer})
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        """Acknowledge receipt: 403 for the sending side, 409 once acknowledged."""
        message = self.get_object()
        serializer = AcknowledgeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        root = services.message_acknowledge(
            message=message, actor=request.user, note=serializer.validated_data["note"]
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=root.pk)).data)

    @extend_schema(
        request=DraftSerializer,
        responses={
            201: inline_serializer(
                "MessageDraftRequest",
                {"id": serializers.IntegerField(), "reference": serializers.CharField()},
            )
        },
    )
    @action(detail=True, methods=["post"], url_path="mla-draft", url_name="mla-draft")
    def mla_draft(self, request, pk=None):
        """A draft request for legal assistance from one of the caller's own cases."""
        message = self.get_object()
        serializer = DraftSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        draft = services.message_mla_draft(
            message=message, actor=request.user, case=serializer.validated_data["case"]
        )
        return Response({"id": draft.pk, "reference": draft.reference}, status=201)

    @extend_schema(
        responses={200: inline_serializer("UnreadCount", {"unread": serializers.IntegerField()})}
    )
    @action(detail=False, methods=["get"], url_path="unread-count", url_name="unread-count")
    def unread_count(self, request):
        return Response({"unread": Message.objects.unread_by(request.user).count()})

    @extend_schema(parameters=[FILE_PK], responses={(200, "application/octet-stream"): bytes})
    @action(
        detail=True,
        methods=["get"],
        url_path=r"attachments/(?P<file_pk>[0-9]+)",
        url_name="attachment",
    )
    def attachment(self, request, pk=None, file_pk=None):
        """The file, its name prefixed with the handling code (also in X-Handling-Code)."""
        message = self.get_object()
        record = get_object_or_404(
            MessageAttachment.objects.select_related("message__handling_code").filter(
                Q(message=message)
            ),
            pk=file_pk,
        )
        return record.serve(actor=request.user, scope=message.root)
