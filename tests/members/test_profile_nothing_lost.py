"""The profile editor at /perfil/ without JavaScript: whichever button is pressed, nothing typed
anywhere on the page is lost (issue 20, item 4).

The tests read the page's HTML and submit it the way a browser does (the fields of the form the
pressed button belongs to, `form` attributes and `formaction` included), so they test the page as
a person without JavaScript meets it.
"""

import io
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from members.models import Education, Member
from tests.conftest import login

EDIT_URL = "/perfil/"
TYPED_HEADLINE = "Ingeniera de materiales en Houston"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), (30, 120, 200)).save(buffer, "JPEG")
    return SimpleUploadedFile("foto.jpg", buffer.getvalue(), content_type="image/jpeg")


# A browser's form submission, enough of it for this page


@dataclass
class Control:
    tag: str
    attrs: dict
    form: str | None  # id of the form that owns it
    options: list = field(default_factory=list)  # (value, selected) of a <select>
    text: str = ""  # a <textarea>'s value, a <button>'s label


class FormReader(HTMLParser):
    """Forms and their controls; a control belongs to its enclosing form or its `form` attribute."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = {}  # id → attributes of the <form>
        self.controls = []
        self._form = None
        self._open = None  # the <select>, <option>, <textarea> or <button> being read
        self._option = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = attrs.get("id") or f"form-{len(self.forms)}"
            self.forms[self._form] = attrs
        elif tag in ("input", "select", "textarea", "button"):
            control = Control(tag, attrs, attrs.get("form", self._form))
            self.controls.append(control)
            if tag != "input":
                self._open = control
        elif tag == "option" and self._open is not None and self._open.tag == "select":
            self._option = [attrs.get("value"), "selected" in attrs, ""]
            self._open.options.append(self._option)

    def handle_data(self, data):
        if self._option is not None:
            self._option[2] += data
        elif self._open is not None and self._open.tag in ("textarea", "button"):
            self._open.text += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "option":
            self._option = None
        elif self._open is not None and tag == self._open.tag:
            self._open = None


def is_submit(control):
    return control.tag == "button" and control.attrs.get("type", "submit") == "submit"


def label(control):
    return " ".join(control.text.split())


def successful_values(controls):
    """What a browser sends for the controls of a form, before any button."""
    data = {}
    for control in controls:
        name = control.attrs.get("name")
        if not name or "disabled" in control.attrs or control.tag == "button":
            continue
        kind = control.attrs.get("type", "text")
        if control.tag == "select":
            chosen = [opt for opt in control.options if opt[1]] or control.options[:1]
            values = [opt[0] if opt[0] is not None else opt[2] for opt in chosen]
            if "multiple" not in control.attrs:
                values = values[:1]
        elif control.tag == "textarea":
            values = [control.text.removeprefix("\n")]
        elif kind in ("checkbox", "radio"):
            values = [control.attrs.get("value", "on")] if "checked" in control.attrs else []
        elif kind in ("file", "submit", "reset", "button", "image"):
            values = []
        else:
            values = [control.attrs.get("value", "")]
        data.setdefault(name, []).extend(values)
    return data


class Page:
    def __init__(self, client, response):
        assert response.status_code in (200, 503), response.status_code
        self.client = client
        self.url = response.request["PATH_INFO"]
        reader = FormReader()
        reader.feed(response.content.decode())
        self.forms = reader.forms
        self.controls = reader.controls

    def button(self, text):
        """The button whose label starts with `text`; buttons with one label do the same thing."""
        matches = [c for c in self.controls if is_submit(c) and label(c).startswith(text)]
        assert matches, [label(c) for c in self.controls if is_submit(c)]
        sends = {
            (c.form, *(c.attrs.get(a) for a in ("formaction", "name", "value"))) for c in matches
        }
        assert len(sends) == 1, sends
        return matches[0]

    def default_button(self, form_id):
        """The button that Enter in a text field presses: the form's first in document order."""
        return next(c for c in self.controls if is_submit(c) and c.form == form_id)

    def submit(self, button, fill=None, files=None, follow=False):
        """Presses `button` (a Control or its label) after typing `fill` and choosing `files`."""
        if isinstance(button, str):
            button = self.button(button)
        form = self.forms[button.form]
        owned = [c for c in self.controls if c.form == button.form]
        data = successful_values(owned)
        file_inputs = {c.attrs["name"] for c in owned if c.attrs.get("type") == "file"}
        for name, value in (fill or {}).items():
            assert name in data, f"no field {name} in the form of {label(button)!r}"
            data[name] = value if isinstance(value, list) else [value]
        for name, upload in (files or {}).items():
            assert name in file_inputs, f"no file field {name} in the form of {label(button)!r}"
            data[name] = upload
        if "formnovalidate" not in button.attrs and "novalidate" not in form:
            # A browser refuses to send a form while a field it owns marked `required` is empty.
            empty = [
                c.attrs["name"]
                for c in owned
                if "required" in c.attrs
                and c.attrs["name"] not in (files or {})
                and not any(data.get(c.attrs["name"], []))
            ]
            assert not empty, f"the browser would not send the form: {empty} are required"
        if button.attrs.get("name"):
            data.setdefault(button.attrs["name"], []).append(button.attrs.get("value", ""))
        assert form.get("method", "get").lower() == "post"
        if file_inputs:
            assert form.get("enctype") == "multipart/form-data"
        action = button.attrs.get("formaction") or form.get("action") or self.url
        return self.client.post(action, data, follow=follow)


def open_editor(client, member):
    login(client, member.user)
    return Page(client, client.get(EDIT_URL))


def education_typed(**overrides):
    return {
        "education-degree": "doctorate",
        "education-field": "Ciencia de materiales",
        "education-institution": "Universidad de Rice",
        "education-year": "2014",
        **overrides,
    }


def stored(member):
    return Member.objects.get(pk=member.pk)


def field_errors(response, field_id):
    """The text of the error list the page puts under the field with this id."""
    reader = ErrorReader(f"{field_id}_error")
    reader.feed(response.content.decode())
    return " ".join(reader.text.split())


class ErrorReader(HTMLParser):
    def __init__(self, list_id):
        super().__init__(convert_charrefs=True)
        self.list_id = list_id
        self.text = ""
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        if self._depth:
            self._depth += tag == "ul"
        elif tag == "ul" and dict(attrs).get("id") == self.list_id:
            self._depth = 1

    def handle_endtag(self, tag):
        if self._depth and tag == "ul":
            self._depth -= 1

    def handle_data(self, data):
        if self._depth:
            self.text += data


# Every button keeps what was typed in the other parts


def test_uploading_a_photo_saves_the_headline_typed_before(client, member):
    page = open_editor(client, member)

    response = page.submit(
        "Subir foto", fill={"headline": TYPED_HEADLINE}, files={"photo": jpeg()}, follow=True
    )

    assert response.status_code == 200
    member = stored(member)
    assert member.photo
    assert member.headline == TYPED_HEADLINE
    html = response.content.decode()
    assert "Guardamos tu nueva foto." in html
    assert "Guardamos los cambios de tu perfil." in html


def test_adding_education_saves_the_typed_profile(client, member):
    page = open_editor(client, member)

    page.submit("Agregar", fill={"headline": TYPED_HEADLINE, **education_typed()})

    assert stored(member).headline == TYPED_HEADLINE
    assert Education.objects.filter(member=member, field="Ciencia de materiales").exists()


def test_saving_the_profile_adds_the_education_typed_below(client, member):
    page = open_editor(client, member)

    page.submit("Guardar cambios", fill={"headline": TYPED_HEADLINE, **education_typed()})

    assert stored(member).headline == TYPED_HEADLINE
    assert Education.objects.filter(member=member, institution="Universidad de Rice").exists()


def test_saving_the_profile_uploads_the_photo_chosen_above(client, member):
    page = open_editor(client, member)

    page.submit("Guardar cambios", fill={"headline": TYPED_HEADLINE}, files={"photo": jpeg()})

    member = stored(member)
    assert member.headline == TYPED_HEADLINE
    assert member.photo


def test_removing_the_photo_saves_what_was_typed(client, member):
    page = open_editor(client, member)
    page.submit("Subir foto", files={"photo": jpeg()})
    page = Page(client, client.get(EDIT_URL))

    page.submit("Quitar mi foto", fill={"headline": TYPED_HEADLINE, **education_typed()})

    member = stored(member)
    assert not member.photo
    assert member.headline == TYPED_HEADLINE
    assert member.education.count() == 1


def test_removing_an_education_row_saves_what_was_typed(client, member):
    row = Education.objects.create(
        member=member, degree="master", field="Física", institution="MIT"
    )
    page = open_editor(client, member)

    page.submit("Quitar: Física", fill={"headline": TYPED_HEADLINE})

    assert not Education.objects.filter(pk=row.pk).exists()
    assert stored(member).headline == TYPED_HEADLINE


def test_pressing_enter_in_a_field_saves_everything_and_asks_for_no_photo(client, member):
    page = open_editor(client, member)
    headline = next(c for c in page.controls if c.attrs.get("name") == "headline")

    response = page.submit(
        page.default_button(headline.form), fill={"headline": TYPED_HEADLINE}, follow=True
    )

    assert response.status_code == 200
    assert stored(member).headline == TYPED_HEADLINE
    assert "Guardamos los cambios de tu perfil." in response.content.decode()
    assert not stored(member).photo


def test_the_profile_data_form_has_one_save_button(client, member):
    # The other buttons sit in their own sections and join the form through its id.
    page = open_editor(client, member)
    form_id = next(c.form for c in page.controls if c.attrs.get("name") == "headline")
    assert "profile-form" in page.forms[form_id]["class"].split()
    inside = [
        label(c)
        for c in page.controls
        if is_submit(c) and c.form == form_id and "form" not in c.attrs
    ]
    assert inside == ["Guardar cambios"]


# An error in one part keeps what was typed in the others, and sits next to its field


def test_a_bad_photo_keeps_the_typed_education_and_saves_the_profile(client, member):
    page = open_editor(client, member)
    not_a_photo = SimpleUploadedFile("foto.jpg", b"texto" * 100, content_type="image/jpeg")

    response = page.submit(
        "Subir foto",
        fill={"headline": TYPED_HEADLINE, **education_typed(**{"education-year": "1800"})},
        files={"photo": not_a_photo},
    )

    assert response.status_code == 200
    assert "no es una imagen JPEG, PNG o WebP" in field_errors(response, "id_photo")
    assert "1940" in field_errors(response, "id_education-year")
    assert stored(member).headline == TYPED_HEADLINE
    assert not stored(member).photo
    # What could not be saved is on the page again, ready to be sent once corrected.
    again = Page(client, response)
    values = successful_values(
        [c for c in again.controls if c.form == again.button("Agregar").form]
    )
    assert values["education-institution"] == ["Universidad de Rice"]
    assert values["education-year"] == ["1800"]
    assert values["headline"] == [TYPED_HEADLINE]


def test_a_profile_error_keeps_what_was_typed_and_still_saves_the_photo(client, member):
    page = open_editor(client, member)

    response = page.submit(
        "Subir foto",
        fill={"headline": TYPED_HEADLINE, "orcid": "1234", **education_typed()},
        files={"photo": jpeg()},
    )

    assert response.status_code == 200
    assert "ORCID" in field_errors(response, "id_orcid")
    member = stored(member)
    assert member.photo
    assert member.headline != TYPED_HEADLINE  # the profile part had an error: not saved...
    again = Page(client, response)
    values = successful_values(
        [c for c in again.controls if c.form == again.button("Agregar").form]
    )
    assert values["headline"] == [TYPED_HEADLINE]  # ...but shown again as typed
    assert values["orcid"] == ["1234"]
    # The education typed had no error: it was added, and its fields are empty for the next one.
    assert member.education.count() == 1
    assert values["education-field"] == [""]
    html = response.content.decode()
    assert "Guardamos tu nueva foto." in html
    assert "No guardamos los cambios" in html


def test_an_education_error_sits_next_to_its_field_and_the_profile_is_saved(client, member):
    page = open_editor(client, member)

    response = page.submit(
        "Agregar", fill={"headline": TYPED_HEADLINE, **education_typed(**{"education-field": ""})}
    )

    assert response.status_code == 200
    assert "obligatorio" in field_errors(response, "id_education-field")
    assert field_errors(response, "id_headline") == ""
    assert stored(member).headline == TYPED_HEADLINE
    assert not Education.objects.exists()
    again = Page(client, response)
    values = successful_values(
        [c for c in again.controls if c.form == again.button("Agregar").form]
    )
    assert values["education-institution"] == ["Universidad de Rice"]


def test_adding_with_empty_education_fields_asks_for_them(client, member):
    page = open_editor(client, member)

    response = page.submit("Agregar")

    assert response.status_code == 200
    assert "obligatorio" in field_errors(response, "id_education-institution")
    assert not Education.objects.exists()


def test_a_full_disk_saves_nothing_and_shows_everything_typed_again(client, member, monkeypatch):
    from members import profiles
    from redtalentos.lib import images

    def disk_full(**kwargs):
        raise images.ImageNotStored

    monkeypatch.setattr(profiles, "replace_photo", disk_full)
    page = open_editor(client, member)

    response = page.submit(
        "Subir foto",
        fill={"headline": TYPED_HEADLINE, **education_typed()},
        files={"photo": jpeg()},
    )

    assert response.status_code == 503
    assert "Tus otros datos no cambiaron" in field_errors(response, "id_photo")
    assert stored(member).headline != TYPED_HEADLINE
    assert not Education.objects.exists()
    again = Page(client, response)
    values = successful_values(
        [c for c in again.controls if c.form == again.button("Agregar").form]
    )
    assert values["headline"] == [TYPED_HEADLINE]
    assert values["education-institution"] == ["Universidad de Rice"]
