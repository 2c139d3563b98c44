"""The one page pattern for a write: call the service, show its refusal, redirect.

A refusal of the legal process (a ValidationError or a DomainError such as an illegal
transition) becomes the form's errors when the page has a form, else a message that names the
field; PermissionDenied and Http404 propagate, so the page answers 403 or 404.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from core.exceptions import DomainError
from core.forms import add_validation_error, style_form

SAVED = _("Saved.")


def validation_text(exc: ValidationError, labels: Mapping[str, Any] | None = None) -> str:
    """A service's ValidationError as one readable line, each message with its field's name."""
    if not hasattr(exc, "error_dict"):
        return " ".join(exc.messages)
    labels = labels or {}
    parts = []
    for field, errors in exc.message_dict.items():
        label = "" if field == NON_FIELD_ERRORS else str(labels.get(field, field))
        text = " ".join(errors)
        parts.append(f"{label[:1].upper()}{label[1:]}: {text}" if label else text)
    return " ".join(parts)


def run_step(
    request,
    call: Callable[[], Any],
    *,
    form=None,
    labels: Mapping[str, Any] | None = None,
    success: Any = SAVED,
) -> bool:
    """Run ``call`` for a page; True when it succeeded (and the success message was added)."""
    try:
        call()
    except ValidationError as exc:
        if form is not None:
            add_validation_error(form, exc)
        else:
            messages.error(request, validation_text(exc, labels))
        return False
    except DomainError as exc:
        if form is not None:
            form.add_error(None, exc.message)
        else:
            messages.error(request, exc.message)
        return False
    if success:
        messages.success(request, success)
    return True


def step_form(workflow, name: str, obj=None):
    """The blank input form of a step for its button (fields named and styled per step)."""
    form_class = workflow[name].form
    if form_class is None:
        return None
    kwargs = {"auto_id": f"id_{name}_%s"}
    if getattr(form_class, "takes_subject", False):
        kwargs["subject"] = obj
    return style_form(form_class(**kwargs))


def step_forms(workflow, user, obj) -> list[tuple[Any, Any]]:
    """The steps ``user`` may take on ``obj`` now, each with its blank form: a page's buttons."""
    return [
        (workflow[name], step_form(workflow, name, obj)) for name in workflow.allowed(user, obj)
    ]
