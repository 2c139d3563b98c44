"""Validation of values typed by officers."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Register number formats are not published: digits with optional separators, 8 to 20 digits.
_ALLOWED = re.compile(r"^[0-9][0-9 .\-/]*[0-9]$")


def normalize_national_number(value: str) -> str:
    """Digits only: what search compares, whatever separators were typed."""
    return re.sub(r"\D", "", value or "")


def validate_national_number(value: str) -> None:
    digits = normalize_national_number(value)
    if not _ALLOWED.match(value or "") or not 8 <= len(digits) <= 20:
        raise ValidationError(
            _(
                "Enter the register number as 8 to 20 digits, optionally separated by spaces, "
                "dots, dashes or slashes."
            ),
            code="national_number",
        )


def fold(text: str) -> str:
    """Lower case, ё as е: how names and titles are compared in search.

    Stored folded beside the original, because SQLite's LIKE folds ASCII letters only.
    """
    return (text or "").lower().replace("ё", "е")
