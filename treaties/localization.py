"""Pick the Russian or English variant of a bilingual field for the active language."""

from django.utils.translation import get_language


def localized(obj, field: str) -> str:
    english = getattr(obj, f"{field}_en", "")
    if (get_language() or "ru").startswith("en") and english:
        return english
    return getattr(obj, f"{field}_ru")
