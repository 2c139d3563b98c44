"""The text of a library file, for search: PDFs through pypdf, plain text decoded."""

from __future__ import annotations

import io
import logging

logger = logging.getLogger(__name__)

# Enough for any methodology or code chapter; a larger file is searched by its beginning.
MAX_CHARS = 500_000


def extract_text(data: bytes, content_type: str) -> str:
    """The readable text of a file's bytes ("" when the type has none we can read)."""
    if content_type == "application/pdf":
        return _pdf_text(data)[:MAX_CHARS]
    if content_type in ("text/plain", "text/csv"):
        for encoding in ("utf-8-sig", "cp1251"):
            try:
                return data.decode(encoding)[:MAX_CHARS]
            except UnicodeDecodeError:
                continue
    return ""


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except (PyPdfError, ValueError, KeyError, TypeError) as exc:
        # A damaged or encrypted PDF is still stored; it is found by its title only.
        logger.warning("library: no text extracted from a PDF (%s)", exc)
        return ""
