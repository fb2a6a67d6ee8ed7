"""A host's postings and a reviewer's reviews are in their data download; deleting a host's
account deletes the postings nobody applied to and closes the others, which stay for the students
who applied."""

import json

import pytest

from internships.models import Posting, PostingStatus
from tests.conftest import PASSWORD, login, make_user

from .helpers import make_application, make_cycle, make_posting
from .test_postings import make_reviewer

pytestmark = pytest.mark.django_db


def _download(client, user):
    login(client, user)
    response = client.get("/perfil/mis-datos/", {"descargar": "1"})
    return json.loads(response.content.decode("utf-8"))["internships"]


def test_the_host_downloads_their_postings(client, member, other_member):
    cycle = make_cycle()
    posting = make_posting(cycle, member, title="Mía", status=PostingStatus.RETURNED)
    posting.review_comment = "Falta el horario."
    posting.save()
    make_posting(cycle, other_member, title="Ajena")
    data = _download(client, member.user)
    (row,) = data["postings_hosted"]
    assert row["title"] == "Mía"
    assert row["status"]["value"] == "returned"
    assert row["review_comment"] == "Falta el horario."
    assert row["url"] == posting.get_absolute_url()


def test_the_reviewer_downloads_their_reviews(client, member):
    reviewer = make_reviewer("salud")
    posting = make_posting(make_cycle(), member, sectors=("salud",), status="submitted")
    posting.move_to(PostingStatus.RETURNED, actor=reviewer, comment="Más detalle, por favor.")
    data = _download(client, reviewer)
    (row,) = data["posting_reviews"]
    assert row["posting"] == posting.title
    assert row["decision"]["value"] == "returned"
    assert row["comment"] == "Más detalle, por favor."
    assert "@" not in json.dumps(data)


def test_deleting_a_hosts_account_keeps_only_what_students_applied_to(client, member):
    cycle = make_cycle()
    lonely = make_posting(cycle, member, title="Sin postulaciones")
    draft = make_posting(cycle, member, title="Borrador", status=PostingStatus.DRAFT)
    wanted = make_posting(cycle, member, title="Con postulaciones")
    student = make_user()
    application = make_application(wanted, student)
    login(client, member.user)
    assert client.post("/perfil/eliminar/", {"password": PASSWORD}).status_code == 302
    assert not Posting.objects.filter(pk__in=[lonely.pk, draft.pk]).exists()
    wanted.refresh_from_db()
    assert wanted.host is None
    assert wanted.status == PostingStatus.CLOSED
    assert wanted.history.last().to_status == PostingStatus.CLOSED
    application.refresh_from_db()
    assert application.posting == wanted
    # The posting's page stays for the student's link, without a host.
    assert client.get(wanted.get_absolute_url()).status_code == 200


def test_deleting_a_reviewers_account_keeps_the_review_without_them(client, member):
    reviewer = make_reviewer("salud")
    posting = make_posting(make_cycle(), member, sectors=("salud",), status="submitted")
    posting.move_to(PostingStatus.APPROVED, actor=reviewer)
    login(client, reviewer)
    client.post("/perfil/eliminar/", {"password": PASSWORD})
    posting.refresh_from_db()
    assert posting.status == PostingStatus.APPROVED
    assert posting.reviewed_by is None
    assert posting.history.get(to_status="approved").actor is None
