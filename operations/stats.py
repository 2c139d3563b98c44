"""The results of coordinated operations as figures, for statistics (one SQL aggregate)."""

from __future__ import annotations

from django.db.models import Count, Sum
from django.db.models.functions import Coalesce

from operations.models import OperationReport

RESULT_FIGURES = ("persons_detained", "victims_identified", "victims_assisted", "items_seized")


def results(queryset, *, by_country: bool = False):
    """The summed results of the side reports of the operations in ``queryset`` (already
    filtered by the caller's visibility rule): one aggregate in the database.

    Returns ``{"operations": n, "reports": n, "persons_detained": n, ...}``; with
    ``by_country`` a list of such dicts with ``country``, one per side that reported."""
    reports = OperationReport.objects.filter(operation__in=queryset.values("pk"))
    figures = {name: Coalesce(Sum(name), 0) for name in RESULT_FIGURES}
    counts = {
        "operations": Count("operation", distinct=True),
        "reports": Count("pk"),
    }
    if by_country:
        return list(reports.order_by("country").values("country").annotate(**counts, **figures))
    return reports.aggregate(**counts, **figures)
