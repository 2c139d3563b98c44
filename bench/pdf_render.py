"""Benchmark: documents.services.document_render against a bare WeasyPrint render of the same HTML.

Run from the project root:
    DEBUG=true VAR_DIR=/tmp/bench .venv/bin/python bench/pdf_render.py [--runs 15]
"""

from __future__ import annotations

import argparse
import io
import logging
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

# WeasyPrint narrates every step (even at import) on this logger: keep the output readable.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

import django  # noqa: E402

django.setup()

import weasyprint  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from documents.services import document_render  # noqa: E402

TEMPLATE = "documents/bench_sample.html"
REFERENCE = "MLA-KG-2026-0001"
TARGET_RATIO = 1.5
WARMUPS = 2
CONTEXT = {
    "case_number": "24-001-2026-000101",
    "opened_on": "4 мая 2026 года",
    "victims": ["Өмүрбекова Айгүл", "Жаңылова Бүбүсара", "Қасымова Әсел", "Һәкімова Ұлжан"],
    "suspects": ["Абдрахманов Тимур", "Ғабитова Сәуле"],
    "actions": [
        "допросить в качестве свидетелей владельцев жилых помещений, в которых удерживались "
        "потерпевшие, об обстоятельствах их аренды и о лицах, вносивших плату;",
        "истребовать в АО «Қазпошта» и в банках второго уровня сведения о движении денежных "
        "средств по картам, оформленным на Ғабитову С. Ж., за период с 01.01.2025 по 31.10.2025;",
        "установить и допросить водителей, осуществлявших перевозку потерпевших от пункта "
        "пропуска «Қордай» до г. Алматы;",
        "истребовать сведения о пересечении государственной границы подозреваемыми и "
        "потерпевшими за 2025 год.",
    ],
}


def _measure(function, runs: int) -> list[float]:
    for _ in range(WARMUPS):
        function()
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def _p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10, method="inclusive")[-1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument(
        "--skip-request",
        action="store_true",
        help="Only the sample letter, not the demo request (which needs a migrated database).",
    )
    args = parser.parse_args()

    rendered = document_render(template=TEMPLATE, context=CONTEXT, reference=REFERENCE)
    pages = len(PdfReader(io.BytesIO(rendered.pdf)).pages)
    html = rendered.html

    ours = _measure(
        lambda: document_render(template=TEMPLATE, context=CONTEXT, reference=REFERENCE),
        args.runs,
    )
    bare = _measure(lambda: weasyprint.HTML(string=html).write_pdf(), args.runs)

    ratio = statistics.median(ours) / statistics.median(bare)
    print(f"document: {TEMPLATE}, {pages} pages, {len(rendered.pdf):,} bytes PDF")
    print(f"runs: {args.runs} each, after {WARMUPS} warm-ups")
    for name, timings in (("document_render", ours), ("bare WeasyPrint", bare)):
        print(
            f"{name:>16}: median {statistics.median(timings):7.1f} ms   p90 {_p90(timings):7.1f} ms"
        )
    verdict = "MEETS" if ratio <= TARGET_RATIO else "MISSES"
    print(f"ratio (median document_render / median bare): {ratio:.2f}x")
    print(f"target <= {TARGET_RATIO:.1f}x: {verdict} the target")
    if not args.skip_request:
        _bench_request(args.runs)
    return 0


def _bench_request(runs: int) -> None:
    """The real thing: the demo request's formal document, context built from the database."""
    from django.core.management import call_command

    from accounts.models import User
    from requests_mla.models import MLARequest
    from requests_mla.services import mla_document_render

    call_command("migrate", verbosity=0)
    if not MLARequest.objects.filter(reference__startswith="MLA-KG-").exists():
        call_command("seed_demo", stdout=io.StringIO())
    request = MLARequest.objects.filter(reference__startswith="MLA-KG-").order_by("pk").first()
    actor = User.objects.get(username="kg_investigator")
    rendered = mla_document_render(request=request, kind="mla_request", actor=actor)
    pages = len(PdfReader(io.BytesIO(rendered.pdf)).pages)
    html = rendered.html
    ours = _measure(
        lambda: mla_document_render(request=request, kind="mla_request", actor=actor), runs
    )
    bare = _measure(lambda: weasyprint.HTML(string=html).write_pdf(), runs)
    ratio = statistics.median(ours) / statistics.median(bare)
    print()
    print(
        f"document: {request.reference} (demo request), {pages} pages, {len(rendered.pdf):,} bytes"
    )
    for name, timings in (("mla_document_render", ours), ("bare WeasyPrint", bare)):
        print(
            f"{name:>19}: median {statistics.median(timings):7.1f} ms   p90 {_p90(timings):7.1f} ms"
        )
    verdict = "MEETS" if ratio <= TARGET_RATIO else "MISSES"
    print(f"ratio (median mla_document_render / median bare): {ratio:.2f}x")
    print(f"target <= {TARGET_RATIO:.1f}x: {verdict} the target")


if __name__ == "__main__":
    sys.exit(main())
