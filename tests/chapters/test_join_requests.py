"""Join requests: a member asks, the chapter's leadership approves or declines, the member hears."""

import pytest
from django.core import mail

from chapters.models import JoinRequest
from tests.chapters.helpers import as_user, chapter
from tests.conftest import login, make_chapter_leader

JOIN = "/capitulos/houston/unirme/"


def _decide_url(join_request):
    return f"/capitulos/{join_request.chapter.slug}/solicitudes/{join_request.pk}/"


@pytest.fixture
def decide(client, django_capture_on_commit_callbacks):
    """Posts a decision and runs what the view scheduled after the commit (the emails)."""

    def post(join_request, decision, url=None, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url or _decide_url(join_request), {"decision": decision}, **kwargs)

    return post


def test_member_asks_to_join(client, member):
    login(client, member.user)
    response = client.post(JOIN, {"message": "Hola, trabajo en energía."})
    assert response.status_code == 302
    join_request = JoinRequest.objects.get()
    assert (join_request.member, join_request.chapter) == (member, chapter())
    assert join_request.status == JoinRequest.Status.PENDING
    html = client.get("/capitulos/houston/").content.decode()
    assert "Enviamos tu solicitud" in html
    assert "Ya enviaste una solicitud a este capítulo" in html
    assert "Solicitar unirme" not in html


def test_duplicate_pending_request_is_refused(client, member):
    login(client, member.user)
    client.post(JOIN, {"message": ""})
    response = client.post(JOIN, {"message": "otra vez"}, follow=True)
    assert JoinRequest.objects.count() == 1
    assert "Ya enviaste una solicitud" in response.content.decode()
    client.post("/capitulos/detroit/unirme/", {})
    assert JoinRequest.objects.count() == 1  # one pending request at a time, in any chapter


def test_member_already_in_the_chapter_cannot_ask(client, db):
    from tests.chapters.helpers import chapter_mate

    mate = chapter_mate("Ya Dentro")
    login(client, mate.user)
    client.post(JOIN, {})
    assert not JoinRequest.objects.exists()


def test_visitor_is_sent_to_login_and_get_is_refused(client, member):
    response = client.post(JOIN, {})
    assert response.status_code == 302
    assert "/cuenta/login/" in response["Location"]
    login(client, member.user)
    assert client.get(JOIN).status_code == 405


@pytest.mark.parametrize("persona", ["participant", "pncs_staff", "ime_admin"])
def test_accounts_without_a_member_profile_get_403(client, db, persona, request):
    login(client, as_user(request.getfixturevalue(persona)))
    assert client.post(JOIN, {}).status_code == 403
    assert not JoinRequest.objects.exists()


@pytest.mark.parametrize(
    "data", [{"message": "x" * 1001}, {"message": "nulo \x00"}, {"message": "x" * 100_000}]
)
def test_garbage_join_message_gets_a_form_error(client, member, data):
    login(client, member.user)
    response = client.post(JOIN, data)
    assert response.status_code == 400
    assert response.context["join_form"].errors
    assert not JoinRequest.objects.exists()


def test_unknown_chapter_join_is_404(client, member):
    login(client, member.user)
    assert client.post("/capitulos/no-existe/unirme/", {}).status_code == 404


def test_leader_approves_member_joins_and_is_told_by_email(client, member, chapter_leader, decide):
    join_request = JoinRequest.objects.create(chapter=chapter(), member=member, message="Hola")
    login(client, chapter_leader)
    html = client.get("/capitulos/houston/solicitudes/").content.decode()
    assert "Ana Miembro Ruiz" in html and "Hola" in html
    assert "miembro@example.org" not in html
    response = decide(join_request, "approve")
    assert response.status_code == 302
    member.refresh_from_db()
    join_request.refresh_from_db()
    assert member.chapter == chapter()
    assert join_request.status == JoinRequest.Status.APPROVED
    assert join_request.decided_by == chapter_leader
    assert join_request.decided_at is not None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["miembro@example.org"]
    assert "Houston" in message.subject
    assert "aprobó tu solicitud" in message.body
    assert "http://testserver/capitulos/houston/" in message.body
    assert "aprobó tu solicitud" in message.alternatives[0][0]


def test_leader_declines_and_member_is_told_by_email(client, member, chapter_leader, decide):
    member.chapter = chapter("detroit")
    member.save()
    join_request = JoinRequest.objects.create(chapter=chapter(), member=member)
    login(client, chapter_leader)
    decide(join_request, "decline")
    member.refresh_from_db()
    join_request.refresh_from_db()
    assert member.chapter.slug == "detroit"
    assert join_request.status == JoinRequest.Status.DECLINED
    assert len(mail.outbox) == 1
    assert "no aprobó tu solicitud" in mail.outbox[0].body


def test_a_decided_request_cannot_be_decided_again(client, member, chapter_leader, decide):
    join_request = JoinRequest.objects.create(chapter=chapter(), member=member)
    login(client, chapter_leader)
    decide(join_request, "decline")
    response = decide(join_request, "approve", follow=True)
    member.refresh_from_db()
    assert member.chapter is None
    assert "ya fue respondida" in response.content.decode()
    assert len(mail.outbox) == 1


def test_member_may_ask_again_after_a_decision(client, member, chapter_leader, decide):
    join_request = JoinRequest.objects.create(chapter=chapter(), member=member)
    login(client, chapter_leader)
    decide(join_request, "decline")
    login(client, member.user)
    client.post(JOIN, {})
    assert JoinRequest.objects.filter(status=JoinRequest.Status.PENDING).count() == 1


def test_leader_of_another_chapter_cannot_decide(client, member, decide):
    join_request = JoinRequest.objects.create(chapter=chapter(), member=member)
    login(client, make_chapter_leader("detroit"))
    assert decide(join_request, "approve").status_code == 403
    # Nor through its own chapter's address: the request belongs to Houston.
    url = f"/capitulos/detroit/solicitudes/{join_request.pk}/"
    assert decide(join_request, "approve", url=url).status_code == 404
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.PENDING
    assert mail.outbox == []


@pytest.mark.parametrize("persona", ["member", "participant", "pncs_staff"])
def test_non_leaders_cannot_decide(client, other_member, persona, request, decide):
    join_request = JoinRequest.objects.create(chapter=chapter(), member=other_member)
    login(client, as_user(request.getfixturevalue(persona)))
    assert decide(join_request, "approve").status_code == 403


def test_visitor_cannot_decide(client, member, decide):
    join_request = JoinRequest.objects.create(chapter=chapter(), member=member)
    response = decide(join_request, "approve")
    assert response.status_code == 302
    assert "/cuenta/login/" in response["Location"]


def test_ime_admin_can_decide(client, member, ime_admin, decide):
    join_request = JoinRequest.objects.create(chapter=chapter(), member=member)
    login(client, ime_admin)
    decide(join_request, "approve")
    member.refresh_from_db()
    assert member.chapter == chapter()


@pytest.mark.parametrize("decision", ["", "yes", "approve' OR 1=1", None])
def test_garbage_decision_changes_nothing(client, member, chapter_leader, decision):
    join_request = JoinRequest.objects.create(chapter=chapter(), member=member)
    login(client, chapter_leader)
    data = {} if decision is None else {"decision": decision}
    response = client.post(_decide_url(join_request), data)
    assert response.status_code == 302
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.PENDING


def test_garbage_request_ids_are_404(client, chapter_leader, decide):
    login(client, chapter_leader)
    assert client.post("/capitulos/houston/solicitudes/no-es-uuid/", {}).status_code == 404
    url = "/capitulos/houston/solicitudes/00000000-0000-0000-0000-000000000000/"
    assert decide(None, "approve", url=url).status_code == 404


def test_decide_is_post_only(client, member, chapter_leader):
    join_request = JoinRequest.objects.create(chapter=chapter(), member=member)
    login(client, chapter_leader)
    assert client.get(_decide_url(join_request)).status_code == 405


def test_join_request_list_query_count_does_not_grow(
    client, chapter_leader, django_assert_max_num_queries
):
    from tests.conftest import make_member

    houston = chapter()
    for n in range(3):
        JoinRequest.objects.create(chapter=houston, member=make_member(f"Pide {n}"))
    login(client, chapter_leader)
    with django_assert_max_num_queries(10) as small:
        client.get("/capitulos/houston/solicitudes/")
    for n in range(3, 30):
        JoinRequest.objects.create(chapter=houston, member=make_member(f"Pide {n}"))
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/capitulos/houston/solicitudes/")
