"""Pick the Russian or English variant of a bilingual field for the active language."""

from django.utils.translation import get_language


def for_reader(russian: str, english: str) -> str:
    """``english`` for an English reader when there is one; else ``russian``."""
    if (get_language() or "ru").startswith("en") and english:
        return english
    return russian


def localized(obj, field: str) -> str:
    return for_reader(getattr(obj, f"{field}_ru"), getattr(obj, f"{field}_en", ""))
