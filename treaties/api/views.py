"""Registry API: read for every signed-in user, write for registry administrators (403 else).

No DELETE: a registry record that other records cite is corrected or deactivated, not erased.
"""

from __future__ import annotations

from rest_framework import mixins, permissions, viewsets

from treaties.api.serializers import (
    CriminalArticleSerializer,
    CriminalCodeSerializer,
    DeadlineRuleSerializer,
    InstrumentSerializer,
    PartySerializer,
    ProvisionSerializer,
    RefusalGroundSerializer,
    RequiredElementSerializer,
)
from treaties.models import (
    CriminalArticle,
    CriminalCode,
    DeadlineRule,
    Instrument,
    InstrumentParty,
    Provision,
    RefusalGround,
    RequiredElement,
)
from treaties.services import registry_can_edit, registry_record_save


class IsRegistryAdminOrReadOnly(permissions.BasePermission):
    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        return registry_can_edit(request.user)


class _RegistryViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [permissions.IsAuthenticated, IsRegistryAdminOrReadOnly]

    def perform_create(self, serializer):
        model = serializer.Meta.model
        data = dict(serializer.validated_data)
        relations = {
            name: data.pop(name) for name in list(data) if model._meta.get_field(name).many_to_many
        }
        serializer.instance = registry_record_save(
            actor=self.request.user, instance=model(**data), relations=relations
        )

    def perform_update(self, serializer):
        instance = serializer.instance
        relations = {}
        for field, value in serializer.validated_data.items():
            if instance._meta.get_field(field).many_to_many:
                relations[field] = value
            else:
                setattr(instance, field, value)
        serializer.instance = registry_record_save(
            actor=self.request.user, instance=instance, relations=relations
        )


class InstrumentViewSet(_RegistryViewSet):
    serializer_class = InstrumentSerializer
    filterset_fields = ["kind", "is_legal_basis", "confidence"]
    # Children are prefetched once per page: five queries in all, whatever the page size.
    queryset = Instrument.objects.prefetch_related(
        "parties",
        "provisions",
        "deadline_rules",
        "required_elements",
        "refusal_grounds",
    )

    def get_queryset(self):
        queryset = super().get_queryset()
        query = self.request.query_params.get("search", "")
        return queryset.search(query[:200]) if query else queryset


class PartyViewSet(_RegistryViewSet):
    serializer_class = PartySerializer
    queryset = InstrumentParty.objects.all()
    filterset_fields = ["instrument", "country", "status", "confidence"]


class ProvisionViewSet(_RegistryViewSet):
    serializer_class = ProvisionSerializer
    queryset = Provision.objects.all()
    filterset_fields = ["instrument", "confidence"]


class DeadlineRuleViewSet(_RegistryViewSet):
    serializer_class = DeadlineRuleSerializer
    queryset = DeadlineRule.objects.all()
    filterset_fields = ["instrument", "trigger", "is_active", "is_practice", "confidence"]


class RequiredElementViewSet(_RegistryViewSet):
    serializer_class = RequiredElementSerializer
    queryset = RequiredElement.objects.all()
    filterset_fields = ["instrument", "request_kind", "check_kind", "confidence"]


class RefusalGroundViewSet(_RegistryViewSet):
    serializer_class = RefusalGroundSerializer
    queryset = RefusalGround.objects.all()
    filterset_fields = ["instrument", "request_kind", "is_mandatory", "confidence"]


class CriminalCodeViewSet(_RegistryViewSet):
    serializer_class = CriminalCodeSerializer
    queryset = CriminalCode.objects.all()
    filterset_fields = ["country", "confidence"]


class CriminalArticleViewSet(_RegistryViewSet):
    """Articles of both countries' criminal codes that cases are qualified under."""

    serializer_class = CriminalArticleSerializer
    # The code and the corresponding articles of a page, in two queries.
    queryset = CriminalArticle.objects.select_related("code").prefetch_related("corresponding")
    filterset_fields = ["code", "code__country", "category", "is_active", "confidence"]
