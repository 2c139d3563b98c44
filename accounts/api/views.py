from __future__ import annotations

from django.contrib.auth import logout
from drf_spectacular.utils import OpenApiResponse, extend_schema
from knox.models import AuthToken
from rest_framework import generics, status, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from accounts.api.serializers import (
    AgencySerializer,
    DetailSerializer,
    MeSerializer,
    TokenRequestSerializer,
    TokenResponseSerializer,
)
from accounts.models import Agency
from accounts.services import auth_token_issue, auth_token_revoke


class TokenView(APIView):
    """Exchange a username and password for an API token (send it as `Authorization: Token …`).

    Each call issues a new token, valid until `expiry` (API_TOKEN_TTL_HOURS); only its hash is
    stored. After too many failed attempts for a username or from an address, sign-in is refused
    with 429 for a while (LOGIN_FAILURE_LIMIT, LOGIN_LOCKOUT_MINUTES).
    """

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth"

    @extend_schema(
        request=TokenRequestSerializer,
        responses={
            200: TokenResponseSerializer,
            429: OpenApiResponse(
                DetailSerializer, description="Too many attempts: locked out or throttled."
            ),
        },
    )
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        token, key = auth_token_issue(user=serializer.validated_data["user"])
        return Response(TokenResponseSerializer({"token": key, "expiry": token.expiry}).data)


class LogoutView(APIView):
    """Sign out: revoke the API token this call is made with (a browser session ends too)."""

    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        if isinstance(request.auth, AuthToken):
            auth_token_revoke(user=request.user, token=request.auth, reason="logout")
        else:
            # Signed in with the session (the API's pages in a browser): sign that out.
            logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


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
