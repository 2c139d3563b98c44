"""A figure's table as CSV or XLSX: the same masked rows the page and the API show."""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse

from audit.models import AuditAction
from audit.services import audit_record
from core.downloads import csv_cell
from stats.figures import FigureData, Filters, figure_json

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export_filename(data: FigureData, filters: Filters, extension: str) -> str:
    """``statistics-<figure>-<from>_<to>.<ext>``; an open end of the period reads «all»."""
    start = filters.date_from.isoformat() if filters.date_from else "all"
    end = filters.date_to.isoformat() if filters.date_to else "all"
    return f"statistics-{data.name}-{start}_{end}.{extension}"


def figure_csv(data: FigureData) -> bytes:
    table = figure_json(data)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([csv_cell(c["label"]) for c in table["columns"]])
    for row in table["rows"]:
        writer.writerow(["" if v is None else csv_cell(v) for v in row])
    # The byte order mark: spreadsheet programs then read the Cyrillic as UTF-8.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def figure_xlsx(data: FigureData) -> bytes:
    from openpyxl import Workbook

    table = figure_json(data)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=data.name[:31])
    sheet.append([table["title"]])
    sheet.append([])
    sheet.append([c["label"] for c in table["columns"]])
    for row in table["rows"]:
        # Numbers stay numbers; labels and «<3» are text (a label starting with "=" stays text).
        sheet.append([v if isinstance(v, int | float) or v is None else csv_cell(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def export_response(*, user, data: FigureData, filters: Filters, fmt: str) -> HttpResponse:
    """The download, audited as an export of the figure with its filters."""
    audit_record(
        actor=user,
        action=AuditAction.EXPORT,
        object_type="stats.figure",
        object_id=data.name,
        object_repr=f"{data.title} ({fmt.upper()})",
        note="&".join(f"{k}={v}" for k, v in filters.as_query().items())[:500],
    )
    if fmt == "xlsx":
        response = HttpResponse(figure_xlsx(data), content_type=XLSX_TYPE)
    else:
        response = HttpResponse(figure_csv(data), content_type="text/csv; charset=utf-8")
    filename = export_filename(data, filters, fmt)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
