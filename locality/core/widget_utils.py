"""A select and a text input rendered in Python, with the markup of Django's own templates.

Django renders a select through a template for every option (two includes each): the
directory's need list (about 90 options) cost about 3 ms a page, half of the search page's
rendering. These widgets write the same markup, byte for byte, from the same context
(`get_context`), so attributes, `aria-*`, errors and the selected option are Django's.
"""

import html

from django import forms
from django.utils.safestring import mark_safe


def conditional_escape(value) -> str:
    """django.utils.html.conditional_escape, without its lazy-string wrapper (called ~300
    times a page): safe strings as they are, anything else through `html.escape`."""
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return html.escape(str(value))


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html: ` name="value"`, ` name` for True, nothing for False."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        out.append(f" {conditional_escape(name)}")
        if value is not True:
            out.append(f'="{conditional_escape(str(value))}"')
    return "".join(out)


class FastSelect(forms.Select):
    """`forms.Select`, rendered as django/forms/widgets/select.html renders it."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            for option in options:
                value_text = conditional_escape(str(option["value"]))
                label = conditional_escape(option["label"])
                parts.append(
                    f'\n  <option value="{value_text}"{_attrs(option["attrs"])}>{label}</option>\n'
                )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # every piece above is escaped


class FastTextInput(forms.TextInput):
    """`forms.TextInput`, rendered as django/forms/widgets/input.html renders it."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        shown = widget["value"]
        value_attr = "" if shown is None else f' value="{conditional_escape(str(shown))}"'
        html = (
            f'<input type="{conditional_escape(widget["type"])}" '
            f'name="{conditional_escape(widget["name"])}"{value_attr}{_attrs(widget["attrs"])}>'
        )
        return mark_safe(html)  # every piece above is escaped
