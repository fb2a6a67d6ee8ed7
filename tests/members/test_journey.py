"""The newcomer's whole journey through the views: sign up, verify, onboard, build a profile, and
be seen by a visitor exactly as chosen (the same journey runs in a browser in tests/e2e)."""

import re

from django.test import Client

from members.models import Member
from tests.members.test_profile import form_data

PASSWORD = "una-clave-larga-y-segura-2026"


def test_newcomer_joins_builds_a_profile_and_a_visitor_sees_the_public_part(client, db, mailoutbox):
    response = client.post(
        "/cuenta/signup/",
        {"email": "maria.nunez@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response["Location"] == "/cuenta/confirm-email/"
    link = re.search(r"https?://testserver(/cuenta/confirm-email/\S+/)", mailoutbox[0].body)
    response = client.post(link.group(1))
    assert response["Location"] == "/perfil/bienvenida/"

    response = client.post(
        "/perfil/bienvenida/", {"account_type": "talent", "full_name": "María Núñez"}
    )
    assert response["Location"] == "/perfil/bienvenida/privacidad/"
    response = client.post("/perfil/bienvenida/privacidad/", {"public_listing": "on"})
    assert response["Location"] == "/perfil/"

    data = form_data(
        full_name="María Núñez",
        headline="Ingeniera de materiales",
        organisation="Laboratorio de Polímeros",
        visibility_work="public",
        visibility_links="private",
    )
    response = client.post("/perfil/", data, follow=True)
    assert response.status_code == 200
    member = Member.objects.get(user__email="maria.nunez@example.org")
    assert member.headline == "Ingeniera de materiales"

    visitor = Client()
    page = visitor.get(member.get_absolute_url())
    html = page.content.decode()
    assert page.status_code == 200
    assert "María Núñez" in html
    assert "Ingeniera de materiales" in html
    assert "Laboratorio de Polímeros" in html
    assert "linkedin.com/in/ana-ruiz" not in html  # links are private
    assert "maria.nunez@example.org" not in html

    # Withdrawing the public listing hides the profile from visitors at once.
    client.post("/perfil/privacidad/", {"purpose": "public_listing", "granted": "0"})
    assert visitor.get(member.get_absolute_url()).status_code == 404
