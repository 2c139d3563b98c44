"""Collect every named route of the project (HTML pages and API), for the matrix test."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, get_resolver

# Django's own admin is tested separately (staff only); its hundreds of generated routes would
# only repeat the same check.
EXCLUDED_NAMESPACES = {"admin"}


def _walk(patterns, namespace: str = ""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in EXCLUDED_NAMESPACES:
                continue
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}:{entry.name}" if namespace else entry.name


def collect_route_names(urlconf: str | None = None) -> set[str]:
    return set(_walk(get_resolver(urlconf).url_patterns))
