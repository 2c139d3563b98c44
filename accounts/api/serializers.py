from __future__ import annotations

from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers, status

from accounts.lockout import is_locked_out, lockout_message, lockout_minutes
from accounts.models import Agency, User
from accounts.two_factor import services as two_factor
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
    otp = serializers.CharField(
        max_length=32,
        required=False,
        write_only=True,
        help_text=_(
            "For an account with two-factor authentication: the code from the authenticator "
            "app, or one of the recovery codes."
        ),
    )

    def validate(self, attrs):
        user = self.authenticate_password(attrs)
        self.check_second_factor(user, attrs.get("otp", ""))
        attrs["user"] = user
        return attrs

    def check_second_factor(self, user, code: str) -> None:
        """An account with an authenticator (or whose role requires one) must send a valid
        `otp`; an account without one must send none. A wrong code counts as a failed sign-in
        (the lockout), as a wrong password does."""
        if not two_factor.two_factor_enabled(user):
            if two_factor.two_factor_required(user):
                raise serializers.ValidationError(
                    {
                        "otp": [
                            _(
                                "Your role requires two-factor authentication: set it up in the "
                                "portal before asking for a token."
                            )
                        ]
                    }
                )
            if code:
                raise serializers.ValidationError(
                    {"otp": [_("This account does not use two-factor authentication.")]}
                )
            return
        if not code:
            raise serializers.ValidationError({"otp": [_("A two-factor code is required.")]})
        try:
            device = two_factor.two_factor_check(
                user=user, code=code, request=self.context["request"]
            )
        except two_factor.LockedOut as exc:
            raise SignInLockedOut() from exc
        except DjangoValidationError as exc:  # backing off after wrong codes
            raise serializers.ValidationError({"otp": exc.messages}) from exc
        if device is None:
            raise serializers.ValidationError({"otp": [_("The two-factor code is not valid.")]})

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
