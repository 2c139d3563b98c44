"""Citing the law: an article of an instrument, in the reader's (or the document's) language.

One mechanism for every page and document. An article is recorded in the registry in one
notation — ``7``, ``2–3``, ``18(13)``, ``18(3)(a)`` — and read in the active language: in Russian
«подп. «a» п. 3 ст. 18», in English "Art. 18(3)(a)". Several articles of one instrument are
grouped («ст. 7 и 8 Конвенции …», "Arts. 7 and 8 of the Convention …"), followed by the
instrument's citation form (``Instrument.citation_form``). A notation the mechanism does not know
is printed as recorded, so nothing an administrator types is lost.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from django.utils.text import get_text_list
from django.utils.translation import gettext, ngettext, pgettext

if TYPE_CHECKING:
    from treaties.models import Instrument, Provision

# "18", "2–3", "18(13)", "18(3)(a)", "27(1)(b)"
NOTATION = re.compile(
    r"^(?P<article>\d+(?:\s*[–-]\s*\d+)?)"
    r"(?:\((?P<paragraph>\d+)\))?"
    r"(?:\((?P<letter>[^\W\d_]{1,2})\))?$"
)


def _parts(article: str) -> dict[str, str] | None:
    match = NOTATION.match((article or "").strip())
    return match.groupdict() if match else None


def _order(article: str) -> tuple:
    """Articles in their numeric order (6 before 18, 18(3) before 18(13)); others after."""
    numbers = re.findall(r"\d+", article)
    return (0, [int(n) for n in numbers], article) if _parts(article) else (1, [], article)


def article_citation(article: str) -> str:
    """One article in the active language: «п. 13 ст. 18» / "Art. 18(13)"."""
    parts = _parts(article)
    if parts is None:
        return article
    if parts["letter"] and parts["paragraph"]:
        return gettext("Art. %(article)s(%(paragraph)s)(%(letter)s)") % parts
    if parts["paragraph"]:
        return gettext("Art. %(article)s(%(paragraph)s)") % parts
    return gettext("Art. %(article)s") % parts


def _and(items: list[str]) -> str:
    return get_text_list(items, pgettext("list of articles", "and"))


def articles_citation(articles: Iterable[str], mark: Callable[[str], str] | None = None) -> str:
    """Several articles of one instrument, grouped: «ст. 7 и 8» / "Arts. 7 and 8".

    ``mark(article)`` may return a footnote marker printed right after that article (or None).
    """
    marker = mark or (lambda _article: "")
    articles = sorted(dict.fromkeys(a for a in articles if a), key=_order)
    plain = [a for a in articles if (p := _parts(a)) and not p["paragraph"]]
    others = [a for a in articles if a not in plain]
    pieces = []
    if plain:
        numbers = _and([f"{a}{marker(a) or ''}" for a in plain])
        pieces.append(
            ngettext("Art. %(articles)s", "Arts. %(articles)s", len(plain)) % {"articles": numbers}
        )
    pieces += [f"{article_citation(a)}{marker(a) or ''}" for a in others]
    return _and(pieces)


def instrument_citation(
    instrument: Instrument,
    articles: Iterable[str] = (),
    mark: Callable[[str], str] | None = None,
) -> str:
    """«ст. 7 и 8 Конвенции … (город, дата подписания)»; the instrument alone without
    articles (its citation form is what follows "on the basis of" / «на основании»)."""
    cited = articles_citation(articles, mark)
    if not cited:
        return instrument.citation_form
    return gettext("%(articles)s of %(instrument)s") % {
        "articles": cited,
        "instrument": instrument.citation_form,
    }


def cite_provisions(
    provisions: Iterable[Provision],
    instruments: Iterable[Instrument] = (),
    mark: Callable[[Provision], str] | None = None,
) -> list[tuple[Instrument, str]]:
    """(instrument, citation) for each instrument, in the order given (the instruments first,
    then those of the provisions not among them): its articles grouped, then its citation form.
    """
    mark = mark or (lambda _provision: "")
    by_instrument: dict[int, list] = {}
    order: dict[int, Instrument] = {i.pk: i for i in instruments}
    for provision in provisions:
        order.setdefault(provision.instrument_id, provision.instrument)
        by_instrument.setdefault(provision.instrument_id, []).append(provision)
    citations = []
    for pk, instrument in order.items():
        cited = by_instrument.get(pk, [])
        marks = {p.article: mark(p) for p in cited}
        articles = [p.article for p in cited]
        citations.append((instrument, instrument_citation(instrument, articles, marks.get)))
    return citations
