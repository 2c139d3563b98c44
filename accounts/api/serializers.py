from __future__ import annotations

from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers, status

from accounts.lockout import is_locked_out, lockout_message, lockout_minutes
from accounts.models import Agency, User
from core.api import StrictFieldsMixin


class AgencySerializer(serializers.ModelSerializer):
    class Meta:
        model = Agency
        fields = ["id", "name_ru", "name_en", "short_name", "country", "kind"]


class MeSerializer(serializers.ModelSerializer):
    agency = AgencySerializer(read_only=True)
    roles = serializers.SerializerMethodField()
    time_zone = serializers.CharField(source="zone_name", read_only=True)

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "first_name",
            "last_name",
            "patronymic",
            "email",
            "agency",
            "roles",
            "time_zone",
            "is_superuser",
        ]

    def get_roles(self, user) -> list[str]:
        return sorted(user.role_names)


class TokenRequestSerializer(StrictFieldsMixin, serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, trim_whitespace=False, write_only=True)

    def validate(self, attrs):
        attrs["user"] = self.authenticate_password(attrs)
        return attrs

    def authenticate_password(self, attrs):
        """The user whose username and password these are; refused by the lockout (429) once
        there were too many failures for the username or from the address."""
        request = self.context["request"]
        # The request goes along: django-axes counts the failure against the username and the
        # address, and refuses a locked-out one before the password is checked.
        user = authenticate(request=request, username=attrs["username"], password=attrs["password"])
        if user is None:
            if is_locked_out(request):
                raise SignInLockedOut()
            # Same message for an unknown user, a wrong password and a disabled account.
            raise serializers.ValidationError(
                {"non_field_errors": [_("Unable to sign in with these credentials.")]}
            )
        return user


class SignInLockedOut(exceptions.APIException):
    """Too many failed sign-ins for the username or from the address: 429 until the cool-off
    has passed (Retry-After says when, at the latest)."""

    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "locked_out"

    def __init__(self):
        super().__init__(lockout_message())
        self.wait = lockout_minutes() * 60


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField(help_text=_("Send it as `Authorization: Token <token>`."))
    expiry = serializers.DateTimeField(help_text=_("When the token stops working."))


class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField()
