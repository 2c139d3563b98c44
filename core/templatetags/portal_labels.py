"""Template filters that turn codes into what a person reads."""

from __future__ import annotations

from django import template

from core.files import file_type_label

register = template.Library()


@register.filter
def file_type(content_type: str) -> str:
    """``{{ file.content_type|file_type }}``: "PDF", "Word document (DOCX)", never a MIME code."""
    return file_type_label(content_type or "")


@register.filter
def first_open(deadlines) -> object | None:
    """The first running clock of a list (``panel_deadlines`` orders them by their end)."""
    return next((deadline for deadline in deadlines or () if deadline.is_open), None)


@register.filter
def clock_title(deadline) -> str:
    """A clock's name in the reader's language: a title copied from its rule's name follows the
    rule's localized name; a title written for the clock stays as written."""
    rule = deadline.rule if deadline.rule_id else None
    if rule is not None and deadline.title in (rule.name_ru, rule.name_en):
        return rule.name
    return deadline.title
