"""The navigation of the whole product; an entry appears once its app's URL exists."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.module_loading import import_string
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    section: str
    # A User property that must be true ("is_auditor"), or a function of the user by dotted path.
    requires: str = ""
    # Entries of one group share a dropdown in the header (it stays one line at 1366 px).
    group: str = ""


# The forms of cooperation between the agencies: exchange, coordinated operations, library.
COOPERATION = _("Cooperation")

NAVIGATION = (
    NavEntry(_("Cases"), "cases:list", "cases"),
    NavEntry(_("MLA requests"), "requests_mla:list", "requests_mla"),
    NavEntry(_("Extradition"), "extradition:list", "extradition"),
    NavEntry(_("Joint teams"), "teams:list", "teams"),
    NavEntry(
        _("Information exchange"),
        "exchange:list",
        "exchange",
        requires="exchange.services.is_officer",
        group=COOPERATION,
    ),
    NavEntry(_("Coordinated operations"), "operations:list", "operations", group=COOPERATION),
    NavEntry(_("Library"), "library:list", "library", group=COOPERATION),
    # Statistics beside the statistical exchange built on its figures (no slot of its own: the
    # header stays one line at 1366 px).
    NavEntry(
        _("Statistics"),
        "stats:index",
        "stats",
        requires="stats.scope.may_read_statistics",
        group=COOPERATION,
    ),
    NavEntry(
        _("Statistical exchange"),
        "statreports:list",
        "statreports",
        requires="statreports.models.may_exchange",
        group=COOPERATION,
    ),
    NavEntry(_("Deadlines"), "deadlines:mine", "deadlines"),
    NavEntry(_("Registry"), "treaties:list", "treaties"),
    NavEntry(_("Audit"), "audit:list", "audit", requires="is_auditor"),
    NavEntry(_("Verify a document"), "documents:verify", "documents"),
)


def _url(name: str) -> str | None:
    urlconf = get_urlconf(settings.ROOT_URLCONF)
    return _reversed(name, get_script_prefix(), urlconf, get_language())


@functools.cache
def _reversed(name: str, _prefix: str, _urlconf: str, _language: str | None) -> str | None:
    """An entry's address, reversed once per process for what an address depends on: the
    script prefix, the URLconf, the language (the header's thirteen ``reverse()`` calls were
    0.2–0.4 ms of every page)."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def _meets(user, requires: str) -> bool:
    """A User property (``is_auditor``), or the dotted path of a function of the user (an app's
    own rule, so that core imports no app)."""
    if "." in requires:
        return bool(import_string(requires)(user))
    return bool(getattr(user, requires, False))


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_entries": []}
    current = request.resolver_match.namespace if request.resolver_match else ""
    entries = []
    for entry in NAVIGATION:
        if entry.requires and not _meets(user, entry.requires):
            continue
        url = _url(entry.url_name)
        if url is None:
            continue
        item = {"label": entry.label, "url": url, "active": current == entry.section}
        if not entry.group:
            entries.append(item)
            continue
        # The group's dropdown takes the place of its first entry.
        group = next((e for e in entries if e.get("group") == entry.group), None)
        if group is None:
            group = {"label": entry.group, "group": entry.group, "children": [], "active": False}
            entries.append(group)
        group["children"].append(item)
        group["active"] = group["active"] or item["active"]
    return {"nav_entries": entries}
