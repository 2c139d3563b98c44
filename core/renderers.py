"""The form renderer: Django's templates, with select boxes written out in Python.

A drop-down of 300 officers or 200 articles rendered through Django's widget templates costs one
template include per option — on a filtered list page that was a third of the time of the whole
response. ``render_select`` produces the same markup, byte for byte (a test compares them), in a
fraction of the time; every other widget still renders from its template.

Lists of check boxes and radio buttons render from the portal's own template (Bootstrap's
``form-check`` markup: one box and its clickable label per line) instead of Django's, so every
such list of every form lays out as a list.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.forms.renderers import DjangoTemplates
from django.utils.functional import cached_property
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"
# Django's widget template -> the portal's, found in the project's templates folder.
OVERRIDES = {
    "django/forms/widgets/checkbox_select.html": "forms/choice_list.html",
    "django/forms/widgets/radio.html": "forms/choice_list.html",
}


def _attrs(attrs: dict) -> str:
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {conditional_escape(name)}")
        if value is not True:
            parts.append(f'="{conditional_escape(str(value))}"')
    return "".join(parts)


class PortalFormRenderer(DjangoTemplates):
    @cached_property
    def engine(self):
        import django.forms

        return self.backend(
            {
                "APP_DIRS": True,
                "DIRS": [
                    Path(django.forms.__file__).parent / self.backend.app_dirname,
                    Path(settings.BASE_DIR) / "templates",
                ],
                "NAME": "djangoforms",
                "OPTIONS": {},
            }
        )

    def render(self, template_name, context, request=None):
        if template_name == SELECT:
            return self.render_select(context["widget"], context, request)
        return super().render(OVERRIDES.get(template_name, template_name), context, request)

    def render_select(self, widget: dict, context, request) -> str:
        parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            for option in group_choices:
                parts.append("\n  ")
                if option["template_name"] == OPTION:
                    parts.append(
                        f'<option value="{conditional_escape(str(option["value"]))}"'
                        f"{_attrs(option['attrs'])}>{conditional_escape(option['label'])}"
                        "</option>\n"
                    )
                else:  # a widget with its own option template keeps it
                    parts.append(
                        super().render(option["template_name"], {**context, "widget": option})
                    )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 — every value above is escaped
