"""A participant's home at /inicio/ (where /perfil/ sends them): students and institution
contacts in Mexico see their registrations, their certificates and what they can do now; members
abroad keep the editor."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jornadas import services
from members.models import AccountType
from redtalentos.lib import home
from tests.certificates.helpers import make_certificate
from tests.conftest import login, make_user
from tests.jornadas.helpers import make_edition
from tests.jornadas.registration_helpers import make_open_edition, register

HOME_URL = "/inicio/"
PROFILE_URL = "/perfil/"


def accept_url(registration):
    return reverse(
        "jornadas:registration_accept",
        kwargs={"slug": registration.edition.slug, "uuid": registration.uuid},
    )


def offered_to(user):
    """A registration of `user` to which a freed seat has just been offered."""
    edition = make_open_edition(capacity=1, title="Jornada con lugar ofrecido")
    first = register(edition)
    mine = register(edition, user)
    services.cancel_registration(registration=first, actor=first.user)
    mine.refresh_from_db()
    assert mine.status == "offered"
    return mine


def test_visitor_is_sent_to_sign_in(client, db):
    response = client.get(HOME_URL)
    assert response.status_code == 302
    assert response.url.startswith("/cuenta/login/")


def test_account_without_type_still_goes_to_onboarding(client, db):
    login(client, make_user())
    response = client.get(HOME_URL)
    assert response.status_code == 302
    assert response.url == "/perfil/bienvenida/"


def test_participant_sees_their_registrations_and_certificates(client, participant):
    confirmed = register(make_open_edition(title="Jornada confirmada"), participant)
    full = make_open_edition(capacity=1, title="Jornada llena")
    register(full)
    waitlisted = register(full, participant)
    offered = offered_to(participant)
    make_certificate(participant, title="Jornada Informativa 2026 — Salud")
    make_certificate(participant, title="Jornada Informativa 2025 — Energía")
    login(client, participant)

    response = client.get(HOME_URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>" in html and "Hola, Luis" in html
    assert "Mis Jornadas" in html
    for registration in (confirmed, waitlisted, offered):
        assert registration.get_absolute_url() in html
        assert registration.edition.display_title in html
    assert "Confirmado" in html
    assert "lugar 1 en la fila" in html
    # The offer: when it expires and the button that accepts it.
    assert "Se liberó un lugar para ti" in html
    expires = timezone.localtime(offered.offer_expires_at)
    assert f"{expires.day} de " in html and f"{expires.year}" in html
    assert f'action="{accept_url(offered)}"' in html
    assert "csrfmiddlewaretoken" in html
    # Certificates: how many, and where to find them.
    assert "Mis certificados" in html
    assert "Tienes 2 certificados vigentes" in html
    assert reverse("certificates:my_certificates") in html
    # What they can do now.
    for name in (
        "jornadas:edition_list",
        "members:directory",
        "members:privacy_settings",
        "members:data_download",
    ):
        assert f'href="{reverse(name)}"' in html
    assert "participante@example.org" not in html


def test_student_without_registrations_sees_the_empty_state_and_the_open_editions(
    client, participant
):
    open_edition = make_open_edition(title="Jornada abierta al registro")
    make_edition(
        title="Jornada sin registro todavía",
        registration_opens_at=timezone.now() + datetime.timedelta(days=3),
    )
    make_edition(title="Jornada en borrador", status="draft")
    login(client, participant)

    html = client.get(HOME_URL).content.decode()

    assert "Aún no te registras en ninguna Jornada Informativa" in html
    assert "Jornada abierta al registro" in html
    assert f'href="{reverse("jornadas:register", kwargs={"slug": open_edition.slug})}"' in html
    assert "Jornada sin registro todavía" not in html
    assert "Jornada en borrador" not in html
    # No certificates yet: the section has nothing to say and stays out.
    assert "Mis certificados" not in html


def test_no_open_edition_is_said_plainly(client, participant):
    login(client, participant)
    html = client.get(HOME_URL).content.decode()
    assert "Ahora no hay Jornadas con el registro abierto" in html


def test_an_edition_already_registered_for_is_not_offered_again(client, participant):
    edition = make_open_edition(title="Jornada en la que ya estoy")
    register(edition, participant)
    login(client, participant)
    html = client.get(HOME_URL).content.decode()
    register_url = reverse("jornadas:register", kwargs={"slug": edition.slug})
    assert f'href="{register_url}"' not in html
    assert "Jornada en la que ya estoy" in html  # as a registration


def test_institution_contact_gets_the_home_too(client, db):
    login(client, make_user(full_name="Inés Institución", account_type=AccountType.INSTITUTION))
    response = client.get(HOME_URL)
    assert response.status_code == 200
    assert "Hola, Inés" in response.content.decode()


def test_participant_cannot_post_the_profile_form(client, participant):
    login(client, participant)
    assert client.post(PROFILE_URL, {"full_name": "X"}).status_code == 403
    assert client.post(HOME_URL).status_code == 405


def test_the_profile_address_leads_a_participant_home(client, participant):
    login(client, participant)
    response = client.get(PROFILE_URL)
    assert response.status_code == 302
    assert response.url == HOME_URL


def test_member_abroad_still_gets_the_profile_editor(client, member):
    login(client, member.user)
    response = client.get(PROFILE_URL)
    assert response.status_code == 200
    assert "<h1>Mi perfil</h1>" in response.content.decode()
    assert "members/profile_form.html" in [t.name for t in response.templates]


def test_no_other_persons_data_appears(client, participant):
    other = make_user(full_name="Olga Otra Persona", account_type=AccountType.STUDENT)
    edition = make_open_edition(capacity=1, title="Jornada compartida")
    theirs = register(edition, other)
    register(edition, participant)
    only_theirs = register(make_open_edition(title="Otra jornada abierta"), other)
    make_certificate(other, title="Certificado de Olga")
    login(client, participant)

    html = client.get(HOME_URL).content.decode()

    assert "Olga" not in html
    assert theirs.get_absolute_url() not in html
    assert only_theirs.get_absolute_url() not in html
    assert "Mis certificados" not in html


def test_the_query_count_does_not_grow_with_the_registrations(
    client, participant, django_assert_max_num_queries
):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(HOME_URL).status_code == 200
        return len(queries)

    login(client, participant)
    register(make_open_edition(), participant)
    make_certificate(participant)
    once = count()
    for _ in range(4):
        full = make_open_edition(capacity=1)
        register(full)
        register(full, participant)
        make_certificate(participant)
        make_open_edition()
    offered_to(participant)
    assert count() == once
    # Six registrations: the latest five, offers first, and the way to all of them.
    html = client.get(HOME_URL).content.decode()
    assert html.count("Ver mi registro") == 5
    assert html.index("Se liberó un lugar para ti") < html.index("lugar 1 en la fila")
    assert "Ver todos mis registros" in html
    with django_assert_max_num_queries(9):  # one more: the mentoring's section
        client.get(HOME_URL)


def test_home_in_english(client, participant):
    register(
        make_open_edition(title="Jornada", title_en="English title of the Jornada"), participant
    )
    login(client, participant)
    response = client.get("/en" + HOME_URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'lang="en"' in html
    assert "English title of the Jornada" in html
    assert 'href="/en/jornadas/"' in html


def test_the_header_links_participants_to_their_home(client, participant, member):
    login(client, participant)
    html = client.get("/").content.decode()
    assert f'<a href="{HOME_URL}">Mi inicio</a>' in html
    assert f'<a href="{PROFILE_URL}">Mi perfil</a>' not in html
    client.logout()
    login(client, member.user)
    html = client.get("/").content.decode()
    assert f'<a href="{HOME_URL}">Mi inicio</a>' in html
    assert f'<a href="{PROFILE_URL}">Mi perfil</a>' in html


def test_a_participant_lands_on_their_home_after_onboarding(client, db):
    user = make_user(full_name="Nora Nueva")
    login(client, user)
    client.post("/perfil/bienvenida/", {"account_type": "student", "full_name": "Nora Nueva"})
    response = client.post("/perfil/bienvenida/privacidad/", {"news": "on"}, follow=True)
    assert response.redirect_chain[-1][0] == HOME_URL


# The registry itself


@pytest.fixture
def scratch_registry(monkeypatch):
    monkeypatch.setattr(home, "_sections", {})
    return home


def test_sections_come_in_order_and_those_with_nothing_to_say_stay_out(scratch_registry, db):
    scratch_registry.register(
        home.Section("b", "b.html", lambda user: {"n": 2}, frozenset({home.PARTICIPANT}), order=2)
    )
    scratch_registry.register(
        home.Section("a", "a.html", lambda user: {"n": 1}, frozenset({home.PARTICIPANT}), order=1)
    )
    scratch_registry.register(
        home.Section("quiet", "q.html", lambda user: None, frozenset({home.PARTICIPANT}))
    )
    scratch_registry.register(
        home.Section("other", "o.html", lambda user: {}, frozenset({"somebody_else"}))
    )
    assert home.sections_for({home.PARTICIPANT}, user=None) == [
        ("a.html", {"n": 1}),
        ("b.html", {"n": 2}),
    ]
