"""The library's texts of a registry instrument, for the registry's page (the link is the
library's: LibraryDocument.instrument)."""

from __future__ import annotations

from django import template

from library.models import LibraryDocument

register = template.Library()


@register.inclusion_tag("library/partials/instrument_texts.html", takes_context=True)
def instrument_texts(context, instrument):
    """The library documents holding ``instrument``'s text that the reader may see."""
    user = context["request"].user
    documents = LibraryDocument.objects.visible_to(user).filter(instrument=instrument)
    return {"documents": list(documents.only("pk", "title_ru", "title_en", "language"))}
