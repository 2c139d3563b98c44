"""Responses that hand stored files and generated CSV to the browser safely."""

from __future__ import annotations

from django.http import FileResponse


def file_download(fileobj, *, filename: str, content_type: str) -> FileResponse:
    """A stored file as an attachment, never rendered by the browser (uploads are user input)."""
    response = FileResponse(
        fileobj, as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


class Echo:
    """A file-like object whose write returns the line: csv.writer feeding a streaming response."""

    def write(self, value):
        return value


def csv_cell(value) -> str:
    # SECURITY: a cell starting with = + - @ is a formula in spreadsheet programs.
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text
