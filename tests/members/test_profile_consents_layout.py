"""The consents step of onboarding lays each choice out as a box before its label (issue 20, item
10: at 360 px each label was squeezed to a word per line with a tiny box at the far right).

The width itself is a browser's to check (tests/e2e); this holds the markup the stylesheet relies
on: in `fieldset.consent-choices`, each `.field.field-check` holds the checkbox first and then one
block with its label and help, which `static/css/site.css` stretches across the row.
"""

from html.parser import HTMLParser

from django.conf import settings

from members.models import AccountType
from tests.conftest import login, make_user

CONSENTS_URL = "/perfil/bienvenida/privacidad/"


class FieldRows(HTMLParser):
    """The rows (`div.field`) inside `fieldset.consent-choices`: each as its children's tags, in
    order, with the attributes of the input and of the label."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows = []
        self._stack = []  # open tags, each as (tag, classes)
        self._row_depth = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        in_fieldset = any(t == "fieldset" and "consent-choices" in c for t, c in self._stack)
        if in_fieldset and self._row_depth is None and tag == "div" and "field" in classes:
            self.rows.append({"classes": classes, "children": [], "input": None, "label": None})
            self._row_depth = len(self._stack) + 1
        elif self._row_depth is not None:
            row = self.rows[-1]
            if len(self._stack) == self._row_depth:
                row["children"].append(tag)
            if tag == "input":
                row["input"] = attrs
            elif tag == "label":
                row["label"] = {**attrs, "depth": len(self._stack) - self._row_depth}
        if tag not in ("input", "br", "img", "meta", "link"):
            self._stack.append((tag, classes))

    def handle_endtag(self, tag):
        while self._stack:
            open_tag, _classes = self._stack.pop()
            if self._row_depth is not None and len(self._stack) < self._row_depth:
                self._row_depth = None
            if open_tag == tag:
                break


def consent_rows(client):
    login(client, make_user(account_type=AccountType.TALENT))
    response = client.get(CONSENTS_URL)
    assert response.status_code == 200
    reader = FieldRows()
    reader.feed(response.content.decode())
    return reader.rows


def test_each_consent_is_a_checkbox_followed_by_its_label_and_help(client, db):
    rows = consent_rows(client)

    assert len(rows) == 4  # a talent's four purposes
    for row in rows:
        assert "field-check" in row["classes"]
        # The box first, then one block with the label and its help that takes the rest of the row.
        assert row["children"] == ["input", "div"]
        assert row["input"]["type"] == "checkbox"
        assert row["label"]["for"] == row["input"]["id"]
        assert row["label"]["depth"] == 1
        assert f"{row['input']['id']}_helptext" in row["input"]["aria-describedby"]


def test_the_stylesheet_styles_the_class_the_markup_uses():
    css = (settings.BASE_DIR / "static" / "css" / "site.css").read_text(encoding="utf-8")
    assert ".consent-choices .field-check" in css
