"""Cases API: the same visibility rule, services and pseudonyms as the pages.

No DELETE anywhere: a legal record is closed, not erased (405).
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from accounts.models import Agency, User
from cases import services
from cases.api.serializers import (
    AttachmentSerializer,
    AttachmentUploadSerializer,
    CaseListSerializer,
    CaseSerializer,
    GrantSerializer,
    LinkDecisionSerializer,
    LinkProposeSerializer,
    LinkSerializer,
    ParticipantSerializer,
    PersonUpdateSerializer,
    StatusSerializer,
)
from cases.filters import CaseFilter
from cases.models import Attachment, Case, CaseLink, Participant, Qualification
from cases.presenters import present_participants
from cases.views import case_grants, case_list_queryset
from core.api import error_responses
from core.pagination import PresortedRows
from core.parsers import BoundedJSONParser


class PreconditionFailed(APIException):
    status_code = 412
    default_detail = "The record changed since the version you sent (If-Match)."
    default_code = "precondition_failed"


class PreconditionRequired(APIException):
    status_code = 428
    default_detail = "Send the version you edit: an If-Match header or a version field."
    default_code = "precondition_required"


def _etag(case: Case) -> str:
    return f'"v{case.version}"'


def _case_for(request, pk, action_name: str = "view") -> Case:
    """A case through the visibility rule: 404 when invisible, 403 when not allowed."""
    case = get_object_or_404(
        Case.objects.visible_to(request.user)
        .with_access(request.user)
        .select_related("owning_agency"),
        pk=pk,
    )
    if action_name != "view" and not getattr(case, f"can_{action_name}"):
        raise PermissionDenied
    return case


# PUT and PATCH name the version they edit (If-Match or a version field).
_VERSIONED = extend_schema(responses={200: CaseSerializer, **error_responses(412, 428)})


@extend_schema_view(update=_VERSIONED, partial_update=_VERSIONED)
class CaseViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    filterset_class = CaseFilter

    def get_queryset(self):
        user = self.request.user
        if self.action == "list":
            return case_list_queryset(user)
        # One query per relation, however many rows.
        return (
            Case.objects.visible_to(user)
            .with_access(user)
            .select_related("owning_agency", "lead_investigator")
            .prefetch_related(
                Prefetch(
                    "qualifications", queryset=Qualification.objects.select_related("article__code")
                ),
                "exploitation_forms",
                "route",
                "investigators",
                "participants",
            )
        )

    def filter_queryset(self, queryset):
        # DjangoFilterBackend's work, keeping the filterset: a search alone knows its rows' order.
        self.filterset = None
        if self.action != "list":
            return super().filter_queryset(queryset)
        backend = DjangoFilterBackend()
        filterset = backend.get_filterset(self.request, queryset, self)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)
        self.filterset = filterset
        return filterset.qs

    def paginate_queryset(self, queryset):
        # A search alone: the page is read by its ids (see CaseFilter.presorted_ids).
        ids = self.filterset.presorted_ids() if self.filterset is not None else None
        if ids is not None:
            queryset = PresortedRows(self.filterset.queryset, ids)
        return super().paginate_queryset(queryset)

    def get_serializer_class(self):
        return CaseListSerializer if self.action == "list" else CaseSerializer

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        response["ETag"] = f'"v{response.data["version"]}"'
        return response

    def perform_create(self, serializer):
        data = serializer.validated_data
        case = services.case_create(
            actor=self.request.user,
            national_register=data["national_register"],
            national_number=data["national_number"],
            title=data["title"],
            summary=data.get("summary", ""),
            opened_on=data["opened_on"],
            committed_on=data.get("committed_on"),
            lead_investigator=data.get("lead_investigator"),
            investigators=data.get("investigators", []),
            exploitation_forms=data.get("exploitation_forms", []),
            articles=data.get("articles", []),
            route=data.get("route", []),
        )
        serializer.instance = self.get_queryset().get(pk=case.pk)

    def _expected_version(self, case: Case, data) -> int:
        if_match = self.request.headers.get("If-Match", "").strip()
        if if_match:
            if if_match != _etag(case):
                raise PreconditionFailed
            return case.version
        if "version" in data:
            return data["version"]
        raise PreconditionRequired

    def perform_update(self, serializer):
        case = serializer.instance
        if not case.can_change:
            raise PermissionDenied
        data = dict(serializer.validated_data)
        expected = self._expected_version(case, data)
        data.pop("version", None)
        fields = {name: data.pop(name) for name in list(data) if name in services.CASE_FIELDS}
        services.case_update(
            case=case,
            actor=self.request.user,
            expected_version=expected,
            fields=fields,
            investigators=data.get("investigators"),
            exploitation_forms=data.get("exploitation_forms"),
            articles=data.get("articles"),
            route=data.get("route"),
        )
        serializer.instance = self.get_queryset().get(pk=case.pk)

    def update(self, request, *args, **kwargs):
        response = super().update(request, *args, **kwargs)
        response["ETag"] = f'"v{response.data["version"]}"'
        return response

    @extend_schema(request=StatusSerializer, responses={200: CaseSerializer})
    @action(detail=True, methods=["post"])
    def status(self, request, pk=None):
        """Suspend, send to court, close (with a reason) or reopen: 409 when not allowed now."""
        case = _case_for(request, pk, "change")
        serializer = StatusSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.case_set_status(
            case=case,
            actor=request.user,
            status=serializer.validated_data["status"],
            reason=serializer.validated_data["reason"],
        )
        return Response(CaseSerializer(self.get_queryset().get(pk=case.pk)).data)


class _CaseChildViewSet(viewsets.GenericViewSet):
    case_action_for_write = "change"

    def case(self, action_name: str = "view") -> Case:
        if not hasattr(self, "_case"):
            self._case = _case_for(self.request, self.kwargs["case_pk"])
        if action_name != "view" and not getattr(self._case, f"can_{action_name}"):
            raise PermissionDenied
        return self._case


class ParticipantViewSet(_CaseChildViewSet):
    serializer_class = ParticipantSerializer
    pagination_class = None
    queryset = Participant.objects.none()  # for the schema; reads go through _participants()

    def _participants(self):
        return (
            Participant.objects.filter(case=self.case())
            .select_related("person", "case")
            .prefetch_related("person__documents")
            .order_by("role", "victim_number", "id")
        )

    def _present(self, participants, where):
        case = self.case()
        return present_participants(
            participants,
            user=self.request.user,
            can_view_protected=case.can_view_protected,
            where=where,
        )

    def list(self, request, case_pk=None):
        views = self._present(self._participants(), "api participants")
        return Response(ParticipantSerializer(views, many=True).data)

    def retrieve(self, request, case_pk=None, pk=None):
        participant = get_object_or_404(self._participants(), pk=pk)
        return Response(
            ParticipantSerializer(self._present([participant], "api participant")[0]).data
        )

    def create(self, request, case_pk=None):
        case = self.case("change")
        serializer = ParticipantSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        participant = services.participant_add(
            case=case,
            actor=request.user,
            role=data.pop("role"),
            note=data.pop("note"),
            documents=data.pop("documents"),
            person_fields=data,
        )
        participant = self._participants().get(pk=participant.pk)
        view = self._present([participant], "api participant created")[0]
        return Response(ParticipantSerializer(view).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=PersonUpdateSerializer,
        responses={200: ParticipantSerializer, **error_responses(428)},
    )
    def partial_update(self, request, case_pk=None, pk=None):
        case = self.case("change")
        participant = get_object_or_404(self._participants(), pk=pk)
        if participant.is_protected and not case.can_view_protected:
            raise PermissionDenied
        serializer = PersonUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if "version" not in data:
            raise PreconditionRequired
        services.person_update(
            participant=participant,
            actor=request.user,
            expected_version=data.pop("version"),
            fields=data,
        )
        participant = self._participants().get(pk=pk)
        return Response(
            ParticipantSerializer(self._present([participant], "api participant")[0]).data
        )


class AttachmentViewSet(_CaseChildViewSet):
    serializer_class = AttachmentSerializer
    parser_classes = [MultiPartParser, FormParser, BoundedJSONParser]
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Attachment.objects.none()
        return (
            self.case()
            .attachments.select_related("uploaded_by")
            .order_by("original_name", "-version")
        )

    def list(self, request, case_pk=None):
        return Response(AttachmentSerializer(self.get_queryset(), many=True).data)

    @extend_schema(request={"multipart/form-data": AttachmentUploadSerializer})
    def create(self, request, case_pk=None):
        case = self.case("change")
        serializer = AttachmentUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        attachment = services.attachment_upload(
            case=case,
            actor=request.user,
            upload=serializer.validated_data["file"],
            description=serializer.validated_data["description"],
        )
        return Response(AttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)

    def retrieve(self, request, case_pk=None, pk=None):
        return Response(AttachmentSerializer(get_object_or_404(self.get_queryset(), pk=pk)).data)

    # The stored file as uploaded: its type is whichever of the accepted kinds it is.
    @extend_schema(responses={(200, "*/*"): bytes})
    @action(detail=True, methods=["get"])
    def download(self, request, case_pk=None, pk=None):
        attachment = get_object_or_404(self.get_queryset(), pk=pk)
        return attachment.serve(actor=request.user, scope=attachment.case)


class GrantViewSet(_CaseChildViewSet):
    serializer_class = GrantSerializer
    pagination_class = None
    queryset = Case.objects.none()  # for the schema; grants are read from guardian's tables

    def _rows(self):
        return [
            {"kind": g["kind"], "id": g["pk"], "label": g["label"], "levels": g["levels"]}
            for g in case_grants(self.case("share"))
        ]

    def list(self, request, case_pk=None):
        return Response(self._rows())

    def create(self, request, case_pk=None):
        case = self.case("share")
        serializer = GrantSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.case_grant(
            case=case,
            actor=request.user,
            levels=data["levels"],
            user=data.get("user"),
            agency=data.get("agency"),
        )
        return Response(self._rows(), status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[OpenApiParameter("kind", str, OpenApiParameter.PATH, enum=["user", "agency"])]
    )
    def destroy(self, request, case_pk=None, kind=None, grantee_pk=None):
        case = self.case("share")
        grantee = get_object_or_404(User if kind == "user" else Agency, pk=grantee_pk)
        services.case_revoke(case=case, actor=request.user, **{kind: grantee})
        return Response(status=status.HTTP_204_NO_CONTENT)


class LinkViewSet(_CaseChildViewSet):
    serializer_class = LinkSerializer
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return CaseLink.objects.none()
        case = self.case()
        qualifications = Qualification.objects.select_related("article__code")
        return (
            (CaseLink.objects.filter(source=case) | CaseLink.objects.filter(target=case))
            .select_related("source__owning_agency", "target__owning_agency")
            .prefetch_related(
                Prefetch("source__qualifications", queryset=qualifications),
                Prefetch("target__qualifications", queryset=qualifications),
            )
        )

    def _data(self, links, many=True):
        return LinkSerializer(links, many=many, context={"case": self.case()}).data

    def list(self, request, case_pk=None):
        return Response(self._data(self.get_queryset()))

    @extend_schema(request=LinkProposeSerializer, responses={201: LinkSerializer})
    def create(self, request, case_pk=None):
        case = self.case("change")
        serializer = LinkProposeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        link = services.case_link_propose(
            case=case, actor=request.user, **serializer.validated_data
        )
        return Response(self._data(self.get_queryset().get(pk=link.pk), many=False), status=201)

    def _decide(self, request, pk, accept: bool):
        case = self.case("share")
        link = get_object_or_404(CaseLink, pk=pk, target=case)
        serializer = LinkDecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.case_link_decide(
            link=link, actor=request.user, accept=accept, note=serializer.validated_data["note"]
        )
        return Response(self._data(self.get_queryset().get(pk=pk), many=False))

    @extend_schema(request=LinkDecisionSerializer, responses={200: LinkSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request, case_pk=None, pk=None):
        return self._decide(request, pk, accept=True)

    @extend_schema(request=LinkDecisionSerializer, responses={200: LinkSerializer})
    @action(detail=True, methods=["post"])
    def decline(self, request, case_pk=None, pk=None):
        return self._decide(request, pk, accept=False)

    @extend_schema(request=None, responses={200: LinkSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, case_pk=None, pk=None):
        link = get_object_or_404(self.get_queryset(), pk=pk)
        services.case_link_withdraw(link=link, actor=request.user)
        return Response(self._data(self.get_queryset().get(pk=pk), many=False))
