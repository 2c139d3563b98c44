"""Template filters of the PDF layouts."""

from __future__ import annotations

import re

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# Characters that could end a CSS string ("' \), start an escape, break the line, or close the
# <style> element (</style>) it sits in. Control characters go too.
_CSS_UNSAFE = re.compile(r"[\"'\\<>\x00-\x1f\x7f]")


@register.filter
def css_string(value) -> SafeString:
    """The value made safe to place between double quotes in a CSS ``content`` string."""
    # SECURITY: stripped, not escaped: HTML escaping would print "&quot;" literally inside
    # <style>, and a CSS escape would still need the backslash we refuse.
    return mark_safe(_CSS_UNSAFE.sub("", str(value)))  # noqa: S308 - unsafe characters removed above
