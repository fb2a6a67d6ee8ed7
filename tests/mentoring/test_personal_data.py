"""The mentoring in a person's data download and in the deletion of their account: a mentor's
offer and relationships with the feedback they wrote, a mentee's requests, relationships and
check-ins, what staff did. Deleting an account gives back what it held: a mentor's place freed
by a mentee who leaves, a mentee served again (and told) when their mentor leaves, a cohort
place passed to the next in line. Nobody writes to the deleted address."""

import json
from decimal import Decimal

import pytest
from django.utils import timezone

from members.data_rights import delete_profile
from members.models import IntroductionRequest
from mentoring import checkin_services, services
from mentoring.models import CohortPlace, MentorOffer, Mentorship, MentorshipStatus, Request
from redtalentos.lib.capacity import SeatStatus
from tests.conftest import PASSWORD, login, make_member

from .flows import active, proposed
from .helpers import make_cohort, make_mentee, make_offer, make_request, reload

pytestmark = pytest.mark.django_db

MS = MentorshipStatus
RS = Request.Status


def _download(client, user):
    login(client, user)
    response = client.get("/perfil/mis-datos/", {"descargar": "1"})
    assert response.status_code == 200
    return json.loads(response.content.decode("utf-8"))["mentoring"]


def _delete_account(client, commit, user):
    login(client, user)
    response = commit(client.post, "/perfil/eliminar/", {"password": PASSWORD})
    assert response.status_code == 302


def _addresses(mailoutbox):
    return [address for message in mailoutbox for address in message.to]


# The download


def test_the_mentor_downloads_their_offer_and_the_feedback_they_wrote(
    client, commit, offer, mentor, mentee, staff
):
    mentorship = active(commit, make_request(mentee), offer, staff)
    month = services.month_of(timezone.localdate())
    checkin_services.record_check_in(
        mentorship=mentorship, side="mentee", month=month, text="Cerré mi primer cliente."
    )
    checkin_services.record_check_in(
        mentorship=mentorship,
        side="mentor",
        month=month,
        text="Buen avance con el contrato.",
        hours=Decimal("2.5"),
    )

    data = _download(client, mentor.user)

    assert data["mentor_offer"]["topics"] == "exportación de software"
    assert data["mentor_offer"]["capacity"] == 2
    assert data["mentor_offer"]["mentorships_in_progress_or_proposed"] == 1
    [row] = data["mentorships_as_mentor"]
    assert row["mentee"] == "Luisa Mentorada Paz"
    assert row["status"]["value"] == "active"
    assert row["url"] == mentorship.get_absolute_url()
    assert row["check_ins"] == [
        {
            "month": month.isoformat(),
            "feedback": "Buen avance con el contrato.",
            "hours": "2.5",
            "written_at": row["check_ins"][0]["written_at"],
        }
    ]
    assert "Cerré mi primer cliente." not in json.dumps(data)  # the mentee's words are theirs
    assert data["requests"] == []
    assert "@" not in json.dumps(data)


def test_the_mentee_downloads_their_requests_mentorships_and_check_ins(
    client, commit, offer, mentee, staff
):
    cohort = make_cohort(places=1, name="Pymes agroalimentarias 2027")
    request = make_request(mentee, cohort=cohort, organisation="Agro del Bajío")
    mentorship = active(commit, request, offer, staff)
    month = services.month_of(timezone.localdate())
    checkin_services.record_check_in(
        mentorship=mentorship, side="mentee", month=month, text="Cerré mi primer cliente."
    )
    checkin_services.record_check_in(
        mentorship=mentorship, side="mentor", month=month, text="Buen avance.", hours=Decimal(1)
    )

    data = _download(client, mentee)

    [row] = data["requests"]
    assert row["goal"] == request.goal
    assert row["organisation"] == "Agro del Bajío"
    assert row["status"]["value"] == "matched"
    assert row["cohort"] == "Pymes agroalimentarias 2027"
    assert row["cohort_place"]["status"]["value"] == "confirmed"
    # Joined the queue with the first place, then proposed and matched.
    assert [(c["from"], c["to"]["value"]) for c in row["history"]][1:] == [
        ({"value": "waitlisted", "label": "En lista de espera del grupo"}, "open"),
        ({"value": "open", "label": "Buscando mentor"}, "proposed"),
        ({"value": "proposed", "label": "Propuesta enviada a un mentor"}, "matched"),
    ]
    [relationship] = row["mentorships"]
    assert relationship["mentor"] == "Mario Mentor Soto"
    assert relationship["status"]["value"] == "active"
    [check_in] = relationship["check_ins"]
    assert check_in["progress"] == "Cerré mi primer cliente."
    assert check_in["mentor_feedback"] == "Buen avance."
    assert check_in["hours"] == "1.0"
    assert data["mentor_offer"] is None
    assert "@" not in json.dumps(data)


def test_staff_download_the_cohorts_they_opened_and_the_changes_they_made(
    client, commit, offer, mentee, staff
):
    make_cohort(name="Grupo abierto por el PNCS", created_by=staff)
    mentorship = active(commit, make_request(mentee), offer, staff)
    commit(services.cancel, mentorship=mentorship, actor=staff, note="El mentor se mudó.")

    data = _download(client, staff)

    assert data["cohorts_created"] == ["Grupo abierto por el PNCS"]
    assert data["mentors_proposed"] == 1
    proposal, change = data["mentorship_changes_made"]
    assert (proposal["from"], proposal["to"]["value"]) == (None, "proposed")
    assert change["mentor"] == "Mario Mentor Soto"
    assert change["mentee"] == "Luisa Mentorada Paz"
    assert (change["from"]["value"], change["to"]["value"]) == ("active", "cancelled")
    assert change["note"] == "El mentor se mudó."


# The deletion: a mentee leaves


def test_a_mentee_who_leaves_frees_the_place_of_the_mentor_proposed(
    client, commit, offer, mentee, staff, mailoutbox
):
    mentorship = proposed(commit, make_request(mentee), offer, staff)
    assert reload(offer).load == 1
    mailoutbox.clear()

    _delete_account(client, commit, mentee)

    assert reload(offer).load == 0
    assert not Request.objects.exists()
    assert not Mentorship.objects.exists()
    introduction = IntroductionRequest.objects.get(pk=mentorship.introduction_id)
    assert introduction.status == IntroductionRequest.Status.EXPIRED
    assert "mentee@example.org" not in _addresses(mailoutbox)


def test_a_mentee_who_leaves_ends_the_mentorship_and_the_mentor_is_told(
    client, commit, offer, mentee, staff, mailoutbox
):
    active(commit, make_request(mentee), offer, staff)
    assert reload(offer).load == 1
    mailoutbox.clear()

    _delete_account(client, commit, mentee)

    assert reload(offer).load == 0
    assert not Mentorship.objects.exists()
    assert _addresses(mailoutbox) == ["mentor@example.org"]
    assert "Luisa Mentorada Paz dejó la Red de Talentos." in mailoutbox[0].body


def test_a_cohort_place_passes_to_the_next_in_line_when_its_holder_leaves(
    client, commit, mentee, mailoutbox
):
    cohort = make_cohort(places=1)
    make_request(mentee, cohort=cohort)
    waiting = make_request(make_mentee("Nora En Fila", email="nora@example.org"), cohort=cohort)
    assert reload(waiting).status == RS.WAITLISTED
    mailoutbox.clear()

    _delete_account(client, commit, mentee)

    assert CohortPlace.objects.get(request=waiting).status == SeatStatus.OFFERED
    assert _addresses(mailoutbox) == ["nora@example.org"]


# The deletion: a mentor leaves


def test_a_mentor_who_leaves_sends_their_mentees_back_to_the_queue_and_tells_them(
    client, commit, offer, mentor, staff, mailoutbox
):
    matched = make_request(make_mentee("Ana Activa", email="ana@example.org"))
    waiting = make_request(make_mentee("Beto Propuesto", email="beto@example.org"))
    active(commit, matched, offer, staff)
    proposal = proposed(commit, waiting, offer, staff)
    mailoutbox.clear()

    _delete_account(client, commit, mentor.user)

    assert reload(matched).status == RS.OPEN
    assert reload(waiting).status == RS.OPEN
    assert not MentorOffer.objects.exists()
    # The mentees keep the record of the (now cancelled) mentorships, without the mentor.
    kept = set(Mentorship.objects.values_list("status", "mentor"))
    assert kept == {(MentorshipStatus.CANCELLED, None)}
    introduction = IntroductionRequest.objects.get(pk=proposal.introduction_id)
    assert introduction.status == IntroductionRequest.Status.EXPIRED
    assert sorted(_addresses(mailoutbox)) == ["ana@example.org", "beto@example.org"]
    for message in mailoutbox:
        assert "Mario Mentor Soto dejó la Red de Talentos." in message.body
        assert "vuelve a la fila" in message.body
    # Served again: another mentor may be proposed at once.
    other = make_offer(make_member("Otra Mentora"), capacity=2)
    assert proposed(commit, matched, other, staff).status == MS.PROPOSED


def test_the_admin_deleting_a_mentors_profile_serves_their_mentees_again(
    commit, offer, mentor, staff, mailoutbox
):
    request = make_request(make_mentee("Ana Activa", email="ana@example.org"))
    active(commit, request, offer, staff)
    mailoutbox.clear()

    commit(delete_profile, member=mentor)

    assert reload(request).status == RS.OPEN
    assert _addresses(mailoutbox) == ["ana@example.org"]
