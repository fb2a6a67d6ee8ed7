"""Cohorts as people meet them: staff open one (its address from its name), the public list and
page with places taken and the wait list, a participant's application (a place, the wait list, a
second application, after the close), and the mentee who picks a mentor where the cohort allows."""

import datetime

import pytest
from django.utils import timezone

from mentoring.models import Cohort, CohortPlace, Mentorship, MentorshipStatus, Request
from redtalentos.lib.capacity import SeatStatus
from tests.conftest import login

from .helpers import make_cohort, make_mentee, make_offer, make_request, reload
from .page_tools import make_mentor, messages_of, request_data, sector_pk, signed_in_staff, url

pytestmark = pytest.mark.django_db

RS = Request.Status


def days(number):
    return (timezone.localdate() + datetime.timedelta(days=number)).isoformat()


def cohort_data(**changes):
    data = {
        "name": "Mentoría a pymes agroalimentarias 2027",
        "name_en": "Mentoring agri-food SMEs 2027",
        "description": "Acompañamiento a pymes del campo que quieren exportar.",
        "sectors": [sector_pk("tic")],
        "places": "12",
        "applications_close": days(20),
        "starts_on": days(30),
        "ends_on": days(200),
    }
    data.update(changes)
    return data


# Staff open a cohort


def test_staff_open_a_cohort_whose_address_comes_from_its_name(client):
    staff = signed_in_staff(client)

    response = client.post(url("cohort_create"), cohort_data(), follow=True)

    cohort = Cohort.objects.get()
    assert cohort.slug == "mentoria-a-pymes-agroalimentarias-2027"
    assert cohort.created_by == staff
    assert (
        response.redirect_chain[-1][0]
        == "/mentorias/grupos/mentoria-a-pymes-agroalimentarias-2027/"
    )
    assert any("Abrimos el grupo" in text for text in messages_of(response))
    assert "Cambiar el grupo" in response.content.decode()


def test_a_cohort_named_nuevo_does_not_take_the_address_of_the_form(client):
    signed_in_staff(client)

    response = client.post(url("cohort_create"), cohort_data(name="Nuevo"), follow=True)

    cohort = Cohort.objects.get()
    assert cohort.slug != "nuevo"
    assert response.redirect_chain[-1][0] == cohort.get_absolute_url()
    assert "Nuevo" in client.get(cohort.get_absolute_url()).content.decode()
    assert client.get(url("cohort_create")).status_code == 200  # still the form


def test_two_names_with_the_same_address_get_two_addresses(client):
    signed_in_staff(client)

    client.post(url("cohort_create"), cohort_data(name="Pymes del campo"))
    client.post(url("cohort_create"), cohort_data(name="¡Pymes del Campo!"))

    assert sorted(Cohort.objects.values_list("slug", flat=True)) == [
        "pymes-del-campo",
        "pymes-del-campo-2",
    ]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"starts_on": days(10)}, "starts_on"),  # before the close
        ({"ends_on": days(25)}, "ends_on"),  # before the start
        ({"applications_close": days(-1)}, "applications_close"),  # in the past
        ({"applications_close": "mañana"}, "applications_close"),
        ({"starts_on": "2027-02-30"}, "starts_on"),
        ({"ends_on": "99999-01-01"}, "ends_on"),
        ({"ends_on": days(365 * 6)}, "ends_on"),
        ({"places": "0"}, "places"),
        ({"places": "1001"}, "places"),
        ({"places": "abc"}, "places"),
        ({"places": str(10**30)}, "places"),
        ({"sectors": ["1e9999"]}, "sectors"),
        ({"name": ""}, "name"),
        ({"name": "n" * 151}, "name"),
    ],
)
def test_bad_cohort_input_is_a_form_error_and_opens_nothing(client, changes, field):
    signed_in_staff(client)

    response = client.post(url("cohort_create"), cohort_data(**changes))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Cohort.objects.exists()


def test_the_same_name_twice_is_a_form_error(client):
    signed_in_staff(client)
    client.post(url("cohort_create"), cohort_data())

    response = client.post(url("cohort_create"), cohort_data())

    assert "name" in response.context["form"].errors
    assert Cohort.objects.count() == 1


def test_a_cohort_name_with_markup_is_shown_as_text(client):
    signed_in_staff(client)
    name = "<script>alert(1)</script> Pymes"

    response = client.post(url("cohort_create"), cohort_data(name=name), follow=True)

    assert response.status_code == 200
    html = client.get(url("cohort_list")).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Pymes" in html
    assert "<script>alert(1)</script>" not in html


# The public list and page


def test_list_and_page_show_places_taken_and_the_wait_list(client):
    cohort = make_cohort(places=1, name="Grupo con fila")
    make_request(cohort=cohort)
    make_request(cohort=cohort)
    make_request(cohort=cohort)

    listing = client.get(url("cohort_list")).content.decode()
    page = client.get(cohort.get_absolute_url()).content.decode()

    assert "Grupo con fila" in listing and "1 de 1 lugares ocupados" in listing
    assert "0 libres de 1" in page
    assert "2 personas en lista de espera" in page


def test_a_closed_cohort_is_listed_among_the_past_ones(client):
    cohort = make_cohort(name="Grupo cerrado")
    Cohort.objects.filter(pk=cohort.pk).update(
        applications_close=timezone.localdate() - datetime.timedelta(days=1)
    )

    listing = client.get(url("cohort_list")).content.decode()
    page = client.get(cohort.get_absolute_url()).content.decode()

    assert listing.index("Anteriores") < listing.index("Grupo cerrado")
    assert "Este grupo ya no recibe solicitudes." in page


def test_an_unknown_cohort_is_404(client):
    assert client.get(url("cohort_detail", slug="no-existe")).status_code == 404


# Applications


def test_a_participant_applies_and_has_a_place(client):
    cohort = make_cohort(places=2)
    mentee = make_mentee()
    login(client, mentee)
    assert "Solicitar un lugar" in client.get(cohort.get_absolute_url()).content.decode()

    response = client.post(url("cohort_apply", slug=cohort.slug), request_data(), follow=True)

    created = Request.objects.get(mentee=mentee)
    assert response.redirect_chain[-1][0] == created.get_absolute_url()
    assert any("Recibimos tu solicitud" in text for text in messages_of(response))
    assert (created.status, created.cohort) == (RS.OPEN, cohort)
    assert CohortPlace.objects.get(request=created).status == SeatStatus.CONFIRMED
    page = client.get(cohort.get_absolute_url()).content.decode()
    assert "Tu solicitud en este grupo: Buscando mentor." in page


def test_applying_to_a_full_cohort_waitlists_with_the_message(client):
    cohort = make_cohort(places=1)
    make_request(cohort=cohort)
    mentee = make_mentee()
    login(client, mentee)
    assert "Entrar a la lista de espera" in client.get(cohort.get_absolute_url()).content.decode()

    response = client.post(url("cohort_apply", slug=cohort.slug), request_data(), follow=True)

    created = Request.objects.get(mentee=mentee)
    assert any("quedaste en la lista de espera" in text for text in messages_of(response))
    assert created.status == RS.WAITLISTED
    assert CohortPlace.objects.get(request=created).status == SeatStatus.WAITLISTED
    assert "estás en su lista de espera" in response.content.decode()


def test_applying_twice_is_a_message(client):
    cohort = make_cohort(places=5)
    mentee = make_mentee()
    login(client, mentee)
    client.post(url("cohort_apply", slug=cohort.slug), request_data())

    response = client.post(url("cohort_apply", slug=cohort.slug), request_data())

    assert response.status_code == 200
    assert "Ya tienes una solicitud en este grupo." in response.content.decode()
    assert Request.objects.filter(mentee=mentee).count() == 1


def test_applying_after_the_close_is_a_message_and_a_redirect(client):
    cohort = make_cohort()
    Cohort.objects.filter(pk=cohort.pk).update(
        applications_close=timezone.localdate() - datetime.timedelta(days=1)
    )
    mentee = make_mentee()
    login(client, mentee)

    shown = client.get(url("cohort_apply", slug=cohort.slug), follow=True)
    posted = client.post(url("cohort_apply", slug=cohort.slug), request_data(), follow=True)

    for response in (shown, posted):
        assert response.redirect_chain[-1][0] == cohort.get_absolute_url()
        assert "Este grupo ya no recibe solicitudes." in messages_of(response)
    assert not Request.objects.filter(mentee=mentee).exists()


def test_a_sector_outside_the_cohort_is_a_form_error(client):
    cohort = make_cohort(sectors=("tic",))
    mentee = make_mentee()
    login(client, mentee)

    response = client.post(
        url("cohort_apply", slug=cohort.slug), request_data(sector=sector_pk("salud"))
    )

    assert "sector" in response.context["form"].errors
    assert not Request.objects.filter(mentee=mentee).exists()


def test_more_places_offer_one_to_the_next_in_line_who_takes_it(client):
    cohort = make_cohort(places=1)
    make_request(cohort=cohort)
    waiting_mentee = make_mentee()
    waiting = make_request(waiting_mentee, cohort=cohort)
    staff = signed_in_staff(client)
    Cohort.objects.filter(pk=cohort.pk).update(created_by=staff)
    edit = cohort_data(
        name=cohort.name,
        places="2",
        applications_close=cohort.applications_close.isoformat(),
        starts_on=cohort.starts_on.isoformat(),
        ends_on=cohort.ends_on.isoformat(),
    )

    response = client.post(url("cohort_edit", slug=cohort.slug), edit, follow=True)

    assert "Guardamos los cambios del grupo." in messages_of(response)
    assert CohortPlace.objects.get(request=waiting).status == SeatStatus.OFFERED
    login(client, waiting_mentee)
    assert "Tomar mi lugar" in client.get(waiting.get_absolute_url()).content.decode()
    response = client.post(url("place_accept", waiting), follow=True)
    assert any("Tomaste tu lugar" in text for text in messages_of(response))
    assert reload(waiting).status == RS.OPEN
    second = client.post(url("place_accept", waiting), follow=True)
    assert second.status_code == 200 and messages_of(second)


# Who picks the mentor


def test_in_a_cohort_that_lets_them_the_mentee_picks_among_the_suggestions(client):
    mentor = make_mentor("Elena Elegible")
    offer = make_offer(mentor, topics="desarrollo de software")
    mentee = make_mentee()
    mentoring_request = make_request(mentee, cohort=make_cohort(mentee_picks=True))
    login(client, mentee)

    html = client.get(mentoring_request.get_absolute_url()).content.decode()
    response = client.post(
        url("request_propose", mentoring_request), {"offer": offer.pk}, follow=True
    )

    assert "Elena Elegible" in html and "Elegir a esta persona" in html
    assert "Elige a tu mentor entre las sugerencias" in html
    assert any("Propusimos a Elena Elegible" in text for text in messages_of(response))
    mentorship = Mentorship.objects.get(request=mentoring_request)
    assert (mentorship.status, mentorship.proposed_by) == (MentorshipStatus.PROPOSED, mentee)
    assert "Elegir a esta persona" not in response.content.decode()


def test_in_a_cohort_where_staff_propose_the_mentee_sees_no_suggestions(client):
    offer = make_offer(make_mentor("Elena Elegible"), topics="desarrollo de software")
    mentee = make_mentee()
    mentoring_request = make_request(mentee, cohort=make_cohort(mentee_picks=False))
    login(client, mentee)

    html = client.get(mentoring_request.get_absolute_url()).content.decode()
    response = client.post(url("request_propose", mentoring_request), {"offer": offer.pk})

    assert "Elena Elegible" not in html and "Sugerencias" not in html
    assert response.status_code == 403
    assert not Mentorship.objects.filter(request=mentoring_request).exists()


def test_a_mentee_without_a_cohort_sees_no_suggestions_and_may_not_propose(client):
    offer = make_offer(make_mentor("Elena Elegible"), topics="desarrollo de software")
    mentee = make_mentee()
    mentoring_request = make_request(mentee)
    login(client, mentee)

    html = client.get(mentoring_request.get_absolute_url()).content.decode()
    response = client.post(url("request_propose", mentoring_request), {"offer": offer.pk})

    assert "Elena Elegible" not in html
    assert response.status_code == 403


def test_a_mentee_who_picked_double_submits_and_gets_a_message(client):
    offer = make_offer(make_mentor("Elena Elegible"), topics="desarrollo de software")
    mentee = make_mentee()
    mentoring_request = make_request(mentee, cohort=make_cohort(mentee_picks=True))
    login(client, mentee)
    client.post(url("request_propose", mentoring_request), {"offer": offer.pk})

    second = client.post(
        url("request_propose", mentoring_request), {"offer": offer.pk}, follow=True
    )

    assert second.status_code == 200
    assert messages_of(second)
    assert Mentorship.objects.filter(request=mentoring_request).count() == 1


def test_after_withdrawing_the_cohort_page_lets_the_mentee_apply_again(client):
    cohort = make_cohort(places=3)
    mentee = make_mentee()
    withdrawn = make_request(mentee, cohort=cohort)
    login(client, mentee)
    client.post(url("request_withdraw", withdrawn))

    page = client.get(cohort.get_absolute_url()).content.decode()
    response = client.post(url("cohort_apply", slug=cohort.slug), request_data(), follow=True)

    assert url("cohort_apply", slug=cohort.slug) in page
    assert Request.objects.get(mentee=mentee, status=RS.OPEN).cohort == cohort
    assert response.status_code == 200
