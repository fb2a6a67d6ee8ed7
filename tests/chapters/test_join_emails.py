"""A request to join a chapter reaches its leadership by email: each leader once, with the link
to the page where they answer, and never anyone's address."""

import pytest
from django.core import mail

from chapters.models import ChapterRole, JoinRequest
from tests.chapters.helpers import chapter
from tests.conftest import login, make_chapter_leader, make_member

JOIN = "/capitulos/houston/unirme/"


@pytest.fixture
def ask(client, django_capture_on_commit_callbacks):
    def post(member, url=JOIN, message="Hola, trabajo en energía."):
        login(client, member.user)
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, {"message": message})

    return post


def test_each_leader_is_emailed_once_when_someone_asks_to_join(member, ask, chapter_leader):
    board = make_chapter_leader("houston", role="board", member=make_member("Berta Mesa Directiva"))
    # A leader of another chapter hears nothing.
    make_chapter_leader("detroit", member=make_member("Diego Detroit"))
    ask(member)
    assert JoinRequest.objects.filter(member=member).exists()
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([chapter_leader.email, board.email])
    for message in mail.outbox:
        assert len(message.to) == 1
        assert "Houston" in message.subject
        assert member.full_name in message.body
        assert "http://testserver/capitulos/houston/solicitudes/" in message.body
        html = message.alternatives[0][0]
        assert 'href="http://testserver/capitulos/houston/solicitudes/"' in html
        # Neither the member's address nor any other is shown.
        assert "@" not in message.body and "@" not in html


def test_inactive_leaders_are_not_emailed(member, ask, chapter_leader):
    chapter_leader.is_active = False
    chapter_leader.save(update_fields=["is_active"])
    ask(member)
    assert JoinRequest.objects.filter(member=member).exists()
    assert mail.outbox == []


def test_a_refused_request_emails_nobody(member, ask, chapter_leader):
    ask(member)
    mail.outbox.clear()
    ask(member)  # a second request while the first waits: refused
    assert JoinRequest.objects.filter(member=member).count() == 1
    assert mail.outbox == []


def test_leaders_are_written_in_spanish_whatever_the_requesters_language(
    member, ask, chapter_leader
):
    # Accounts have no language of their own: the leaders' emails use the site's language.
    ask(member, url="/en/capitulos/houston/unirme/")
    [message] = mail.outbox
    assert "solicitud" in message.subject.lower()
    assert "http://testserver/capitulos/houston/solicitudes/" in message.body


def test_a_chapter_without_leadership_still_takes_the_request(member, ask):
    assert not ChapterRole.objects.filter(chapter=chapter()).exists()
    ask(member)
    assert JoinRequest.objects.filter(member=member).exists()
    assert mail.outbox == []
