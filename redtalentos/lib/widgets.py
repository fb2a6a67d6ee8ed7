"""Form widgets that render in Python: a select of ~250 countries through the template engine
took most of a directory page's time (measured with make bench)."""

from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe


class FastSelect(forms.Select):
    """A <select> without one template per option; same HTML as forms.Select (no option groups)."""

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        selected = {str(item) for item in self.format_value(value)}
        options = "".join(
            f'<option value="{escape(str(key))}"'
            f"{' selected' if str(key) in selected else ''}>{escape(str(label))}</option>"
            for key, label in self.choices
        )
        # Every value and label is escaped above; flatatt escapes the attributes.
        return mark_safe(f"<select{flatatt(final)}>{options}</select>")  # noqa: S308


class FastTextInput(forms.TextInput):
    """A text <input> without its three templates; same HTML as forms.TextInput."""

    def render(self, name, value, attrs=None, renderer=None):
        value = self.format_value(value)
        html = [f'<input type="{escape(self.input_type)}" name="{escape(name)}"']
        if value is not None:
            html.append(f' value="{escape(str(value))}"')
        for key, item in self.build_attrs(self.attrs, attrs).items():
            if item is True:
                html.append(f" {key}")
            elif item is not False:
                html.append(f' {key}="{escape(str(item))}"')
        return mark_safe("".join(html) + ">")  # noqa: S308 (every value escaped above)
