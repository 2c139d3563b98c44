"""Library API: the same visibility rule, search and services as the pages."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import StrictFieldsMixin
from library import services
from library.filters import filter_documents
from library.models import DocumentKind, Language, LibraryDocument, LibraryVersion
from treaties.models import Instrument


class LibraryVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = LibraryVersion
        fields = [
            "id",
            "number",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "note",
            "uploaded_by",
            "created_at",
        ]


class LibraryDocumentSerializer(serializers.ModelSerializer):
    tags = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    versions = LibraryVersionSerializer(many=True, read_only=True)

    class Meta:
        model = LibraryDocument
        fields = [
            "id",
            "title_ru",
            "title_en",
            "kind",
            "language",
            "description",
            "tags",
            "owning_agency",
            "own_country_only",
            "instrument",
            "versions",
            "updated_at",
        ]


class LibraryDocumentCreateSerializer(StrictFieldsMixin, serializers.Serializer):
    title_ru = serializers.CharField(max_length=500)
    title_en = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    language = serializers.ChoiceField(choices=Language.choices)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    tags = serializers.ListField(
        child=serializers.CharField(max_length=60), required=False, default=list
    )
    instrument = serializers.PrimaryKeyRelatedField(
        queryset=Instrument.objects.all(), required=False, allow_null=True, default=None
    )
    own_country_only = serializers.BooleanField(required=False, default=False)
    file = serializers.FileField()
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class LibraryVersionCreateSerializer(StrictFieldsMixin, serializers.Serializer):
    file = serializers.FileField()
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


SEARCH = [
    OpenApiParameter("q", str, description="Full-text search (Russian word forms on PostgreSQL)."),
    OpenApiParameter("kind", str, enum=DocumentKind.values),
    OpenApiParameter("language", str, enum=Language.values),
    OpenApiParameter("tag", str),
]


class LibraryDocumentViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The shared library of both countries' agencies."""

    serializer_class = LibraryDocumentSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return LibraryDocument.objects.none()
        # Tags and versions prefetched: a constant number of queries per page.
        queryset = LibraryDocument.objects.visible_to(self.request.user).prefetch_related(
            "tags", "versions"
        )
        if self.action == "list":
            return filter_documents(queryset, self.request.query_params, ranked=False)
        return queryset

    @extend_schema(parameters=SEARCH)
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        request={"multipart/form-data": LibraryDocumentCreateSerializer},
        responses={201: LibraryDocumentSerializer},
    )
    def create(self, request):
        serializer = LibraryDocumentCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        document = services.library_document_create(
            actor=request.user, upload=data.pop("file"), **data
        )
        return Response(
            LibraryDocumentSerializer(LibraryDocument.objects.get(pk=document.pk)).data, status=201
        )

    @extend_schema(
        request={"multipart/form-data": LibraryVersionCreateSerializer},
        responses={201: LibraryVersionSerializer},
    )
    @action(detail=True, methods=["post"])
    def versions(self, request, pk=None):
        """A new version of the document's file (its owning agency)."""
        document = self.get_object()
        serializer = LibraryVersionCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        version = services.library_version_add(
            document=document,
            actor=request.user,
            upload=serializer.validated_data["file"],
            note=serializer.validated_data["note"],
        )
        return Response(LibraryVersionSerializer(version).data, status=201)

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    @action(detail=True, methods=["get"], url_path=r"versions/(?P<version_pk>\d+)/download")
    def download(self, request, pk=None, version_pk=None):
        document = self.get_object()
        version = get_object_or_404(LibraryVersion, pk=version_pk, document=document)
        return version.serve(actor=request.user, scope=document)
