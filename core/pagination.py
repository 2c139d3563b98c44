"""Pagination that stays fast on national-scale tables.

- Pages (``CappedPaginator``): the count stops at ``settings.LIST_COUNT_CAP`` rows ("more than
  10 000"): the counting query reads ids only, in no order, and stops after the cap — instead
  of reading every visible row for a number nobody pages to.
- The API (``KeysetPagination``): a cursor holds the last row's values of the list's order and
  the next page starts strictly after them — an index range, however deep the page. The order
  is the queryset's own (``order_by``) and always ends with the primary key, so it is total.
"""

from __future__ import annotations

import base64
import binascii
import json
from functools import cached_property, reduce
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound
from rest_framework.pagination import BasePagination
from rest_framework.response import Response

from core.parsers import json_depth_exceeds


class PresortedRows:
    """A list's rows whose order is already known as their ids (a search read them): the count
    is their number, and a page reads its own rows only — ``queryset`` narrowed to the page's
    ids, in the ids' order. ``queryset`` still carries the list's rules (visibility)."""

    def __init__(self, queryset, ids: list):
        self.queryset = queryset
        self.ids = ids

    def count(self) -> int:
        return len(self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        return self.rows(self.ids[index])

    def rows(self, ids: list) -> list:
        """The rows of ``ids``, in their order (one query for the page)."""
        if not ids:
            return []
        rows = {row.pk: row for row in self.queryset.filter(pk__any_of=ids)}
        return [rows[pk] for pk in ids if pk in rows]

    def as_queryset(self):
        """The same rows as a queryset (the ids as a condition)."""
        return self.queryset.filter(pk__any_of=self.ids)


class CappedPaginator(Paginator):
    """A paginator whose count is exact up to the cap and "more than the cap" beyond it."""

    def __init__(self, *args, cap: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.cap = cap if cap is not None else settings.LIST_COUNT_CAP

    @cached_property
    def counted(self) -> int:
        """Rows, counted up to cap + 1 (one more tells that the cap was passed)."""
        object_list = self.object_list
        if isinstance(object_list, PresortedRows):
            return min(object_list.count(), self.cap + 1)
        if hasattr(object_list, "count") and hasattr(object_list, "query"):
            # Only the rows' ids, in no order: the database picks its cheapest way to the rows
            # (on PostgreSQL, the visibility rule's indexes), and stops after cap + 1. A list
            # narrowed by a rule of several terms is counted as its disjoint parts, one index
            # condition each (``count_parts``, e.g. ``cases.querysets.CaseQuerySet``).
            parts = object_list.count_parts() if hasattr(object_list, "count_parts") else []
            ids = [part.order_by().values("pk") for part in parts or [object_list]]
            if len(ids) > 1:
                return ids[0].union(*ids[1:], all=True)[: self.cap + 1].count()
            return ids[0][: self.cap + 1].count()
        return len(object_list[: self.cap + 1])

    @cached_property
    def capped(self) -> bool:
        return self.counted > self.cap

    @cached_property
    def count(self) -> int:
        return min(self.counted, self.cap)

    def page(self, number):
        if not self.capped:
            return super().page(number)
        # Past the cap the rows go on: a page is always whole (the count only stopped counting).
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return self._get_page(self.object_list[bottom : bottom + self.per_page], number, self)

    @property
    def count_display(self) -> str:
        """The count as a page shows it: "1 234", or "more than 10 000"."""
        shown = number_format(self.count, force_grouping=True)
        return _("more than %(count)s") % {"count": shown} if self.capped else shown


class CappedPaginationMixin:
    """For ListViews: the capped paginator; templates show ``paginator.count_display``."""

    paginator_class = CappedPaginator


# --- The API's keyset pagination ---------------------------------------------------------------


def _ordering(queryset) -> list[tuple[str, bool]]:
    """The queryset's order as (field path, descending) pairs, closed by the primary key."""
    order = list(queryset.query.order_by) or list(queryset.model._meta.ordering) or ["pk"]
    pairs = []
    for item in order:
        if not isinstance(item, str) or item == "?":
            raise ValueError(f"keyset pagination needs plain field orderings, not {item!r}")
        pairs.append((item.lstrip("-"), item.startswith("-")))
    pk_names = {"pk", "id", queryset.model._meta.pk.name}
    if pairs[-1][0] not in pk_names:
        pairs.append(("pk", pairs[-1][1]))
    return pairs


def _field(model, path: str):
    field = None
    for part in path.split("__"):
        field = model._meta.pk if part == "pk" else model._meta.get_field(part)
        model = field.related_model or model
    return field


def _value(obj, path: str):
    return reduce(getattr, path.split("__"), obj)


def _after(pairs, values, forward: bool = True) -> Q:
    """Rows strictly after ``values`` in the order ``pairs`` (before them if not ``forward``)."""
    condition = Q(pk__in=[])
    equal = Q()
    for (path, descending), value in zip(pairs, values, strict=True):
        lookup = "lt" if descending == forward else "gt"
        condition |= equal & Q(**{f"{path}__{lookup}": value})
        equal &= Q(**{path: value})
    return condition


def _window(ids: list, values, forward: bool, size: int) -> tuple[list, bool] | None:
    """The ids of the page after (or before) the cursor's row in ``ids`` (in order), and
    whether more lie beyond; None when the cursor's row is not among them. A cursor ends with
    its row's primary key (``_ordering``)."""
    if values is None:
        return ids[:size], len(ids) > size
    try:
        at = ids.index(values[-1])
    except ValueError:
        return None
    if forward:
        return ids[at + 1 : at + 1 + size], len(ids) > at + 1 + size
    return ids[max(0, at - size) : at], at > size


class KeysetPagination(BasePagination):
    """Cursor pages over the queryset's own order: ``?cursor=…`` from ``next`` / ``previous``."""

    page_size = 50
    max_page_size = 200
    cursor_query_param = "cursor"
    page_size_query_param = "page_size"

    def paginate_queryset(self, queryset, request, view=None):
        """A page of ``queryset``: a QuerySet, or ``PresortedRows`` whose ids are already in the
        queryset's order (a page is then the ids after the cursor's row, read by id)."""
        self.request = request
        presorted = queryset if isinstance(queryset, PresortedRows) else None
        if presorted is not None:
            queryset = presorted.queryset
        self.pairs = _ordering(queryset)
        size = self.get_page_size(request)
        forward, values = self.decode_cursor(queryset.model, request)
        window = None if presorted is None else _window(presorted.ids, values, forward, size)
        if window is not None:
            ids, more = window
            rows = presorted.rows(ids)
        else:
            if presorted is not None:
                # The cursor's row is no longer among the ids (it changed since): by SQL.
                queryset = presorted.as_queryset()
            rows, more = self._page_by_sql(queryset, values, forward, size)
        self.has_next = more if forward else values is not None
        self.has_previous = values is not None if forward else more
        self.rows = rows
        return rows

    def _page_by_sql(self, queryset, values, forward: bool, size: int):
        ordered = queryset.order_by(*[f"{'-' if desc else ''}{path}" for path, desc in self.pairs])
        if values is not None:
            ordered = ordered.filter(_after(self.pairs, values, forward))
        if not forward:
            ordered = ordered.reverse()
        rows = list(ordered[: size + 1])
        more = len(rows) > size
        rows = rows[:size]
        if not forward:
            rows.reverse()
        return rows, more

    def get_page_size(self, request) -> int:
        try:
            size = int(request.query_params.get(self.page_size_query_param, self.page_size))
        except (TypeError, ValueError):
            return self.page_size
        return max(1, min(size, self.max_page_size))

    # The cursor: base64 of JSON {"d": "n"|"p", "v": [values as strings]}.
    def decode_cursor(self, model, request):
        raw = request.query_params.get(self.cursor_query_param)
        if not raw:
            return True, None
        try:
            text = base64.urlsafe_b64decode(raw.encode("ascii")).decode("utf-8")
            # A cursor is two levels deep; a forged one must not recurse the decoder into a
            # RecursionError, nor bring a NUL that PostgreSQL refuses in a query (both 500s).
            if json_depth_exceeds(text, 2):
                raise ValueError
            data = json.loads(text)
            strings = data["v"]
            if data["d"] not in ("n", "p") or len(strings) != len(self.pairs):
                raise ValueError
            if any("\x00" in str(value) for value in strings):
                raise ValueError
            values = [
                _field(model, path).to_python(text)
                for (path, _descending), text in zip(self.pairs, strings, strict=True)
            ]
        except (
            ValueError,
            TypeError,
            KeyError,
            UnicodeError,
            binascii.Error,
            ValidationError,
            FieldDoesNotExist,
        ) as exc:
            raise NotFound(_("Invalid cursor.")) from exc
        return data["d"] == "n", values

    def encode_cursor(self, obj, direction: str) -> str:
        strings = []
        for path, _descending in self.pairs:
            value = _value(obj, path)
            value = getattr(value, "pk", value)
            strings.append(value.isoformat() if hasattr(value, "isoformat") else str(value))
        raw = json.dumps({"d": direction, "v": strings}, separators=(",", ":"))
        cursor = base64.urlsafe_b64encode(raw.encode("utf-8")).decode("ascii")
        (scheme, netloc, path, query, fragment) = urlsplit(self.request.build_absolute_uri())
        params = parse_qs(query, keep_blank_values=True)
        params[self.cursor_query_param] = [cursor]
        return urlunsplit((scheme, netloc, path, urlencode(params, doseq=True), fragment))

    def get_paginated_response(self, data):
        return Response(
            {
                "next": self.encode_cursor(self.rows[-1], "n")
                if self.has_next and self.rows
                else None,
                "previous": self.encode_cursor(self.rows[0], "p")
                if self.has_previous and self.rows
                else None,
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "nullable": True, "format": "uri"}
        return {
            "type": "object",
            "required": ["results"],
            "properties": {"next": link, "previous": link, "results": schema},
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": _("The page after or before this one: the next / previous link."),
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": _("Rows per page (at most %(max)s).") % {"max": self.max_page_size},
                "schema": {"type": "integer"},
            },
        ]
