from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import generics, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from accounts.api.serializers import (
    AgencySerializer,
    MeSerializer,
    TokenRequestSerializer,
    TokenResponseSerializer,
)
from accounts.models import Agency
from accounts.services import auth_token_issue


class TokenView(APIView):
    """Exchange a username and password for an API token (send it as `Authorization: Token …`)."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth"

    @extend_schema(request=TokenRequestSerializer, responses={200: TokenResponseSerializer})
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        token = auth_token_issue(user=serializer.validated_data["user"])
        return Response({"token": token.key})


class MeView(generics.RetrieveAPIView):
    """The signed-in user: agency with its country, roles and time zone."""

    serializer_class = MeSerializer

    def get_object(self):
        return self.request.user


class AgencyViewSet(viewsets.ReadOnlyModelViewSet):
    """Agencies of both countries (public directory for every signed-in user)."""

    serializer_class = AgencySerializer
    queryset = Agency.objects.all()
    filterset_fields = ["country", "kind"]
