"""Sign-up answers a registered address exactly as it answers a new one: same work, same page."""

import re

from django.contrib.auth.hashers import get_hasher
from django.core import mail
from django.test import Client

from tests.conftest import make_user

PASSWORD = "una-clave-larga-para-probar-42"


def hashing_spy(monkeypatch):
    """The passwords the configured hasher encodes from now on (MD5 in tests, PBKDF2 live)."""
    hasher_class = type(get_hasher())
    original = hasher_class.encode
    encoded = []

    def encode(self, password, *args, **kwargs):
        encoded.append(password)
        return original(self, password, *args, **kwargs)

    monkeypatch.setattr(hasher_class, "encode", encode)
    return encoded


def visible_text(html):
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def sign_up_as_someone_new(email, encoded):
    """One sign-up from a fresh browser: what it cost and what the person got back."""
    encoded.clear()
    mail.outbox = []
    client = Client()
    response = client.post(
        "/cuenta/signup/", {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    )
    page = client.get(response.url) if response.status_code == 302 else response
    return {
        "hashed": list(encoded),
        "mailed_to": [message.to for message in mail.outbox],
        "status": response.status_code,
        "redirect": response.get("Location"),
        # The page repeats the address typed (to the person who typed it): that is no tell.
        "page": visible_text(page.content.decode()).replace(email, "<address>"),
    }


def test_sign_up_with_a_registered_address_does_the_same_work_as_with_a_new_one(db, monkeypatch):
    make_user("registrada@example.org")
    encoded = hashing_spy(monkeypatch)

    new = sign_up_as_someone_new("nueva@example.org", encoded)
    registered = sign_up_as_someone_new("registrada@example.org", encoded)

    # The submitted password is hashed once either way: the answer takes as long.
    assert new["hashed"] == registered["hashed"] == [PASSWORD]
    # One email each, to the address typed: a link to confirm, or a notice to the owner.
    assert new["mailed_to"] == [["nueva@example.org"]]
    assert registered["mailed_to"] == [["registrada@example.org"]]
    assert new["status"] == registered["status"] == 302
    assert new["redirect"] == registered["redirect"] == "/cuenta/confirm-email/"
    assert new["page"] == registered["page"]
