"""Shared pieces of the REST API: strict input, and one mapping of errors to HTTP."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import (
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError
from django.utils.translation import gettext as _
from rest_framework import serializers, status
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.exceptions import DomainError


class StrictFieldsMixin:
    """Refuse unknown fields instead of silently dropping them (a typo must not lose data)."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            writable = {name for name, field in self.fields.items() if not field.read_only}
            unknown = sorted(set(data) - writable)
            if unknown:
                raise serializers.ValidationError(
                    {name: [_("Unknown or read-only field.")] for name in unknown}
                )
        return super().to_internal_value(data)


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        body = {"detail": exc.message}
        if exc.details is not None:
            body["errors"] = exc.details
        return Response(body, status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        body = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, ProtectedError):
        return Response(
            {"detail": _("This record is referenced by other records and cannot be removed.")},
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, RequestDataTooBig | TooManyFieldsSent | TooManyFilesSent):
        # Django's multipart parser enforces its DATA_UPLOAD_* limits by raising these; left to
        # Django they would answer an HTML page, not the API's error body.
        return Response({"detail": _body_limit_message(exc)}, status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)


def _body_limit_message(exc) -> str:
    if isinstance(exc, TooManyFieldsSent):
        return _("The request has too many fields: at most %(limit)s are accepted.") % {
            "limit": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        }
    if isinstance(exc, TooManyFilesSent):
        return _("The request has too many files: at most %(limit)s are accepted.") % {
            "limit": settings.DATA_UPLOAD_MAX_NUMBER_FILES
        }
    return _(
        "The request body is too large: at most %(limit)s bytes are accepted, "
        "not counting uploaded files."
    ) % {"limit": settings.DATA_UPLOAD_MAX_MEMORY_SIZE}


_FORM_FIELD_TYPES = {
    "BooleanField": {"type": "boolean"},
    "IntegerField": {"type": "integer"},
    "DateField": {"type": "string", "format": "date"},
    "DateTimeField": {"type": "string", "format": "date-time"},
    "ModelChoiceField": {"type": "integer"},
    "ModelMultipleChoiceField": {"type": "array", "items": {"type": "integer"}},
    "MultipleChoiceField": {"type": "array", "items": {"type": "string"}},
}


def form_schema(form_class) -> dict:
    """The OpenAPI request body of a workflow step, read from the step's own form (the one
    definition of its input), so the documentation cannot drift from the validation."""
    properties, required = {}, []
    for name, field in form_class.base_fields.items() if form_class else ():
        # A project's subclass (a user chooser is a ModelChoiceField) has its base's type.
        kind = next(
            (c.__name__ for c in type(field).__mro__ if c.__name__ in _FORM_FIELD_TYPES), None
        )
        schema = dict(_FORM_FIELD_TYPES.get(kind, {"type": "string"}))
        # The type first: a model field's choices are a query (not run at import time).
        choices = getattr(field, "choices", None) if schema.get("type") == "string" else None
        if choices:
            schema["enum"] = [str(value) for value, _label in choices if value != ""]
        if getattr(field, "max_length", None):
            schema["maxLength"] = field.max_length
        if field.label:
            schema["description"] = str(field.label)
        properties[name] = schema
        if field.required:
            required.append(name)
    body = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        body["required"] = required
    return body


class PDFRenderer(BaseRenderer):
    """Lets clients ask for a document with ``Accept: application/pdf``; errors still come back
    as JSON text."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes):
            return data
        return JSONRenderer().render(data)
