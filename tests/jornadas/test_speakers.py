"""Speaker invitations go through the introductions (budget, pause, addresses only on
acceptance); an accepted invitation puts the member on the agenda; speakers edit their abstract."""

import pytest

from jornadas.models import SessionSpeaker, SpeakerInvitation
from members.models import Consent, IntroductionRequest
from tests.conftest import give_totp, login, make_member, make_pncs_staff

from .helpers import add_speaker, make_edition, make_session, make_track

FINDABLE = (Consent.Purpose.PUBLIC_LISTING, Consent.Purpose.PNCS_SEARCH)
MESSAGE = "Nos encantaría escucharte sobre vacunas en la sesión de salud."


def invite_url(session):
    return f"/jornadas/{session.edition.slug}/sesiones/{session.pk}/invitar-ponente/"


def abstract_url(session):
    return f"/jornadas/{session.edition.slug}/sesiones/{session.pk}/resumen/"


def answer_url(introduction):
    return f"/perfil/solicitudes/{introduction.pk}/responder/"


def readable(message):
    return "\n".join([message.subject, message.body, *(c for c, _ in message.alternatives)])


@pytest.fixture
def session(db):
    edition = make_edition(title="Jornada de Salud")
    return make_session(edition, make_track(edition, "salud"), title="Vacunas en México")


@pytest.fixture
def carla(db):
    return make_member(
        "Carla Candidata Núñez", email="carla@example.org", sectors=("salud",), consents=FINDABLE
    )


@pytest.fixture
def pncs_salud(db):
    user = make_pncs_staff("salud@example.org", sectors=("salud",), name="PNCS Salud")
    give_totp(user)
    return user


@pytest.fixture
def pncs_tic(db):
    user = make_pncs_staff("tic@example.org", sectors=("tic",), name="PNCS TIC")
    give_totp(user)
    return user


def invite(client, session, member, *, capture, message=MESSAGE, role="speaker"):
    with capture(execute=True):
        return client.post(
            invite_url(session), {"member": member.slug, "message": message, "role": role}
        )


# Inviting


def test_ime_finds_a_member_by_name_and_invites_them(
    client, ime_admin, session, carla, mailoutbox, django_capture_on_commit_callbacks
):
    login(client, ime_admin)
    page = client.get(invite_url(session), {"q": "carla nunez"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Carla Candidata Núñez" in html
    assert "carla@example.org" not in html
    assert "Vacunas en México" in html  # the message is written for the session

    response = invite(client, session, carla, capture=django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response.url == session.get_absolute_url()
    invitation = SpeakerInvitation.objects.get()
    assert invitation.session == session
    introduction = invitation.introduction
    assert introduction.requester == ime_admin
    assert introduction.member == carla
    assert introduction.purpose == IntroductionRequest.Purpose.EVENT
    assert introduction.status == IntroductionRequest.Status.PENDING
    (email,) = mailoutbox
    assert email.to == ["carla@example.org"]
    assert MESSAGE in email.body
    assert "@" not in readable(email)
    assert not SessionSpeaker.objects.filter(member=carla).exists()


def test_pncs_of_the_sessions_sector_invites(
    client, pncs_salud, session, carla, django_capture_on_commit_callbacks
):
    login(client, pncs_salud)
    assert client.get(invite_url(session)).status_code == 200
    response = invite(client, session, carla, capture=django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert SpeakerInvitation.objects.get().introduction.requester == pncs_salud


def test_pncs_of_another_sector_gets_403(
    client, pncs_tic, session, carla, mailoutbox, django_capture_on_commit_callbacks
):
    login(client, pncs_tic)
    assert client.get(invite_url(session)).status_code == 403
    response = invite(client, session, carla, capture=django_capture_on_commit_callbacks)
    assert response.status_code == 403
    assert not IntroductionRequest.objects.exists()
    assert mailoutbox == []


def test_pncs_cannot_invite_to_a_plenary(client, pncs_salud):
    edition = make_edition()
    plenary = make_session(edition, make_track(edition), title="Inauguración")
    login(client, pncs_salud)
    assert client.get(invite_url(plenary)).status_code == 403


def test_pncs_signed_in_without_the_second_factor_cannot_invite(client, pncs_salud, session):
    client.force_login(pncs_salud)  # password only in this session
    response = client.get(invite_url(session))
    assert response.status_code in (302, 403)
    assert "/invitar-ponente/" not in response.get("Location", "")


@pytest.mark.parametrize("persona", ["member", "participant"])
def test_other_accounts_get_403(client, session, persona, request):
    login(
        client,
        request.getfixturevalue(persona).user
        if persona == "member"
        else request.getfixturevalue(persona),
    )
    assert client.get(invite_url(session)).status_code == 403


def test_visitors_are_sent_to_sign_in(client, session):
    response = client.get(invite_url(session))
    assert response.status_code == 302
    assert "/cuenta/login/" in response.url


def test_an_unknown_or_draft_session_is_404(client, pncs_salud, session):
    login(client, pncs_salud)
    edition = session.edition
    assert (
        client.get(f"/jornadas/{edition.slug}/sesiones/999999/invitar-ponente/").status_code == 404
    )
    edition.status = edition.Status.DRAFT
    edition.save()
    assert client.get(invite_url(session)).status_code == 404


def test_only_members_findable_by_the_pncs_are_listed(client, ime_admin, session, carla):
    make_member("Carla Privada", sectors=("salud",), consents=(Consent.Purpose.PUBLIC_LISTING,))
    login(client, ime_admin)
    html = client.get(invite_url(session), {"q": "carla"}).content.decode()
    assert "Carla Candidata Núñez" in html
    assert "Carla Privada" not in html


def test_pncs_staff_see_members_of_their_sectors_only(client, pncs_salud, session, carla):
    make_member("Carla Automotriz", sectors=("automotriz",), consents=FINDABLE)
    login(client, pncs_salud)
    html = client.get(invite_url(session), {"q": "Carla"}).content.decode()
    assert "Carla Candidata Núñez" in html
    assert "Carla Automotriz" not in html


def test_a_member_not_offered_cannot_be_posted(
    client, ime_admin, session, mailoutbox, django_capture_on_commit_callbacks
):
    hidden = make_member("Oculto Sin Consentimiento", consents=())
    login(client, ime_admin)
    response = invite(client, session, hidden, capture=django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert "Elige a un miembro de la lista." in response.content.decode()
    assert not IntroductionRequest.objects.exists()
    assert mailoutbox == []


def test_a_garbage_member_is_a_form_error(client, ime_admin, session):
    login(client, ime_admin)
    response = client.post(invite_url(session), {"member": "../../x", "message": "Hola"})
    assert response.status_code == 200
    assert not IntroductionRequest.objects.exists()


def test_a_speaker_already_is_not_listed(client, ime_admin, session, carla):
    add_speaker(session, carla)
    login(client, ime_admin)
    html = client.get(invite_url(session), {"q": "carla"}).content.decode()
    assert "Carla Candidata Núñez" not in html


# The member's budget and pause count the same


def test_a_paused_member_is_not_invited(
    client, ime_admin, session, carla, mailoutbox, django_capture_on_commit_callbacks
):
    carla.intro_paused = True
    carla.save()
    login(client, ime_admin)
    response = invite(client, session, carla, capture=django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert "pausó las solicitudes de presentación" in response.content.decode()
    assert not SpeakerInvitation.objects.exists()
    assert not IntroductionRequest.objects.exists()
    assert mailoutbox == []


def test_the_monthly_budget_counts_invitations(
    client, ime_admin, session, carla, other_member, django_capture_on_commit_callbacks
):
    carla.intro_monthly_limit = 1
    carla.save()
    IntroductionRequest.objects.create(
        requester=other_member.user, member=carla, purpose="mentoring", message="Hola"
    )
    login(client, ime_admin)
    response = invite(client, session, carla, capture=django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert "todas las solicitudes de presentación que acepta" in response.content.decode()
    assert not SpeakerInvitation.objects.exists()


# Answering


def _invited(client, inviter, session, carla, capture):
    login(client, inviter)
    invite(client, session, carla, capture=capture)
    client.logout()
    return SpeakerInvitation.objects.get().introduction


def test_accepting_makes_the_member_a_speaker_and_shares_the_addresses(
    client, ime_admin, session, carla, mailoutbox, django_capture_on_commit_callbacks
):
    introduction = _invited(client, ime_admin, session, carla, django_capture_on_commit_callbacks)
    add_speaker(session, name="Ponente Previo")
    mailoutbox.clear()
    login(client, carla.user)
    listed = client.get("/perfil/solicitudes/").content.decode()
    assert "Evento o conferencia en México" in listed

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(answer_url(introduction), {"decision": "accept"})

    assert response.status_code == 302
    speaker = SessionSpeaker.objects.get(session=session, member=carla)
    assert speaker.role == "speaker"
    assert speaker.order == 1  # after the speakers already on the agenda
    assert sorted(m.to[0] for m in mailoutbox) == ["carla@example.org", "ime@example.org"]
    for email in mailoutbox:
        assert "carla@example.org" in email.body
        assert "ime@example.org" in email.body
    page = client.get(session.get_absolute_url()).content.decode()
    assert "Carla Candidata Núñez" in page
    assert "Editar el resumen" in page


def test_declining_shares_nothing_and_adds_no_speaker(
    client, pncs_salud, session, carla, mailoutbox, django_capture_on_commit_callbacks
):
    introduction = _invited(client, pncs_salud, session, carla, django_capture_on_commit_callbacks)
    mailoutbox.clear()
    login(client, carla.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(answer_url(introduction), {"decision": "decline"})
    assert not SessionSpeaker.objects.filter(member=carla).exists()
    (email,) = mailoutbox
    assert email.to == ["salud@example.org"]
    assert "carla@example.org" not in readable(email) + "".join(email.reply_to)


def test_an_accepted_invitation_keeps_the_role_asked(
    client, ime_admin, session, carla, django_capture_on_commit_callbacks
):
    login(client, ime_admin)
    invite(client, session, carla, role="moderator", capture=django_capture_on_commit_callbacks)
    introduction = SpeakerInvitation.objects.get().introduction
    login(client, carla.user)
    client.post(answer_url(introduction), {"decision": "accept"})
    assert SessionSpeaker.objects.get(member=carla).role == "moderator"


def test_an_ordinary_introduction_adds_no_speaker(client, carla, other_member):
    introduction = IntroductionRequest.objects.create(
        requester=other_member.user, member=carla, purpose="event", message="Hola"
    )
    login(client, carla.user)
    client.post(answer_url(introduction), {"decision": "accept"})
    assert not SessionSpeaker.objects.exists()


# The abstract


def test_a_speaker_edits_the_abstract_of_their_session(client, session, carla):
    add_speaker(session, carla)
    login(client, carla.user)
    assert client.get(abstract_url(session)).status_code == 200
    text = "Hablaré de **vacunas**.\n\n<script>alert(1)</script>"
    response = client.post(abstract_url(session), {"abstract": text})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.abstract == text
    page = client.get(session.get_absolute_url()).content.decode()
    assert "<strong>vacunas</strong>" in page
    assert "<script>alert(1)</script>" not in page


def test_a_too_long_abstract_is_a_form_error(client, session, carla):
    add_speaker(session, carla)
    login(client, carla.user)
    response = client.post(abstract_url(session), {"abstract": "x" * 5001})
    assert response.status_code == 200
    session.refresh_from_db()
    assert session.abstract == ""


def test_others_cannot_edit_the_abstract(client, session, member, participant, pncs_salud):
    for user in (member.user, participant, pncs_salud):
        login(client, user)
        assert client.get(abstract_url(session)).status_code == 403
        assert client.post(abstract_url(session), {"abstract": "Cambio"}).status_code == 403
    client.logout()
    assert "/cuenta/login/" in client.get(abstract_url(session)).url
    session.refresh_from_db()
    assert session.abstract == ""


def test_a_speaker_of_another_session_gets_403(client, session, carla):
    other = make_session(session.edition, session.track, hour=12, title="Otra")
    add_speaker(other, carla)
    login(client, carla.user)
    assert client.get(abstract_url(session)).status_code == 403


def test_a_draft_sessions_abstract_is_404_to_outsiders_and_open_to_its_speaker(
    client, session, carla, member
):
    edition = session.edition
    edition.status = edition.Status.DRAFT
    edition.save()
    add_speaker(session, carla)
    login(client, member.user)
    assert client.get(abstract_url(session)).status_code == 404
    login(client, carla.user)
    assert client.get(abstract_url(session)).status_code == 200


def test_the_pages_answer_in_english(client, ime_admin, session, carla):
    login(client, ime_admin)
    response = client.get("/en" + invite_url(session), {"q": "carla"})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en"' in html
    assert "Carla Candidata Núñez" in html
    add_speaker(session, carla)
    login(client, carla.user)
    response = client.get("/en" + abstract_url(session))
    assert response.status_code == 200
    assert '<html lang="en"' in response.content.decode()
