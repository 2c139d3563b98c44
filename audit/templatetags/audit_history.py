from django import template

from audit.presenters import present

register = template.Library()


@register.simple_tag
def readable_history(events, show_protected=False):
    """The events of a history table, their changes in words (see audit.presenters)."""
    return present(events, show_protected=bool(show_protected))
