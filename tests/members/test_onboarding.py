"""Onboarding after verification: account type, simplified notice, one switch per purpose."""

import pytest

from members.consents import current_consents
from members.models import AccountType, Consent, Member
from tests.conftest import login, make_user


@pytest.fixture
def newcomer(db):
    return make_user("nueva@example.org")


def test_first_login_leads_to_onboarding(client, newcomer):
    from tests.conftest import PASSWORD

    response = client.post("/cuenta/login/", {"login": newcomer.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/perfil/bienvenida/"


def test_visitor_is_sent_to_login_from_every_onboarding_page(client, db):
    for path in ["/perfil/bienvenida/", "/perfil/bienvenida/privacidad/", "/perfil/privacidad/"]:
        response = client.get(path)
        assert response.status_code == 302
        assert "/cuenta/login/" in response["Location"]


def test_talent_gets_a_profile_and_then_the_consents_step(client, newcomer):
    login(client, newcomer)
    response = client.post(
        "/perfil/bienvenida/", {"account_type": "talent", "full_name": "  María   Núñez "}
    )
    assert response["Location"] == "/perfil/bienvenida/privacidad/"
    newcomer.refresh_from_db()
    assert newcomer.account_type == AccountType.TALENT
    member = Member.objects.get(user=newcomer)
    assert member.full_name == "María Núñez"
    assert member.slug == "maria-nunez"
    assert not (member.listed_publicly or member.findable_by_pncs or member.visible_to_chapter)


def test_participant_gets_no_profile(client, newcomer):
    login(client, newcomer)
    client.post("/perfil/bienvenida/", {"account_type": "student", "full_name": "Luis Pérez"})
    assert not Member.objects.filter(user=newcomer).exists()
    html = client.get("/perfil/bienvenida/privacidad/").content.decode()
    assert 'name="news"' in html
    assert 'name="public_listing"' not in html


def test_account_type_is_chosen_once(client, member):
    login(client, member.user)
    response = client.post("/perfil/bienvenida/", {"account_type": "student", "full_name": "X"})
    assert response["Location"] == "/perfil/bienvenida/privacidad/"
    member.user.refresh_from_db()
    assert member.user.account_type == AccountType.TALENT


def test_consents_step_shows_the_simplified_notice_with_every_switch_off(client, newcomer):
    login(client, newcomer)
    client.post("/perfil/bienvenida/", {"account_type": "talent", "full_name": "Ana Ruiz"})
    html = client.get("/perfil/bienvenida/privacidad/").content.decode()
    assert "Aviso de privacidad simplificado" in html
    assert "#aviso-integral" in html
    for purpose in Consent.Purpose.values:
        assert f'name="{purpose}"' in html
    assert "checked" not in html


def test_consents_are_stored_with_notice_version_and_time(client, newcomer, settings):
    login(client, newcomer)
    client.post("/perfil/bienvenida/", {"account_type": "talent", "full_name": "Ana Ruiz"})
    response = client.post("/perfil/bienvenida/privacidad/", {"public_listing": "on", "news": "on"})
    assert response["Location"] == "/perfil/"
    state = current_consents(newcomer)
    assert state[Consent.Purpose.PUBLIC_LISTING].granted
    assert state[Consent.Purpose.PUBLIC_LISTING].notice_version == settings.PRIVACY_NOTICE_VERSION
    assert state[Consent.Purpose.PUBLIC_LISTING].created_at is not None
    assert state[Consent.Purpose.NEWS].granted
    assert not state[Consent.Purpose.PNCS_SEARCH].granted
    member = Member.objects.get(user=newcomer)
    assert member.listed_publicly and not member.findable_by_pncs


def test_withdrawing_is_one_click_and_takes_effect_at_once(client, member):
    login(client, member.user)
    assert client.get(member.get_absolute_url()).status_code == 200
    response = client.post("/perfil/privacidad/", {"purpose": "public_listing", "granted": "0"})
    assert response["Location"] == "/perfil/privacidad/"
    member.refresh_from_db()
    assert not member.listed_publicly
    history = Consent.objects.filter(user=member.user, purpose="public_listing")
    assert [c.granted for c in history] == [False, True]
    page = client.get("/perfil/privacidad/").content.decode()
    assert "Retiraste tu consentimiento" in page


def test_privacy_settings_refuses_garbage(client, member):
    login(client, member.user)
    for data in [
        {"purpose": "'; DROP TABLE members_consent; --", "granted": "1"},
        {"purpose": "public_listing", "granted": "maybe"},
        {"purpose": "x" * 100000},
        {},
    ]:
        assert client.post("/perfil/privacidad/", data).status_code == 400
    member.refresh_from_db()
    assert member.listed_publicly


def test_participant_cannot_grant_a_profile_purpose(client, participant):
    login(client, participant)
    response = client.post("/perfil/privacidad/", {"purpose": "public_listing", "granted": "1"})
    assert response.status_code == 400
    assert not Consent.objects.filter(user=participant, purpose="public_listing").exists()


def test_onboarding_form_errors_are_clear(client, newcomer):
    login(client, newcomer)
    response = client.post("/perfil/bienvenida/", {"account_type": "king", "full_name": "1234"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Escribe tu nombre con letras." in html
    assert (
        "Escoja una opción válida" in html or "Elija una opción válida" in html or "válida" in html
    )
    newcomer.refresh_from_db()
    assert newcomer.account_type == ""


def test_onboarding_pages_render_in_english(client, newcomer):
    login(client, newcomer)
    response = client.get("/en/perfil/bienvenida/")
    assert response.status_code == 200
    assert 'lang="en"' in response.content.decode()


def test_privacy_page_shows_the_roles_assigned_in_the_admin(client, pncs_staff, db):
    from chapters.models import Chapter, ChapterRole
    from tests.conftest import make_member

    leader = make_member("Lola Líder", chapter=Chapter.objects.get(slug="detroit"))
    ChapterRole.objects.create(chapter=leader.chapter, user=leader.user, role="president")
    login(client, leader.user)
    html = client.get("/perfil/privacidad/").content.decode()
    assert "Presidencia del capítulo Detroit" in html or "del capítulo Detroit" in html
    pncs_staff.account_type = AccountType.INSTITUTION
    pncs_staff.save(update_fields=["account_type"])
    login(client, pncs_staff)
    assert "Personal del PNCS PNCS de prueba" in client.get("/perfil/privacidad/").content.decode()


def test_privacy_page_query_count_does_not_grow_with_roles(
    client, member, django_assert_max_num_queries
):
    login(client, member.user)
    with django_assert_max_num_queries(12):
        assert client.get("/perfil/privacidad/").status_code == 200
