"""The form renderer: Django's templates, with select boxes written out in Python.

A drop-down of 300 officers or 200 articles rendered through Django's widget templates costs one
template include per option — on a filtered list page that was a third of the time of the whole
response. ``render_select`` produces the same markup, byte for byte (a test compares them), in a
fraction of the time; every other widget still renders from its template.
"""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


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
    def render(self, template_name, context, request=None):
        if template_name == SELECT:
            return self.render_select(context["widget"], context, request)
        return super().render(template_name, context, request)

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
