"""The library's list filters, shared by the page and the API."""

from __future__ import annotations

from library.search import library_search


def filter_documents(queryset, params, *, ranked: bool = True):
    """``queryset`` (visible) narrowed by q (full-text), kind, language and tag."""
    kind = (params.get("kind") or "").strip()
    language = (params.get("language") or "").strip()
    tag = (params.get("tag") or "").strip().lower()
    if kind:
        queryset = queryset.filter(kind=kind)
    if language:
        queryset = queryset.filter(language=language)
    if tag:
        queryset = queryset.filter(tags__name=tag)
    return library_search(queryset, params.get("q") or "", ranked=ranked)
