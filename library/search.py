"""Searching the library: PostgreSQL full-text with the Russian configuration (word forms:
«торговли» finds «торговля»), a case-folded substring on other databases."""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Q, QuerySet


def fold(text: str) -> str:
    """The form search_text is stored in: case-folded, whitespace collapsed."""
    return " ".join((text or "").casefold().split())


def library_search(queryset: QuerySet, q: str, *, ranked: bool = True) -> QuerySet:
    """The documents of ``queryset`` (already visible) that match ``q``: best first when
    ``ranked``, else in the queryset's own order (the API pages by keyset on it)."""
    q = (q or "").strip()[:200]
    if not q:
        return queryset
    if connection.vendor == "postgresql":
        # The same expression as the GIN index of migration 0002.
        vector = SearchVector("search_text", config="russian")
        query = SearchQuery(q, config="russian", search_type="websearch")
        found = queryset.annotate(search=vector).filter(
            Q(search=query) | Q(search_text__contains=fold(q))
        )
        if not ranked:
            return found
        return found.annotate(rank=SearchRank(vector, query)).order_by(
            F("rank").desc(), "-updated_at", "-id"
        )
    return queryset.filter(search_text__contains=fold(q))
