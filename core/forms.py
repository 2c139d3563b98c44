from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.models import ModelChoiceIterator, ModelChoiceIteratorValue
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField as FilterIsoDateTimeField
from django_filters.fields import ModelChoiceField as FilterModelChoiceField
from django_filters.fields import ModelChoiceIterator as FilterModelChoiceIterator
from django_filters.fields import ModelMultipleChoiceField as FilterModelMultipleChoiceField
from django_filters.widgets import BooleanWidget


class AnyYesNoSelect(BooleanWidget):
    """A yes/no filter's drop-down whose empty choice reads "all" (Django's says "Unknown")."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("", _("all")), ("true", _("yes")), ("false", _("no"))]


class OptionsOnDemandSelect(forms.Select):
    """A drop-down whose options are read when the user reaches for it.

    The page carries its empty choice ("all") and the chosen option only; when the pointer
    comes over the drop-down, or it takes the focus, htmx asks ``options_url`` for the whole
    drop-down (``whole``: a plain select, the same name, id and classes, every option, the
    chosen one marked) and puts it in place, after which nothing more is asked. The case
    list's drop-downs of officers and registry entries read and wrote every option on every
    load — a fifth of the page's time, for drop-downs most loads never open.

    ``options_url`` is a path (``reverse_lazy`` is read when the widget is shown). Without
    JavaScript nothing would ask it: a page offers a link that shows its drop-downs whole
    (``ALL_CHOICES``, ``show_all_choices``).
    """

    on_demand = True

    def __init__(self, options_url, attrs=None, choices=()):
        super().__init__(attrs, choices)
        self.options_url = options_url

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if not self.on_demand:
            return context
        context["widget"]["attrs"].update(
            {
                "hx-get": str(self.options_url),
                "hx-trigger": "mouseenter once, focus once",
                "hx-target": "this",
                "hx-swap": "outerHTML",
                # Not the filter form's own target, nor its history (inherited otherwise).
                "hx-push-url": "false",
                "hx-sync": "this:drop",
            }
        )
        return context

    def optgroups(self, name, value, attrs=None):
        if not self.on_demand:
            return super().optgroups(name, value, attrs)
        chosen = {str(v) for v in value if v not in (None, "")}
        groups = []
        for option_value, label in self.choices:
            key = str(option_value)
            if key == "" or key in chosen:
                option = self.create_option(name, option_value, label, key in chosen, len(groups))
                groups.append((None, [option], len(groups)))
            # The empty choice comes first: without a chosen value nothing more is shown, and
            # the rest of the choices (a query) is not read.
            if not chosen:
                break
        return groups

    def whole(self, name: str, value, attrs=None) -> str:
        """The drop-down with every option: what ``options_url`` answers."""
        select = forms.Select(self.attrs, self.choices)
        return select.render(name, value, attrs)


# The query parameter of a page whose drop-downs are shown whole (``?choices=all``): the link a
# page offers where JavaScript does not run, kept by its filter form's later submissions.
ALL_CHOICES = ("choices", "all")


def show_all_choices(form: forms.BaseForm, request) -> bool:
    """Show ``form``'s drop-downs on demand whole when ``request`` asks for it (``ALL_CHOICES``)."""
    name, value = ALL_CHOICES
    if request.GET.get(name) != value:
        return False
    for field in form.fields.values():
        if isinstance(field.widget, OptionsOnDemandSelect):
            field.widget.on_demand = False
    return True


def add_validation_error(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has it."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.message_dict.items():
        target = field if field in form.fields else None
        if field == NON_FIELD_ERRORS:
            target = None
        for message in errors:
            form.add_error(target, message)


def form_errors_text(form: forms.BaseForm) -> str:
    """All of a form's messages in one line, for a flash message after a plain POST."""
    return " ".join(message for errors in form.errors.values() for message in errors)


def style_form(form: forms.BaseForm) -> forms.BaseForm:
    """Give widgets Bootstrap's classes without per-form boilerplate (no validation here)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
    return form


class StyledFormMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)


class StorableDateTimeMixin:
    """A date and time every database can store and compare: one given with a UTC offset is
    moved into the current time zone (as DRF's DateTimeField does), and one that only exists
    outside years 1–9999 once in UTC is invalid.

    Python accepts offsets up to ±23:59 and PostgreSQL refuses those beyond ±15:59 ("time zone
    displacement out of range"); SQLite's adapter converts to UTC and overflows at the ends of
    the calendar. Both were 500s.
    """

    def to_python(self, value):
        result = super().to_python(value)
        if result is None or not timezone.is_aware(result):
            return result
        try:
            result.astimezone(datetime.UTC)
            return timezone.localtime(result)
        except OverflowError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class DateTimeField(StorableDateTimeMixin, forms.DateTimeField):
    """Django's DateTimeField, storable (see StorableDateTimeMixin)."""


class IsoDateTimeField(StorableDateTimeMixin, FilterIsoDateTimeField):
    """django-filter's ISO 8601 field, storable (see StorableDateTimeMixin)."""


class ChoicesInOneRead(ModelChoiceIterator):
    """A drop-down's records read in one query.

    Django reads a ModelChoiceField's records with ``QuerySet.iterator()``, which on PostgreSQL
    is a server-side cursor: ``DECLARE … WITH HOLD`` (materialised by the server), ``FETCH`` and
    ``CLOSE``, three round trips per drop-down, to spare memory on lists that here hold at most a
    few hundred officers or articles. The records are read afresh at each iteration (a fresh
    clone, no shared cache), as before.

    A field that names its label's columns (``label_columns``, and ``label_from_columns`` to
    write the label from their values) has only those read, as plain values: the case list's
    drop-down of officers built a model instance per officer to show a name.
    """

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        columns = getattr(self.field, "label_columns", None)
        # A form that gives one field its own label (``field.label_from_instance = …``) keeps it.
        if columns is None or "label_from_instance" in vars(self.field):
            for obj in self.queryset.all():
                yield self.choice(obj)
            return
        label = self.field.label_from_columns
        key = self.field.to_field_name or "pk"
        for value, *values in self.queryset.values_list(key, *columns):
            yield (ModelChoiceIteratorValue(value, None), label(*values))


class FilterChoicesInOneRead(FilterModelChoiceIterator, ChoicesInOneRead):
    """The same for django-filter's choice fields (its iterator adds the "null" choice)."""


def read_choices_in_one_query() -> None:
    """Every model drop-down of the portal reads its records in one query (see above)."""
    forms.ModelChoiceField.iterator = ChoicesInOneRead  # ModelMultipleChoiceField inherits it
    FilterModelChoiceField.iterator = FilterChoicesInOneRead
    FilterModelMultipleChoiceField.iterator = FilterChoicesInOneRead
