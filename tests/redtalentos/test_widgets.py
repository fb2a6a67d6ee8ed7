"""The widgets that render in Python write the same HTML as Django's own: the text input to the
byte, the select up to spacing and attribute order."""

import pytest
from django import forms
from django.test.html import parse_html

from redtalentos.lib.widgets import FastSelect, FastTextInput

ATTRS = {
    "type": "search",
    "placeholder": 'Nombre, "comillas" <b> & más…',
    "data-hx-preserve": "true",
    "required": True,
    "disabled": False,
}
CHOICES = [("", "Todos"), ("MX", "México"), ("X&Y", '<"raro">'), (3, "Tres")]


@pytest.mark.parametrize("value", [None, "", "josé <b>\"'&", 5, "\x00"])
def test_the_text_input_writes_what_django_writes(value):
    extra = {"id": "id_q", "aria-describedby": "id_q_error"}
    expected = forms.TextInput(attrs=ATTRS).render("q", value, extra)
    assert FastTextInput(attrs=ATTRS).render("q", value, extra) == expected


@pytest.mark.parametrize("value", [None, "", "MX", "X&Y", 3, "no-existe"])
def test_the_select_writes_what_django_writes(value):
    expected = forms.Select(attrs={"class": "x"}, choices=CHOICES).render("pais", value)
    written = FastSelect(attrs={"class": "x"}, choices=CHOICES).render("pais", value)
    assert parse_html(written) == parse_html(expected)
