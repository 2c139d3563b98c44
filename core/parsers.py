"""The API's JSON parser, with a depth limit.

Python's JSON decoder recurses once per nesting level, so a body of a few kilobytes of ``[``
ends in a RecursionError (a 500 on every write path). The depth is measured first, without
recursion, and a deeper body is refused with a 400. (The body's size is Django's limit,
DATA_UPLOAD_MAX_MEMORY_SIZE: DRF reads JSON and form bodies through ``request.body``.)
"""

from __future__ import annotations

import json
import re

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError
from rest_framework.utils.json import strict_constant

# A JSON string (with its escapes): brackets inside one do not nest anything. The closing quote
# is optional so that every quote starts a match: an unterminated string is consumed once,
# never rescanned from each later quote (which would be quadratic in the body's length).
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"?', re.DOTALL)
_NOT_A_BRACKET = re.compile(r"[^\[\]{}]+")


def json_depth_exceeds(text: str, limit: int) -> bool:
    """Whether arrays and objects nest deeper than ``limit`` anywhere in ``text``.

    A linear scan of the brackets outside strings, without recursion, so it is safe on any
    input; a malformed text is left for the decoder to refuse.
    """
    brackets = _NOT_A_BRACKET.sub("", _JSON_STRING.sub("", text))
    depth = 0
    for char in brackets:
        if char in "[{":
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


def _decode(body: bytes, parser_context) -> str:
    encoding = parsers.get_encoding(parser_context or {})
    try:
        return body.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ParseError(
            _("The request body is not valid %(encoding)s text.") % {"encoding": encoding}
        ) from exc


class BoundedJSONParser(parsers.JSONParser):
    """JSON bodies nested at most API_JSON_MAX_DEPTH levels deep."""

    def parse(self, stream, media_type=None, parser_context=None):
        # DRF hands over the body read through ``request.body``: within DATA_UPLOAD_MAX_MEMORY_SIZE.
        text = _decode(stream.read(), parser_context)
        limit = settings.API_JSON_MAX_DEPTH
        if json_depth_exceeds(text, limit):
            raise ParseError(
                _("The JSON body is nested too deeply: at most %(limit)s levels are accepted.")
                % {"limit": limit}
            )
        try:
            return json.loads(text, parse_constant=strict_constant if self.strict else None)
        except ValueError as exc:
            # Also a number of more digits than Python converts (sys.get_int_max_str_digits()).
            raise ParseError(
                _("The request body is not valid JSON: %(error)s") % {"error": exc}
            ) from exc
