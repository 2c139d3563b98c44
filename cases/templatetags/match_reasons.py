"""The matcher's reasons in the reader's language.

``matching`` is pure Python and speaks in fixed English terms (``matching.REASON_TERMS``:
fields, details, scripts), joined by ":", "↔" and ","; the API gives them as they are. A page
reads each term in the reader's language: ``{{ found.reasons|match_reasons }}``.
"""

from __future__ import annotations

import re

from django import template
from django.utils.translation import pgettext_lazy

from matching import REASON_TERMS

register = template.Library()

# Each term of the matcher with its translation (context "name match": "same" or "initial"
# here are not the words of other pages).
TERMS = {
    "surname": pgettext_lazy("name match", "surname"),
    "given name": pgettext_lazy("name match", "given name"),
    "patronymic": pgettext_lazy("name match", "patronymic"),
    "name": pgettext_lazy("name match", "name"),
    "name order": pgettext_lazy("name match", "name order"),
    "birth date": pgettext_lazy("name match", "birth date"),
    "document": pgettext_lazy("name match", "document"),
    "same": pgettext_lazy("name match", "same"),
    "differs": pgettext_lazy("name match", "differs"),
    "close spelling": pgettext_lazy("name match", "close spelling"),
    "keyboard layout": pgettext_lazy("name match", "keyboard layout"),
    "initial": pgettext_lazy("name match", "initial"),
    "incomplete": pgettext_lazy("name match", "incomplete"),
    "same number": pgettext_lazy("name match", "same number"),
    "different number": pgettext_lazy("name match", "different number"),
    "no ending": pgettext_lazy("name match", "no ending"),
    "sex ending": pgettext_lazy("name match", "sex ending"),
    "given name first": pgettext_lazy("name match", "given name first"),
    "surname first": pgettext_lazy("name match", "surname first"),
    "Cyrillic": pgettext_lazy("name match", "Cyrillic"),
    "Kazakh Cyrillic": pgettext_lazy("name match", "Kazakh Cyrillic"),
    "Kyrgyz Cyrillic": pgettext_lazy("name match", "Kyrgyz Cyrillic"),
    "Latin": pgettext_lazy("name match", "Latin"),
    "passport Latin": pgettext_lazy("name match", "passport Latin"),
    "Kazakh Latin": pgettext_lazy("name match", "Kazakh Latin"),
    "BGN/PCGN": pgettext_lazy("name match", "BGN/PCGN"),
    "ISO 9": pgettext_lazy("name match", "ISO 9"),
    "GOST 7.79 B": pgettext_lazy("name match", "GOST 7.79 B"),
    "sex differs": pgettext_lazy("name match", "sex differs"),
    "nothing to compare": pgettext_lazy("name match", "nothing to compare"),
}

# The longest term first, whole words only: "given name first" before "given name" and "name".
_TERM = re.compile(
    r"(?<![\w/])("
    + "|".join(re.escape(term) for term in sorted(REASON_TERMS, key=len, reverse=True))
    + r")(?![\w/])"
)


def reason_text(reason: str) -> str:
    """One reason with each of the matcher's terms in the active language; the rest (word
    endings such as "-ұлы ↔ -ович", punctuation) as the matcher wrote it."""
    return _TERM.sub(lambda found: str(TERMS.get(found.group(1), found.group(1))), reason)


@register.filter
def match_reasons(reasons) -> str:
    """``{{ reasons|match_reasons }}``: the reasons in the reader's language, joined by "; "."""
    return "; ".join(reason_text(reason) for reason in reasons or ())
