from __future__ import annotations

from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

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
        user = authenticate(
            request=self.context.get("request"),
            username=attrs["username"],
            password=attrs["password"],
        )
        if user is None:
            # Same message for an unknown user, a wrong password and a disabled account.
            raise serializers.ValidationError(
                {"non_field_errors": [_("Unable to sign in with these credentials.")]}
            )
        attrs["user"] = user
        return attrs


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField()
