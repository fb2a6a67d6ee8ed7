"""A student who deletes their account while holding an offer or an accepted place gives the seat
back: the host's next free candidate gets the offer (and its email, after the commit); nobody
writes to the deleted address."""

import pytest
from django.core import mail

from internships.models import ApplicationStatus, HostChoice, Placement
from tests.conftest import PASSWORD, login, make_member

from .helpers import make_application, make_posting
from .test_offers import answer_url, approved_cycle, offered, student

AS = ApplicationStatus
DELETE = "/perfil/eliminar/"


@pytest.mark.django_db
@pytest.mark.parametrize("held", ["offer", "accepted"])
def test_deleting_the_account_passes_the_seat_to_the_next_candidate(
    client, django_capture_on_commit_callbacks, held
):
    cycle = approved_cycle()
    posting = make_posting(cycle, make_member("Hilda Anfitriona"))  # one seat
    luis = student("Luis Estudiante")
    application = offered(posting, luis)
    nora = make_application(posting, student("Nora"), host_rank=1, host_choice=HostChoice.PRIMARY)
    login(client, luis)
    if held == "accepted":
        with django_capture_on_commit_callbacks(execute=True):
            client.post(answer_url(application, "accept"))
        assert Placement.objects.filter(application=application, status="planned").exists()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(DELETE, {"password": PASSWORD})

    assert response.status_code == 302
    assert not Placement.objects.exists()
    nora.refresh_from_db()
    assert nora.status == AS.OFFER
    assert nora.offer_expires_at is not None
    assert [m.to for m in mail.outbox] == [[nora.student.email]]
