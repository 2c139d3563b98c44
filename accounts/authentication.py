"""API authentication: django-rest-knox's hashed, expiring tokens (`Authorization: Token …`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from rest_framework import exceptions

from core.middleware import activate_zone_of


class TokenAuthentication(KnoxTokenAuthentication):
    """Knox's token check; a header that is not text is a 401 like any other wrong token.

    Knox decodes the token as UTF-8 without a guard, so bytes that are not UTF-8 in the header
    would end in a 500.

    The officer's zone is activated as soon as the token is known, as the zone middleware does
    for a session: without it a token client's "today" was UTC's — an officer in Bishkek could
    not record a case opened today between midnight and 06:00, and every date shown was UTC's.
    """

    def authenticate(self, request):
        signed_in = super().authenticate(request)
        if signed_in is not None:
            activate_zone_of(signed_in[0])
        return signed_in

    def authenticate_credentials(self, token: bytes):
        try:
            token.decode("utf-8")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        return super().authenticate_credentials(token)


class TokenScheme(OpenApiAuthenticationExtension):
    """The OpenAPI security scheme of the token above (`Authorization: Token <key>`)."""

    target_class = "accounts.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(
            header_name="Authorization", token_prefix=self.target.authenticate_header(None)
        )
