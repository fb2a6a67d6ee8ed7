"""The mentoring on a participant's home (/perfil/): each request in progress and each active
mentorship with its next step, the way in when there is none, in one query whatever the
person holds."""

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from mentoring import checkin_services, services
from mentoring.home import home_section
from tests.conftest import login, make_member

from .flows import active, proposed
from .helpers import make_cohort, make_mentee, make_offer, make_request

pytestmark = pytest.mark.django_db

HOME = "/inicio/"


def test_the_home_shows_the_way_in_to_a_participant_without_mentoring(client, mentee):
    login(client, mentee)
    body = client.get(HOME).content.decode()
    assert "No tienes solicitudes ni mentorías en curso" in body
    assert reverse("mentoring:request_create") in body
    assert reverse("mentoring:cohort_list") in body


def test_each_request_and_mentorship_shows_its_next_step(client, commit, mentee, offer, staff):
    matched = make_request(mentee, goal="Exportar mi software a Canadá y Estados Unidos.")
    mentorship = active(commit, matched, offer, staff)
    make_request(mentee, goal="Aprender a levantar capital semilla.")
    other = make_offer(make_member("Olga Otra Mentora"))
    proposed(commit, make_request(mentee, goal="Certificar mi laboratorio."), other, staff)
    cohort = make_cohort(places=1)
    holder = make_request(make_mentee(), cohort=cohort)
    make_request(mentee, cohort=cohort, goal="Mejorar la inocuidad de mi planta.")
    commit(services.withdraw_request, request=holder, mentee=holder.mentee)  # place offered

    login(client, mentee)
    body = client.get(HOME).content.decode()

    month = date_format(services.month_of(timezone.localdate()), "F Y")
    assert "Mentoría con Mario Mentor Soto" in body
    assert f"Escribe tu avance de {month}" in body
    assert reverse("mentoring:check_in", kwargs={"uuid": mentorship.uuid}) in body
    assert "El personal del PNCS de tu sector busca quién te acompañe" in body
    assert "Propusimos a Olga Otra Mentora como tu mentor(a)" in body
    assert "Se liberó un lugar en el grupo para ti" in body
    assert reverse("mentoring:my_mentoring") in body

    checkin_services.record_check_in(
        mentorship=mentorship,
        side="mentee",
        month=services.month_of(timezone.localdate()),
        text="Firmé con un distribuidor.",
    )
    body = client.get(HOME).content.decode()
    assert "Tu seguimiento de este mes está al día." in body
    assert "Escribe tu avance de" not in body


def test_a_mentee_who_picks_their_mentor_is_sent_to_the_suggestions(client, mentee):
    cohort = make_cohort(places=5, mentee_picks=True)
    make_request(mentee, cohort=cohort)

    login(client, mentee)
    assert "Elige a tu mentor(a) entre las sugerencias." in client.get(HOME).content.decode()


def test_the_section_takes_one_query_whatever_the_person_holds(
    commit, mentee, offer, staff, django_assert_num_queries
):
    def count():
        with django_assert_num_queries(1):
            home_section(mentee)

    count()
    active(commit, make_request(mentee), offer, staff)
    make_request(mentee)
    proposed(commit, make_request(mentee), make_offer(make_member("Olga Otra")), staff)
    make_request(mentee, cohort=make_cohort(places=1))
    count()
