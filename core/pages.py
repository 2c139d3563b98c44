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
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.exceptions import DomainError
from core.forms import add_validation_error, style_form

SAVED = _("Saved.")
# The flag a page's post of a destructive step carries once the person has confirmed it.
CONFIRMED = "confirmed"


def _error_text(error: ValidationError, label: str) -> str:
    """One message; an empty required field is named ("Fill in: date of detention")."""
    if label and error.code == "required":
        return gettext("Fill in: %(field)s.") % {"field": label}
    return " ".join(error.messages)


def validation_text(exc: ValidationError, labels: Mapping[str, Any] | None = None) -> str:
    """A service's ValidationError as one readable line, each message with its field's name."""
    if not hasattr(exc, "error_dict"):
        return " ".join(exc.messages)
    labels = labels or {}
    parts = []
    for field, errors in exc.error_dict.items():
        label = "" if field == NON_FIELD_ERRORS else str(labels.get(field, field))
        for error in errors:
            if error.code == "required" and label:
                parts.append(_error_text(error, label))
            else:
                text = " ".join(error.messages)
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


def step_forms(workflow, user, obj, allowed=None) -> list[tuple[Any, Any]]:
    """The steps ``user`` may take on ``obj`` now, each with its blank form: a page's buttons.
    ``allowed``: what ``workflow.allowed(user, obj)`` answered, when the page has asked."""
    if allowed is None:
        allowed = workflow.allowed(user, obj)
    return [(workflow[name], step_form(workflow, name, obj)) for name in allowed]


def step_data(request):
    """A page's post of a step as the step's input: the confirmation flag is the page's, not
    the step's (the workflow refuses fields it does not know)."""
    data = request.POST.copy()
    data.pop(CONFIRMED, None)
    return data


def confirmation_page(
    request, workflow, obj, name: str, *, subject: Any = None, back: str = ""
) -> HttpResponse | None:
    """The confirmation page of a destructive step posted without the confirmation flag.

    None when the step needs no confirmation or the post carries the flag. Otherwise nothing
    is done and the page names the object and the consequence, with the step's form filled
    from the post (its reason, where the step takes one), and posts back with the flag — so
    a page without JavaScript, a stale form or a forged post cannot skip it. With JavaScript
    the same content opens as a modal on the page (static/js/confirm-step.js). The API is
    explicit and does not come here."""
    if name not in workflow:
        return None
    transition = workflow[name]
    if not transition.confirm or request.POST.get(CONFIRMED) == "1":
        return None
    if name not in workflow.allowed(request.user, obj):
        # Not this person's step now: the step itself answers (403, or the wrong state).
        return None
    form = step_form(workflow, name, obj)
    if form is not None:
        # The values posted, shown again unvalidated: the person confirms or corrects them.
        for key, field in form.fields.items():
            value = field.widget.value_from_datadict(request.POST, request.FILES, key)
            if value not in (None, "", []):
                form.initial[key] = value
    hidden = {
        key: request.POST.getlist(key)
        for key in request.POST
        if key not in ("csrfmiddlewaretoken", CONFIRMED)
        and (form is None or key not in form.fields)
    }
    return render(
        request,
        "includes/confirm_step.html",
        {
            "transition": transition,
            "form": form,
            "subject": subject if subject is not None else obj,
            "action": request.path,
            "back": back,
            "hidden": hidden,
            "confirmed_flag": CONFIRMED,
        },
    )
