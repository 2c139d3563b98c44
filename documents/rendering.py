"""HTML to PDF with WeasyPrint, fetching nothing but the project's own static files."""

from __future__ import annotations

import logging
import mimetypes
import os
from urllib.parse import unquote, urlsplit

import segno
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse, path2url

logger = logging.getLogger(__name__)


class RefusedURLError(ValueError):
    """A resource the PDF renderer may not fetch. Not fatal: WeasyPrint skips it and goes on."""


def static_roots() -> tuple[str, ...]:
    """The real paths of every static directory: STATICFILES_DIRS entries and STATIC_ROOT."""
    roots: list[str] = []
    for entry in settings.STATICFILES_DIRS:
        path = entry[1] if isinstance(entry, list | tuple) else entry
        roots.append(os.path.realpath(path))
    if settings.STATIC_ROOT:
        roots.append(os.path.realpath(settings.STATIC_ROOT))
    return tuple(dict.fromkeys(roots))


def static_base_url() -> str:
    """``file://`` URL of the project's own static directory (the base of relative URLs)."""
    for entry in settings.STATICFILES_DIRS:
        if not isinstance(entry, list | tuple):
            return path2url(os.path.realpath(entry))
    return path2url(os.path.realpath(settings.STATIC_ROOT))


def _inside(path: str, roots: tuple[str, ...]) -> bool:
    return any(os.path.commonpath([root, path]) == root for root in roots)


class StaticOnlyFetcher(URLFetcher):
    """Serves files of the static directories only; refuses every other URL.

    A template that lets a user's text through unescaped could otherwise make the server read
    local files (``file:///etc/passwd``) into a PDF, or call internal hosts (SSRF). ``data:`` URLs
    are refused too: a document carries no embedded payload that did not come from our files.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.refused: list[str] = []
        self.served: list[str] = []
        self._roots = static_roots()
        static_url = settings.STATIC_URL or ""
        # "/static/" style: file:///static/... once joined to the file:// base URL.
        self._static_path = static_url if static_url.startswith("/") else ""
        # "https://cdn.example/static/" style: only ever mapped to a local file, never fetched.
        self._static_absolute = static_url if "://" in static_url else ""

    def fetch(self, url, headers=None):
        path = self._resolve(url)
        if path is None:
            self.refused.append(url)
            logger.warning("PDF rendering refused to fetch %s", url[:200])
            raise RefusedURLError(f"Only the portal's static files may be used: {url[:200]}")
        with open(path, "rb") as file:
            body = file.read()
        self.served.append(url)
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        # The real file's URL, so that url(...) inside a stylesheet resolves next to it.
        return URLFetcherResponse(path2url(path), body=body, headers={"Content-Type": content_type})

    def _resolve(self, url: str) -> str | None:
        """The real path of a static file this URL names, or None when it names anything else."""
        try:
            parts = urlsplit(url)
        except ValueError:
            return None
        scheme = parts.scheme.lower()
        relative = None
        if scheme == "file":
            if parts.netloc not in ("", "localhost"):
                return None
            path = unquote(parts.path)
            if not path.startswith("/"):
                return None
            # SECURITY: realpath before the check, so neither ".." nor a symlink leaves the roots.
            real = os.path.realpath(path)
            if _inside(real, self._roots) and os.path.isfile(real):
                return real
            if self._static_path and path.startswith(self._static_path):
                relative = path[len(self._static_path) :]
        elif self._static_absolute and url.startswith(self._static_absolute):
            relative = unquote(urlsplit(url[len(self._static_absolute) :]).path)
        if not relative:
            return None
        try:
            found = finders.find(relative)
        except SuspiciousFileOperation:  # "../" out of a static directory
            return None
        if not found and settings.STATIC_ROOT:
            # After collectstatic, where the source folders may be absent.
            found = os.path.join(settings.STATIC_ROOT, relative)
        if not found:
            return None
        real = os.path.realpath(found)
        if _inside(real, self._roots) and os.path.isfile(real):
            return real
        return None


def render_pdf(html: str, *, fetcher: StaticOnlyFetcher | None = None) -> bytes:
    """PDF bytes of an HTML page. Relative URLs resolve in the static directory; nothing else."""
    fetcher = fetcher if fetcher is not None else StaticOnlyFetcher()
    return HTML(string=html, base_url=static_base_url(), url_fetcher=fetcher).write_pdf()


def qr_svg(data: str) -> str:
    """Inline SVG markup of a QR code (no XML declaration): no resource to fetch."""
    return segno.make(data, error="m").svg_inline(scale=3, border=1)
