"""Approving a chapter proposal the way IME does it (the admin action) gives a whole chapter: a
position on the map, the proposer as its member and coordinator, and an email to the proposer."""

import pytest
from django.core import mail

from chapters.models import Chapter, ChapterProposal, ChapterRole, JoinRequest
from tests.conftest import login, make_chapter_leader, make_member

CHANGELIST = "/admin/chapters/chapterproposal/"
VALID = {
    "city": "Madrid",
    "country": "ES",
    "founding_members": "Lucía Hernández, Marco Salinas",
    "purpose": "Reunir a la comunidad científica mexicana en Madrid.",
}


def _action(client, action, proposals, **extra):
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [p.pk for p in proposals], **extra},
        follow=True,
    )


def _approve(client, proposal, latitude="40.42", longitude="-3.70"):
    return _action(
        client,
        "approve",
        [proposal],
        confirm="yes",
        **{f"p{proposal.pk}-latitude": latitude, f"p{proposal.pk}-longitude": longitude},
    )


@pytest.fixture
def approve(client, ime_admin, django_capture_on_commit_callbacks):
    """IME approves `proposal` through the admin; the emails scheduled after the commit run."""

    def run(proposal, **position):
        login(client, ime_admin)
        with django_capture_on_commit_callbacks(execute=True):
            response = _approve(client, proposal, **position)
        client.logout()
        return response

    return run


def test_approval_asks_for_the_position_prefilled_with_the_country_centre(
    client, member, ime_admin
):
    proposal = ChapterProposal.objects.create(proposer=member, **VALID)
    login(client, ime_admin)
    response = _action(client, "approve", [proposal])
    assert response.status_code == 200
    html = response.content.decode()
    assert f'name="p{proposal.pk}-latitude"' in html
    assert 'value="40.46"' in html and 'value="-3.75"' in html  # Spain's centre, editable
    # Nothing is approved before IME confirms the position.
    assert not Chapter.objects.filter(city="Madrid").exists()
    proposal.refresh_from_db()
    assert proposal.status == ChapterProposal.Status.PENDING


@pytest.mark.parametrize(
    "position",
    [
        {"latitude": "", "longitude": ""},
        {"latitude": "40.4", "longitude": ""},
        {"latitude": "91", "longitude": "-3.7"},
        {"latitude": "40.4", "longitude": "-181"},
        {"latitude": "norte", "longitude": "-3.7"},
        {"latitude": "1e400", "longitude": "-3.7"},
    ],
)
def test_approval_without_a_valid_position_is_not_possible(client, member, ime_admin, position):
    proposal = ChapterProposal.objects.create(proposer=member, **VALID)
    login(client, ime_admin)
    response = _approve(client, proposal, **position)
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not Chapter.objects.filter(city="Madrid").exists()
    proposal.refresh_from_db()
    assert proposal.status == ChapterProposal.Status.PENDING


def test_approved_chapter_is_on_the_map(client, member, approve):
    proposal = ChapterProposal.objects.create(proposer=member, **VALID)
    approve(proposal, latitude="40.42", longitude="-3.70")
    chapter = Chapter.objects.get(city="Madrid")
    assert (float(chapter.latitude), float(chapter.longitude)) == (40.42, -3.70)
    markers = client.get("/capitulos/").context["map"]["markers"]
    assert "madrid" in [marker.slug for marker in markers]


def test_proposer_becomes_member_and_coordinator_and_is_not_offered_to_join(
    client, member, approve
):
    proposal = ChapterProposal.objects.create(proposer=member, **VALID)
    approve(proposal)
    chapter = Chapter.objects.get(city="Madrid")
    member.refresh_from_db()
    assert member.chapter == chapter
    role = ChapterRole.objects.get(chapter=chapter)
    assert (role.user, role.role) == (member.user, ChapterRole.Role.COORDINATOR)
    login(client, member.user)
    response = client.get(chapter.get_absolute_url())
    assert response.context["chapter"].member_count == 1
    html = response.content.decode()
    assert "Solicitar unirme" not in html
    assert "Editar la página" in html


def test_coordinator_cannot_ask_to_join_another_chapter(client, member, approve):
    approve(ChapterProposal.objects.create(proposer=member, **VALID))
    login(client, member.user)
    html = client.get("/capitulos/houston/").content.decode()
    assert "Solicitar unirme" not in html
    assert "Coordinas el capítulo Madrid" in html
    response = client.post("/capitulos/houston/unirme/", {"message": "Hola"}, follow=True)
    assert response.status_code == 200
    assert not JoinRequest.objects.exists()
    assert "Coordinas el capítulo Madrid" in response.content.decode()


def test_approval_withdraws_the_proposers_pending_request_elsewhere(
    client, member, approve, chapter_leader
):
    JoinRequest.objects.create(member=member, chapter=Chapter.objects.get(slug="houston"))
    approve(ChapterProposal.objects.create(proposer=member, **VALID))
    assert not JoinRequest.objects.exists()
    member.refresh_from_db()
    assert member.chapter.city == "Madrid"


@pytest.mark.parametrize("left", ["deleted", "deactivated"])
def test_approval_of_a_proposal_whose_proposer_left_is_refused(client, member, ime_admin, left):
    proposal = ChapterProposal.objects.create(proposer=member, **VALID)
    if left == "deleted":
        ChapterProposal.objects.filter(pk=proposal.pk).update(proposer=None)
    else:
        member.user.is_active = False
        member.user.save(update_fields=["is_active"])
    login(client, ime_admin)
    response = _approve(client, proposal)
    assert response.status_code == 200
    assert "ya no tiene cuenta activa" in response.content.decode()
    assert not Chapter.objects.filter(city="Madrid").exists()
    assert not ChapterRole.objects.filter(user=member.user).exists()


def test_proposer_is_emailed_when_approved_in_the_language_they_proposed_in(
    client, member, approve
):
    login(client, member.user)
    client.post("/en/capitulos/proponer/", VALID)
    proposal = ChapterProposal.objects.get()
    client.logout()
    approve(proposal)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [member.user.email]
    assert "Madrid" in message.subject
    # Written in English (the words follow once the English catalogue has them): English links.
    html = message.alternatives[0][0]
    assert '<html lang="en">' in html
    assert "http://testserver/en/capitulos/madrid/editar/" in message.body
    assert "@" not in message.body and "@" not in html


def test_proposer_is_emailed_in_spanish_when_approved(client, member, approve):
    login(client, member.user)
    client.post("/capitulos/proponer/", VALID)
    client.logout()
    approve(ChapterProposal.objects.get())
    [message] = mail.outbox
    assert "aprobada" in message.subject.lower()
    assert "tú lo coordinas" in " ".join(message.body.split())
    assert "http://testserver/capitulos/madrid/editar/" in message.body
    assert "usted" not in message.body.lower()


def test_proposer_is_emailed_when_declined(
    client, member, ime_admin, django_capture_on_commit_callbacks
):
    login(client, member.user)
    client.post("/capitulos/proponer/", VALID)
    proposal = ChapterProposal.objects.get()
    login(client, ime_admin)
    with django_capture_on_commit_callbacks(execute=True):
        _action(client, "reject", [proposal])
    proposal.refresh_from_db()
    assert proposal.status == ChapterProposal.Status.REJECTED
    [message] = mail.outbox
    assert message.to == [member.user.email]
    assert "Madrid" in message.subject
    assert "no la aprobó" in message.body
    assert "http://testserver/capitulos/proponer/" in message.body
    assert "@" not in message.body


def test_a_leader_is_never_offered_to_join_the_chapter_they_lead(client, db):
    # A leader IME named in the admin before their profile showed the chapter.
    leader = make_chapter_leader("detroit", member=make_member("Dora Directiva"))
    login(client, leader)
    html = client.get("/capitulos/detroit/").content.decode()
    assert "Solicitar unirme" not in html
    assert "Formas parte de la directiva de este capítulo" in html
    client.post("/capitulos/detroit/unirme/", {})
    assert not JoinRequest.objects.exists()


def test_a_request_from_someone_who_now_leads_another_chapter_cannot_be_approved(
    client, member, chapter_leader
):
    join_request = JoinRequest.objects.create(
        member=member, chapter=Chapter.objects.get(slug="houston")
    )
    make_chapter_leader("detroit", role="board", member=member)  # named by IME meanwhile
    login(client, chapter_leader)
    url = f"/capitulos/houston/solicitudes/{join_request.pk}/"
    response = client.post(url, {"decision": "approve"}, follow=True)
    assert "forma parte de la directiva del capítulo Detroit" in response.content.decode()
    join_request.refresh_from_db()
    member.refresh_from_db()
    assert join_request.status == JoinRequest.Status.PENDING
    assert member.chapter is None


def test_the_chapters_admin_says_which_chapters_are_off_the_map(client, ime_admin):
    Chapter.objects.create(name="Sin posición", slug="sin-posicion", city="X", country="ES")
    login(client, ime_admin)
    response = client.get("/admin/chapters/chapter/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "en el mapa" in html.lower()
    assert 'alt="False"' in html and 'alt="True"' in html  # the founding chapters are on it
