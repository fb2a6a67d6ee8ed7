"""The relationship's pages: monthly check-ins written by each side, the endings (completed with
certificates for both, cancelled by either side) and the staff's page of overdue check-ins."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from certificates.models import Certificate
from members.introductions import answer_introduction
from mentoring import checkin_services, services
from mentoring.models import CheckIn, Mentorship, MentorshipStatus, Request
from tests.conftest import login

from .helpers import make_mentee, make_offer, make_request, reload
from .page_tools import BASE_URL, mail_to, make_mentor, messages_of, readable, signed_in_staff, url

pytestmark = pytest.mark.django_db

MS = MentorshipStatus
RS = Request.Status


@pytest.fixture
def mentor(db):
    return make_mentor("Mario Mentor Soto", email="mario.mentor@example.org")


@pytest.fixture
def mentee(db):
    return make_mentee("Luisa Mentorada Paz", email="luisa.privada@example.org")


def active(mentor, mentee=None, *, goal="Llevar mi software a Texas."):
    """A mentorship proposed by staff and accepted by the mentor through the brokered channel."""
    offer = make_offer(mentor, capacity=10)
    mentoring_request = make_request(mentee, topics="desarrollo de software", goal=goal)
    mentorship = services.propose(request=mentoring_request, offer=offer, actor=None)
    answer_introduction(
        introduction=mentorship.introduction, member=mentor, accept=True, base_url=BASE_URL
    )
    return reload(mentorship)


@pytest.fixture
def mentorship(mentor, mentee):
    return active(mentor, mentee)


def this_month():
    return services.month_of(timezone.localdate())


def last_month():
    return services.month_of(this_month() - datetime.timedelta(days=1))


def started_two_months_ago(mentorship):
    day = services.month_of(last_month() - datetime.timedelta(days=1)) + datetime.timedelta(days=4)
    Mentorship.objects.filter(pk=mentorship.pk).update(started_on=day)
    return reload(mentorship)


# Check-ins


def test_mentee_writes_progress_and_mentor_feedback_with_hours(client, mentorship, mentee, mentor):
    login(client, mentee)
    mentee_form = client.get(url("check_in", mentorship)).content.decode()
    response = client.post(
        url("check_in", mentorship),
        {"month": this_month().isoformat(), "text": "Terminé el plan de exportación."},
        follow=True,
    )
    assert 'name="hours"' not in mentee_form
    assert "Guardamos el seguimiento del mes. ¡Gracias!" in messages_of(response)
    assert response.redirect_chain[-1][0] == mentorship.get_absolute_url()

    login(client, mentor.user)
    response = client.post(
        url("check_in", mentorship),
        {
            "month": this_month().isoformat(),
            "text": "Buen avance; sigue con precios.",
            "hours": "3.5",
        },
        follow=True,
    )

    check_in = CheckIn.objects.get(mentorship=mentorship, month=this_month())
    assert check_in.progress == "Terminé el plan de exportación."
    assert (check_in.feedback, check_in.hours) == (
        "Buen avance; sigue con precios.",
        Decimal("3.5"),
    )
    assert check_in.complete
    html = response.content.decode()
    assert "Terminé el plan de exportación." in html and "Buen avance; sigue con precios." in html


def test_the_check_in_form_shows_what_was_written_this_month(client, mentorship, mentee):
    checkin_services.record_check_in(
        mentorship=mentorship, side="mentee", month=this_month(), text="Avance ya escrito."
    )
    login(client, mentee)

    html = client.get(url("check_in", mentorship)).content.decode()

    assert "Avance ya escrito." in html


@pytest.mark.parametrize("hours", ["", "abc", "-1", "201", str(10**9), "1e3", "2.25", "NaN"])
def test_mentor_hours_must_be_a_plausible_number(client, mentorship, mentor, hours):
    login(client, mentor.user)

    response = client.post(
        url("check_in", mentorship),
        {"month": this_month().isoformat(), "text": "Retroalimentación.", "hours": hours},
    )

    assert response.status_code == 200
    assert "hours" in response.context["form"].errors
    assert not CheckIn.objects.filter(mentorship=mentorship).exists()


@pytest.mark.parametrize("month", ["2020-01-01", "abc", "", "9999-99-99", "2026-13-01"])
def test_a_month_outside_the_choices_is_a_form_error(client, mentorship, mentee, month):
    login(client, mentee)

    response = client.post(url("check_in", mentorship), {"month": month, "text": "Avance."})

    assert response.status_code == 200
    assert "month" in response.context["form"].errors
    assert not CheckIn.objects.filter(mentorship=mentorship).exists()


def test_an_empty_or_too_long_text_is_a_form_error(client, mentorship, mentee):
    login(client, mentee)

    for text in ("", "a" * 3001):
        response = client.post(
            url("check_in", mentorship), {"month": this_month().isoformat(), "text": text}
        )
        assert "text" in response.context["form"].errors

    assert not CheckIn.objects.filter(mentorship=mentorship).exists()


def test_a_check_in_on_a_completed_mentorship_is_a_message_and_writes_nothing(
    client, mentorship, mentee, mentor
):
    services.complete(mentorship=mentorship, actor=mentor.user, note="Objetivo logrado.")
    login(client, mentee)

    shown = client.get(url("check_in", mentorship), follow=True)
    posted = client.post(
        url("check_in", mentorship),
        {"month": this_month().isoformat(), "text": "Un avance tardío."},
        follow=True,
    )

    for response in (shown, posted):
        assert response.redirect_chain[-1][0] == mentorship.get_absolute_url()
        assert any("ya no recibe seguimientos" in text for text in messages_of(response))
    assert not CheckIn.objects.filter(mentorship=mentorship).exists()
    assert "Escribir el seguimiento del mes" not in posted.content.decode()


def test_a_check_in_of_last_month_is_offered_once_the_mentorship_is_older(
    client, mentorship, mentee
):
    started_two_months_ago(mentorship)
    login(client, mentee)

    response = client.post(
        url("check_in", mentorship),
        {"month": last_month().isoformat(), "text": "El mes pasado avancé."},
        follow=True,
    )

    assert response.status_code == 200
    assert CheckIn.objects.get(mentorship=mentorship, month=last_month()).progress_at


# Endings


def test_completing_without_a_note_is_a_message_and_changes_nothing(client, mentorship, mentor):
    login(client, mentor.user)

    response = client.post(
        url("mentorship_complete", mentorship), {"concluir-note": ""}, follow=True
    )

    assert any("Escribe unas palabras" in text for text in messages_of(response))
    assert reload(mentorship).status == MS.ACTIVE
    assert not Certificate.objects.exists()


def test_completing_with_a_note_gives_both_their_certificate(
    client, mentorship, mentor, mentee, mailoutbox, django_capture_on_commit_callbacks
):
    login(client, mentor.user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("mentorship_complete", mentorship),
            {"concluir-note": "Cumplimos el objetivo."},
            follow=True,
        )

    assert any("quedó concluida" in text for text in messages_of(response))
    assert reload(mentorship).status == MS.COMPLETED
    assert reload(mentorship.request).status == RS.COMPLETED
    assert "Concluida" in response.content.decode()
    for user in (mentor.user, mentee):
        login(client, user)
        html = client.get(reverse("certificates:my_certificates")).content.decode()
        assert "Mentoría: Llevar mi software a Texas." in html
    assert mail_to(mailoutbox, "luisa.privada@example.org")


def test_completing_twice_is_a_message(client, mentorship, mentor):
    login(client, mentor.user)
    data = {"concluir-note": "Cumplimos el objetivo."}
    client.post(url("mentorship_complete", mentorship), data)

    response = client.post(url("mentorship_complete", mentorship), data, follow=True)

    assert response.status_code == 200
    assert any("Concluida" in text for text in messages_of(response))
    assert Certificate.objects.count() == 2


def test_the_mentee_cannot_complete_but_can_cancel(client, mentorship, mentee):
    login(client, mentee)
    page = client.get(mentorship.get_absolute_url()).content.decode()

    response = client.post(url("mentorship_complete", mentorship), {"concluir-note": "Ya."})

    assert "Concluir la mentoría" not in page and "Cancelar la mentoría" in page
    assert response.status_code == 403
    assert reload(mentorship).status == MS.ACTIVE


def test_cancelled_by_the_mentee_the_request_is_withdrawn(
    client, mentorship, mentee, mentor, mailoutbox, django_capture_on_commit_callbacks
):
    login(client, mentee)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("mentorship_cancel", mentorship),
            {"cancelar-note": "Cambié de proyecto."},
            follow=True,
        )

    assert "Cancelamos la mentoría y avisamos a la otra parte." in messages_of(response)
    assert reload(mentorship).status == MS.CANCELLED
    assert reload(mentorship.request).status == RS.WITHDRAWN
    to_mentor = mail_to(mailoutbox, "mario.mentor@example.org")
    assert to_mentor and "Cambié de proyecto." in readable(to_mentor[0])
    assert "luisa.privada@example.org" not in readable(to_mentor[0])


def test_cancelled_by_the_mentor_the_request_goes_back_to_the_queue_and_the_mentee_hears(
    client, mentorship, mentor, mailoutbox, django_capture_on_commit_callbacks
):
    login(client, mentor.user)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("mentorship_cancel", mentorship), {"cancelar-note": "Me mudo de país."})

    assert reload(mentorship).status == MS.CANCELLED
    assert reload(mentorship.request).status == RS.OPEN
    told = [readable(m) for m in mail_to(mailoutbox, "luisa.privada@example.org")]
    assert any("Me mudo de país." in text and "vuelve a la fila" in text for text in told)
    assert not any("mario.mentor@example.org" in text for text in told)
    assert reload(mentor.mentor_offer).load == 0


def test_cancelling_a_completed_mentorship_is_a_message(client, mentorship, mentor):
    services.complete(mentorship=mentorship, actor=mentor.user, note="Listo.")
    login(client, mentor.user)

    response = client.post(
        url("mentorship_cancel", mentorship), {"cancelar-note": "Otra vez."}, follow=True
    )

    assert response.status_code == 200
    assert messages_of(response)
    assert reload(mentorship).status == MS.COMPLETED


# Overdue check-ins (staff)


def test_overdue_page_says_which_side_is_missing(client, mentor):
    nothing = started_two_months_ago(active(mentor, make_mentee("Nadia Nada")))
    half = started_two_months_ago(active(mentor, make_mentee("Mitad Escrita")))
    checkin_services.record_check_in(
        mentorship=half, side="mentee", month=last_month(), text="Avance."
    )
    done = started_two_months_ago(active(mentor, make_mentee("Todo Completo")))
    checkin_services.record_check_in(
        mentorship=done, side="mentee", month=last_month(), text="Avance."
    )
    checkin_services.record_check_in(
        mentorship=done, side="mentor", month=last_month(), text="Bien.", hours=Decimal(2)
    )
    recent = active(mentor, make_mentee("Recién Empezada"))
    signed_in_staff(client)

    html = client.get(url("overdue")).content.decode()

    rows = {row.split("</tr>")[0] for row in html.split("<tr>")[2:]}
    by_name = {
        name: next(row for row in rows if name in row) for name in ("Nadia Nada", "Mitad Escrita")
    }
    assert "avance, retroalimentación y horas" in by_name["Nadia Nada"]
    assert "retroalimentación y horas" in by_name["Mitad Escrita"]
    assert "avance" not in by_name["Mitad Escrita"]
    assert "Todo Completo" not in html
    assert "Recién Empezada" not in html
    assert nothing.get_absolute_url() in html and recent.get_absolute_url() not in html


def test_overdue_page_leaves_out_another_sectors_mentorships(client, mentor):
    started_two_months_ago(active(mentor, make_mentee("Nadia Nada")))
    signed_in_staff(client, "pncs-salud@example.org", sectors=("salud",))

    html = client.get(url("overdue")).content.decode()

    assert "Nadia Nada" not in html


def test_overdue_page_reads_a_fixed_number_of_queries(client, django_assert_num_queries):
    mentors = [make_mentor(f"Mentor Atrasado {number}") for number in range(2)]
    for number in range(2):
        started_two_months_ago(active(mentors[0], make_mentee(f"Persona Pendiente {number}")))
    signed_in_staff(client)
    client.get(url("overdue"))  # the session warmed
    with CaptureQueriesContext(connection) as few:
        response = client.get(url("overdue"))
    assert response.content.decode().count("Persona Pendiente") == 2
    for number in range(2, 12):
        mentor = mentors[number % 2]
        started_two_months_ago(active(mentor, make_mentee(f"Persona Pendiente {number}")))

    with django_assert_num_queries(len(few)):
        response = client.get(url("overdue"))

    assert response.content.decode().count("Persona Pendiente") == 12


@pytest.mark.parametrize("page", ["abc", "-1", "9" * 30, "2"])
def test_overdue_page_with_any_page_number_shows_a_page(client, mentor, page):
    started_two_months_ago(active(mentor, make_mentee("Nadia Nada")))
    signed_in_staff(client)

    response = client.get(url("overdue"), {"pagina": page})

    assert response.status_code == 200
    assert "Nadia Nada" in response.content.decode()
