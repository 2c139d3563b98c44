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
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
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
    request = context.get("request")
    if request is not None and not isinstance(
        getattr(request, "accepted_renderer", None), JSONRenderer | type(None)
    ):
        # An error is JSON whatever the client asked for (a document with ?format=pdf or
        # Accept: application/pdf), and says so in its Content-Type.
        request.accepted_renderer = JSONRenderer()
        request.accepted_media_type = JSONRenderer.media_type
    return _error_response(exc, context)


def _error_response(exc, context):
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


def not_found(request, exception):
    """The 404 of a URL that matches no route (handler404): the API answers in its own error
    body, as it does for a missing object; pages get the 404 page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Not found.")}, status=status.HTTP_404_NOT_FOUND)
    return defaults.page_not_found(request, exception)


# The error body every API error has (exception_handler above and DRF's own): ``detail``, a
# message; or, for invalid input, each field's messages (lists, nested for nested fields), with
# ``errors`` beside ``detail`` when a rule of the legal process names what is missing.
ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "detail": {"type": "string"},
        "errors": {"description": "What the refused step still needs, by item."},
    },
    "additionalProperties": {"anyOf": [{"type": "array"}, {"type": "object"}]},
}

_ERRORS = {
    "400": "Invalid input: the errors of each field, or `detail`.",
    "401": "Not signed in: no token, or one that is wrong, expired or revoked.",
    "403": "Signed in, but not allowed to do this.",
    "404": "No such object, or one the caller cannot see (also an invalid page cursor).",
    "409": "The record's state refuses this: a step out of turn, a stale version, a record "
    "still referenced.",
    "412": "The record changed since the version sent in If-Match: nothing was overwritten.",
    "415": "The body's Content-Type is not one the operation accepts.",
    "428": "The version being edited is missing: send If-Match or a version field.",
    "429": "Too many attempts: wait, then try again.",
}
ERROR_REF = {"$ref": "#/components/schemas/Error"}


def error_responses(*codes: int) -> dict:
    """Error answers particular to a view, for its ``@extend_schema(responses=...)``."""
    return {
        code: OpenApiResponse(response=ERROR_REF, description=_ERRORS[str(code)]) for code in codes
    }


class PortalAutoSchema(AutoSchema):
    """drf-spectacular's schema, with the error answers each operation can give documented
    beside its success (a client, or a fuzzer checking the schema, meets them all)."""

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        error = ResolvedComponent(
            name="Error", type=ResolvedComponent.SCHEMA, schema=ERROR_SCHEMA, object="Error"
        )
        self.registry.register_on_missing(error)
        for code in self._error_codes(operation):
            operation["responses"].setdefault(
                code,
                {
                    "description": _ERRORS[code],
                    "content": {"application/json": {"schema": error.ref}},
                },
            )
        return operation

    def _error_codes(self, operation) -> list[str]:
        public = any(isinstance(p, AllowAny) for p in self.view.get_permissions())
        has_query = any(p["in"] == "query" for p in operation.get("parameters", []))
        writes = self.method in ("POST", "PUT", "PATCH", "DELETE")
        codes = []
        if "requestBody" in operation or has_query:
            codes.append("400")
        if not public:
            codes += ["401", "403"]
        if "{" in self.path or has_query:
            codes.append("404")
        if writes and not public:
            codes.append("409")
        if "requestBody" in operation:
            codes.append("415")
        if self.view.get_throttles():
            codes.append("429")
        return codes


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
    """Lets clients ask for a document with ``Accept: application/pdf``; errors come back as
    JSON (exception_handler switches their renderer)."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes):
            return data
        return JSONRenderer().render(data)
