"""The mentoring's pages as people meet them: the mentor's offer, a participant's request and its
page, the staff's queue and a request's suggestions, proposals, and the mentor's answer on their
introductions page. Bad input is a form error or a message, never a 500 nor half a change."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.models import IntroductionRequest
from mentoring.models import MentorOffer, Mentorship, MentorshipStatus, Request
from tests.conftest import login, make_member

from .helpers import make_mentee, make_offer, make_request, reload, set_capacity
from .page_tools import (
    REQUEST_LINK,
    mail_to,
    make_mentor,
    messages_of,
    offer_data,
    readable,
    request_data,
    sector_pk,
    signed_in_staff,
    url,
)

pytestmark = pytest.mark.django_db

RS = Request.Status
MS = MentorshipStatus
SCRIPT = "<script>alert('x')</script>"
SQL = "x'); DROP TABLE mentoring_request; --"


@pytest.fixture
def mentor(db):
    return make_mentor("Mario Mentor Soto", email="mario.mentor@example.org", city="Houston")


@pytest.fixture
def mentee(db):
    return make_mentee("Luisa Mentorada Paz", email="luisa.privada@example.org")


# The mentor's offer


def test_first_offer_page_guesses_the_time_zone_from_the_members_city(client):
    member = make_member("Hugo Houston", city="Houston", country="US")
    login(client, member.user)

    html = client.get(url("offer_edit")).content.decode()

    assert re.search(r'<option value="America/Chicago"[^>]*\sselected>', html)
    assert not re.search(r'<option value="America/New_York"[^>]*\sselected>', html)


def test_first_offer_saved_says_thanks_and_shows_on_my_mentoring(client, mentor):
    login(client, mentor.user)

    response = client.post(url("offer_edit"), offer_data(), follow=True)

    assert response.redirect_chain[-1][0] == url("my_mentoring")
    assert any("ya eres mentor(a)" in text for text in messages_of(response))
    offer = MentorOffer.objects.get(member=mentor)
    assert (offer.capacity, offer.time_zone, offer.load) == (2, "America/Chicago", 0)
    assert offer.sector_ids == [int(sector_pk("tic"))]
    assert "Acompañas o tienes propuestas para 0 de 2 personas" in response.content.decode()


def test_changing_the_offer_keeps_one_offer_with_the_new_values(client, mentor):
    make_offer(mentor, capacity=2)
    login(client, mentor.user)

    response = client.post(url("offer_edit"), offer_data(capacity="5"), follow=True)

    assert "Guardamos los cambios de tu oferta de mentoría." in messages_of(response)
    assert MentorOffer.objects.filter(member=mentor).count() == 1
    assert MentorOffer.objects.get(member=mentor).capacity == 5


def test_pausing_says_so_and_takes_the_mentor_out_of_the_suggestions(client, mentor, mentee):
    make_offer(mentor, topics="exportación de software")
    mentoring_request = make_request(mentee, topics="exportación de software")
    login(client, mentor.user)

    response = client.post(url("offer_edit"), offer_data(paused="on"), follow=True)

    assert any("Pausaste tu mentoría" in text for text in messages_of(response))
    assert "En pausa" in response.content.decode()
    signed_in_staff(client)
    page = client.get(mentoring_request.get_absolute_url()).content.decode()
    assert "Mario Mentor Soto" not in page


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("time_zone", "Mars/Olympus_Mons"),
        ("time_zone", "'; DROP TABLE mentoring_mentoroffer; --"),
        ("hours_to", "9"),  # the same as hours_from
        ("capacity", "0"),
        ("capacity", "11"),
        ("capacity", "abc"),
        ("capacity", str(10**30)),
        ("topics", "a" * 5000),
        ("hours_per_month", "-1"),
        ("hours_from", "25"),
        ("languages", ["xx"]),
        ("sectors", ["999999999"]),
    ],
)
def test_bad_offer_input_is_a_form_error_and_saves_nothing(client, mentor, field, value):
    login(client, mentor.user)

    response = client.post(url("offer_edit"), offer_data(**{field: value}))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not MentorOffer.objects.filter(member=mentor).exists()


def test_bad_change_leaves_the_offer_as_it_was(client, mentor):
    offer = make_offer(mentor, capacity=3, topics="riego por goteo")
    login(client, mentor.user)

    response = client.post(
        url("offer_edit"), offer_data(capacity="4", topics="nuevos temas", hours_per_month="-1")
    )

    assert response.status_code == 200
    offer = reload(offer)
    assert (offer.capacity, offer.topics) == (3, "riego por goteo")


def test_offer_with_markup_and_sql_is_kept_as_text_and_escaped(client, mentor):
    login(client, mentor.user)
    topics = f"{SCRIPT}, {SQL}"

    response = client.post(url("offer_edit"), offer_data(topics=topics), follow=True)

    assert response.status_code == 200
    assert MentorOffer.objects.get(member=mentor).topics == topics
    html = client.get(url("offer_edit")).content.decode()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert SCRIPT not in html


# A participant's request


def test_participant_request_is_created_and_opens_its_page(client, mentee):
    login(client, mentee)

    response = client.post(url("request_create"), request_data(), follow=True)

    created = Request.objects.get(mentee=mentee)
    assert response.redirect_chain[-1][0] == created.get_absolute_url()
    assert any("Recibimos tu solicitud" in text for text in messages_of(response))
    assert created.status == RS.OPEN
    html = response.content.decode()
    assert "Quiero exportar el software de mi empresa a Texas." in html
    assert "está buscando quién te acompañe" in html


def test_a_fourth_request_in_progress_is_refused_with_a_message(client, mentee):
    for _number in range(3):
        make_request(mentee)
    login(client, mentee)

    response = client.post(url("request_create"), request_data())

    assert response.status_code == 200
    assert "Ya tienes 3 solicitudes en curso" in response.content.decode()
    assert Request.objects.filter(mentee=mentee).count() == 3


def test_a_withdrawn_request_makes_room_for_a_new_one(client, mentee):
    first, *_rest = [make_request(mentee) for _number in range(3)]
    login(client, mentee)
    client.post(url("request_withdraw", first))

    response = client.post(url("request_create"), request_data(), follow=True)

    assert response.status_code == 200
    assert Request.objects.filter(mentee=mentee, status=RS.OPEN).count() == 3


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("topics", ""),
        ("topics", " , ,, "),
        ("topics", "x" * 81),
        ("sector", "999999"),
        ("sector", "1e9999"),
        ("hours_to", "9"),  # the same as hours_from
        ("time_zone", "Nowhere/Atlantis"),
        ("goal", ""),
        ("goal", "a" * 2001),
        ("languages", ["klingon"]),
    ],
)
def test_bad_request_input_is_a_form_error_and_creates_nothing(client, mentee, field, value):
    login(client, mentee)

    response = client.post(url("request_create"), request_data(**{field: value}))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Request.objects.filter(mentee=mentee).exists()


def test_eleven_topics_are_kept_to_ten(client, mentee):
    login(client, mentee)
    topics = ", ".join(f"tema {number}" for number in range(1, 12))

    client.post(url("request_create"), request_data(topics=topics))

    kept = Request.objects.get(mentee=mentee).topics
    assert kept == ", ".join(f"tema {number}" for number in range(1, 11))


def test_request_with_markup_and_sql_is_kept_as_text_and_escaped(client, mentee):
    login(client, mentee)

    response = client.post(
        url("request_create"),
        request_data(goal=SCRIPT, organisation=SQL, topics=f"{SCRIPT}, {SQL}"),
        follow=True,
    )

    created = Request.objects.get(mentee=mentee)
    assert (created.goal, created.organisation) == (SCRIPT, SQL)
    html = response.content.decode()
    assert SCRIPT not in html
    assert "&lt;script&gt;" in html
    # The staff's page runs the topics through the search: still text there.
    signed_in_staff(client)
    assert client.get(created.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    ("status", "says"),
    [
        (RS.OPEN, "está buscando quién te acompañe"),
        (RS.PROPOSED, "Propusimos un mentor; está por responder"),
        (RS.MATCHED, "Ya tienes mentor"),
        (RS.CLOSED, "Cerramos esta solicitud"),
        (RS.WITHDRAWN, "Retiraste esta solicitud"),
        (RS.WAITLISTED, "estás en su lista de espera"),
    ],
)
def test_request_page_tells_the_mentee_the_next_step(client, mentee, status, says):
    mentoring_request = make_request(mentee)
    Request.objects.filter(pk=mentoring_request.pk).update(status=status)
    login(client, mentee)

    html = client.get(mentoring_request.get_absolute_url()).content.decode()

    assert says in html
    assert ("Retirar mi solicitud" in html) == (status in (RS.OPEN, RS.PROPOSED, RS.WAITLISTED))


def test_withdrawing_says_so_and_a_second_withdrawal_is_a_message(client, mentee):
    mentoring_request = make_request(mentee)
    login(client, mentee)

    first = client.post(url("request_withdraw", mentoring_request), follow=True)
    second = client.post(url("request_withdraw", mentoring_request), follow=True)

    assert "Retiraste tu solicitud." in messages_of(first)
    assert second.status_code == 200
    assert any("ya no está en curso" in text for text in messages_of(second))
    assert reload(mentoring_request).status == RS.WITHDRAWN


def test_withdrawing_a_proposed_request_frees_the_mentors_place(client, mentor, mentee):
    offer = make_offer(mentor)
    mentoring_request = make_request(mentee, topics="desarrollo de software")
    staff_client = Client()
    signed_in_staff(staff_client)
    staff_client.post(url("request_propose", mentoring_request), {"offer": offer.pk})
    assert reload(offer).load == 1
    login(client, mentee)

    client.post(url("request_withdraw", mentoring_request))

    assert reload(offer).load == 0
    assert Mentorship.objects.get(request=mentoring_request).status == MS.CANCELLED


# The staff's queue


def test_queue_filters_by_state_and_sector(client):
    signed_in_staff(client, sectors=("tic", "salud"))
    tic = make_request(goal="Una solicitud de TIC para filtrar.")
    salud = make_request(sector="salud", topics="telemedicina", goal="Una de salud para filtrar.")
    withdrawn = make_request(goal="Una retirada para filtrar.")
    Request.objects.filter(pk=withdrawn.pk).update(status=RS.WITHDRAWN)

    everything = client.get(url("request_queue")).content.decode()
    by_sector = client.get(url("request_queue"), {"sector": sector_pk("salud")}).content.decode()
    closed = client.get(url("request_queue"), {"estado": "closed"}).content.decode()

    assert tic.goal in everything and salud.goal in everything
    assert withdrawn.goal not in everything
    assert salud.goal in by_sector and tic.goal not in by_sector
    assert withdrawn.goal in closed and tic.goal not in closed


@pytest.mark.parametrize(
    "query",
    [
        {"estado": "xx", "sector": "1e9999", "pagina": "-1"},
        {"estado": "", "sector": "9" * 40, "pagina": "9" * 40},
        {"estado": "open'; --", "sector": "-3", "pagina": "abc"},
        {"sector": "²"},  # a digit to str.isdigit, not to int()
    ],
)
def test_queue_with_garbage_filters_shows_the_open_requests(client, query):
    signed_in_staff(client)
    mentoring_request = make_request(goal="Una solicitud abierta entre la basura.")

    response = client.get(url("request_queue"), query)

    assert response.status_code == 200
    assert mentoring_request.goal in response.content.decode()


def test_queue_of_26_requests_has_two_pages(client):
    signed_in_staff(client)
    for _number in range(26):
        make_request()

    first = client.get(url("request_queue")).content.decode()
    second = client.get(url("request_queue"), {"pagina": "2"}).content.decode()

    assert len(REQUEST_LINK.findall(first)) == 25
    assert len(REQUEST_LINK.findall(second)) == 1
    assert "pagina=2" in first


def test_queue_reads_a_fixed_number_of_queries(client, django_assert_num_queries):
    signed_in_staff(client)
    for _number in range(3):
        make_request()
    client.get(url("request_queue"))  # the session warmed
    with CaptureQueriesContext(connection) as few:
        response = client.get(url("request_queue"))
    assert len(REQUEST_LINK.findall(response.content.decode())) == 3
    for _number in range(27):
        make_request()

    with django_assert_num_queries(len(few)):
        response = client.get(url("request_queue"))

    assert len(REQUEST_LINK.findall(response.content.decode())) == 25


def test_pncs_of_another_sector_does_not_see_the_request(client):
    mentoring_request = make_request(goal="Una solicitud solo para TIC.")
    signed_in_staff(client, "pncs-salud@example.org", sectors=("salud",))

    queue = client.get(url("request_queue")).content.decode()
    page = client.get(mentoring_request.get_absolute_url())

    assert mentoring_request.goal not in queue
    assert page.status_code == 404


# A request's suggestions and proposals (staff)


def test_staff_request_page_shows_suggestions_with_their_reasons(client, mentor, mentee):
    make_offer(
        mentor,
        sectors=("tic",),
        topics="exportación de software",
        languages=("es",),
        time_zone="America/Chicago",
        hours_from=9,
        hours_to=17,
        capacity=3,
    )
    mentoring_request = make_request(mentee, topics="exportación de software, finanzas")
    signed_in_staff(client)

    html = client.get(mentoring_request.get_absolute_url()).content.decode()

    assert "Mario Mentor Soto" in html
    assert "Trabaja en el sector de la solicitud." in html
    assert "Temas en común: exportación de software." in html
    assert "Idiomas en común: Español." in html
    assert "horas en común de las 8 del horario pedido." in html
    assert "3 de 3 lugares libres (0 en curso o propuestas)." in html
    assert "Proponer" in html


def test_proposing_a_suggestion_sends_the_mentor_an_introduction_without_the_mentees_address(
    client, mentor, mentee, mailoutbox, django_capture_on_commit_callbacks
):
    offer = make_offer(mentor)
    mentoring_request = make_request(mentee, topics="desarrollo de software")
    signed_in_staff(client)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("request_propose", mentoring_request), {"offer": offer.pk}, follow=True
        )

    assert any("Propusimos a Mario Mentor Soto" in text for text in messages_of(response))
    mentorship = Mentorship.objects.get(request=mentoring_request)
    assert mentorship.status == MS.PROPOSED
    assert "Trabaja en el sector de la solicitud." in mentorship.reasons
    assert reload(mentoring_request).status == RS.PROPOSED
    assert reload(offer).load == 1
    to_mentor = mail_to(mailoutbox, "mario.mentor@example.org")
    assert len(to_mentor) == 1
    assert "Luisa Mentorada Paz" in to_mentor[0].body
    assert "luisa.privada@example.org" not in readable(to_mentor[0])
    to_mentee = mail_to(mailoutbox, "luisa.privada@example.org")
    assert "mario.mentor@example.org" not in "".join(readable(m) for m in to_mentee)


def _another_requests_proposal(offer):
    """Takes one of `offer`'s places with a proposal for someone else."""
    other = make_request(topics="desarrollo de software")
    from mentoring import services

    services.propose(request=other, offer=offer, actor=None)


@pytest.mark.parametrize("case", ["paused", "full", "other_sector", "mentee_self"])
def test_proposing_an_offer_that_is_not_a_suggestion_changes_nothing(client, mentee, case):
    mentoring_request = make_request(mentee, topics="desarrollo de software")
    if case == "paused":
        offer = make_offer(make_mentor("Paula Pausa"), paused=True)
    elif case == "full":
        offer = make_offer(make_mentor("Lleno Total"), capacity=1)
        _another_requests_proposal(offer)
    elif case == "other_sector":
        offer = make_offer(make_mentor("Sara Salud"), sectors=("salud",), topics="cardiología")
    else:
        offer = make_offer(make_mentor("Quien Pide"))
        Request.objects.filter(pk=mentoring_request.pk).update(mentee=offer.member.user)
    load = reload(offer).load
    signed_in_staff(client)

    response = client.post(
        url("request_propose", mentoring_request), {"offer": offer.pk}, follow=True
    )

    assert response.status_code == 200
    assert any("ya no está entre las sugerencias" in text for text in messages_of(response))
    assert not Mentorship.objects.filter(request=mentoring_request).exists()
    assert reload(mentoring_request).status == RS.OPEN
    assert reload(offer).load == load
    assert not IntroductionRequest.objects.filter(member=offer.member, requester=mentee).exists()


@pytest.mark.parametrize("value", ["abc", "", "-1", "0", str(10**30), "1e3", "99999999"])
def test_proposing_a_garbage_offer_is_a_message(client, mentee, value):
    mentoring_request = make_request(mentee)
    signed_in_staff(client)

    response = client.post(url("request_propose", mentoring_request), {"offer": value}, follow=True)

    assert response.status_code == 200
    assert messages_of(response)
    assert not Mentorship.objects.filter(request=mentoring_request).exists()
    assert reload(mentoring_request).status == RS.OPEN


def test_proposing_twice_the_same_suggestion_is_a_message_the_second_time(client, mentor, mentee):
    offer = make_offer(mentor)
    mentoring_request = make_request(mentee, topics="desarrollo de software")
    signed_in_staff(client)

    client.post(url("request_propose", mentoring_request), {"offer": offer.pk})
    second = client.post(
        url("request_propose", mentoring_request), {"offer": offer.pk}, follow=True
    )

    assert second.status_code == 200
    assert any("ya no está entre las sugerencias" in text for text in messages_of(second))
    assert Mentorship.objects.filter(request=mentoring_request).count() == 1
    assert reload(offer).load == 1


def test_staff_request_page_reads_a_fixed_number_of_queries(
    client, mentee, django_assert_num_queries
):
    mentoring_request = make_request(mentee, topics="desarrollo de software")
    for number in range(3):
        make_offer(make_mentor(f"Mentora Primera {number}"))
    signed_in_staff(client)
    client.get(mentoring_request.get_absolute_url())  # the session warmed
    with CaptureQueriesContext(connection) as few:
        response = client.get(mentoring_request.get_absolute_url())
    assert response.content.decode().count("Mentora Primera") == 3
    for number in range(27):
        make_offer(make_mentor(f"Mentor Segundo {number}"))

    with django_assert_num_queries(len(few)):
        response = client.get(mentoring_request.get_absolute_url())

    assert response.content.decode().count('name="offer"') == 10


# The mentor's answer, on their introductions page


def _proposed(mentor, mentee, **offer_fields):
    from mentoring import services

    offer = make_offer(mentor, **offer_fields)
    mentoring_request = make_request(mentee, topics="desarrollo de software")
    mentorship = services.propose(request=mentoring_request, offer=offer, actor=None)
    return offer, mentoring_request, mentorship


def _answer(client, mentorship, decision):
    return client.post(
        reverse("members:introduction_answer", kwargs={"pk": mentorship.introduction_id}),
        {"decision": decision},
        follow=True,
    )


def test_the_proposal_waits_on_the_mentors_introductions_page(client, mentor, mentee):
    _offer, _request, mentorship = _proposed(mentor, mentee)
    login(client, mentor.user)

    html = client.get(reverse("members:introduction_list")).content.decode()

    assert "Luisa Mentorada Paz" in html
    assert "luisa.privada@example.org" not in html
    assert reverse("members:introduction_answer", kwargs={"pk": mentorship.introduction_id}) in html


def test_accepting_makes_the_mentorship_active_for_both(client, mentor, mentee):
    _offer, mentoring_request, mentorship = _proposed(mentor, mentee)
    login(client, mentor.user)

    response = _answer(client, mentorship, "accept")

    assert any("Aceptaste la solicitud" in text for text in messages_of(response))
    assert reload(mentorship).status == MS.ACTIVE
    assert reload(mentoring_request).status == RS.MATCHED
    mentor_page = client.get(mentorship.get_absolute_url()).content.decode()
    assert "Activa" in mentor_page and "Escribir el seguimiento del mes" in mentor_page
    login(client, mentee)
    mentee_page = client.get(mentorship.get_absolute_url()).content.decode()
    assert "Activa" in mentee_page and "Mario Mentor Soto" in mentee_page
    request_page = client.get(mentoring_request.get_absolute_url()).content.decode()
    assert mentorship.get_absolute_url() in request_page


def test_the_request_keeps_its_history_for_its_staff_not_for_its_mentee(client, mentor, mentee):
    _offer, mentoring_request, mentorship = _proposed(mentor, mentee)
    login(client, mentor.user)
    _answer(client, mentorship, "accept")

    moves = [(c.from_status, c.to_status, c.actor) for c in mentoring_request.history.all()]
    assert moves == [
        ("", RS.OPEN, mentee),
        (RS.OPEN, RS.PROPOSED, None),
        (RS.PROPOSED, RS.MATCHED, mentor.user),
    ]
    login(client, mentee)
    assert "Historial" not in client.get(mentoring_request.get_absolute_url()).content.decode()
    signed_in_staff(client)
    page = client.get(mentoring_request.get_absolute_url()).content.decode()
    assert "Propuesta enviada a un mentor → <strong>Con mentor</strong> · Mario Mentor Soto" in page


def test_declining_sends_the_request_back_to_the_queue_and_tells_the_mentee(
    client, mentor, mentee, mailoutbox, django_capture_on_commit_callbacks
):
    offer, mentoring_request, mentorship = _proposed(mentor, mentee)
    login(client, mentor.user)

    with django_capture_on_commit_callbacks(execute=True):
        response = _answer(client, mentorship, "decline")

    assert any("Declinaste la solicitud" in text for text in messages_of(response))
    assert reload(mentorship).status == MS.DECLINED
    assert reload(mentoring_request).status == RS.OPEN
    assert reload(offer).load == 0
    told = [readable(m) for m in mail_to(mailoutbox, "luisa.privada@example.org")]
    assert any("vuelve a la fila" in text for text in told)
    assert not any("mario.mentor@example.org" in text for text in told)
    staff_client = Client()
    signed_in_staff(staff_client)
    queue = staff_client.get(url("request_queue")).content.decode()
    assert mentoring_request.get_absolute_url() in queue


def test_accepting_when_full_shows_the_message_and_changes_nothing(client, mentor):
    from mentoring import services

    offer = make_offer(mentor, capacity=2)
    first = services.propose(request=make_request(), offer=offer, actor=None)
    second = services.propose(request=make_request(), offer=offer, actor=None)
    set_capacity(offer, 1)  # the mentor lowered their capacity after the proposals
    login(client, mentor.user)
    _answer(client, first, "accept")

    response = _answer(client, second, "accept")

    assert response.status_code == 200
    assert any("el máximo que indicaste" in text for text in messages_of(response))
    assert reload(second).status == MS.PROPOSED
    assert reload(second.request).status == RS.PROPOSED
    assert reload(second.introduction).status == IntroductionRequest.Status.PENDING
    assert Mentorship.objects.filter(mentor=mentor, status=MS.ACTIVE).count() == 1


@pytest.mark.parametrize(
    "closed", [{"intro_paused": True}, {"intro_monthly_limit": 0}], ids=["paused", "no_budget"]
)
def test_proposing_a_mentor_who_takes_no_introductions_is_a_message(client, mentee, closed):
    offer = make_offer(make_mentor("Iris Introducciones", **closed))
    mentoring_request = make_request(mentee, topics="desarrollo de software")
    signed_in_staff(client)

    response = client.post(
        url("request_propose", mentoring_request), {"offer": offer.pk}, follow=True
    )

    assert response.status_code == 200
    assert any("Iris Introducciones" in text for text in messages_of(response))
    assert not Mentorship.objects.filter(request=mentoring_request).exists()
    assert (reload(mentoring_request).status, reload(offer).load) == (RS.OPEN, 0)


def test_proposing_for_a_request_that_waits_for_a_cohort_place_is_a_message(client, mentor):
    from .helpers import make_cohort

    offer = make_offer(mentor)
    cohort = make_cohort(places=1)
    make_request(cohort=cohort)
    waiting = make_request(cohort=cohort, topics="desarrollo de software")
    signed_in_staff(client)

    response = client.post(url("request_propose", waiting), {"offer": offer.pk}, follow=True)

    assert response.status_code == 200
    assert messages_of(response)
    assert not Mentorship.objects.filter(request=waiting).exists()
    assert reload(waiting).status == RS.WAITLISTED


@pytest.mark.parametrize(
    "topics",
    ["de, la, y", "C++, .NET, &&, !!, :*, |", "ñandú's «export» (b2b) <b>", "' OR 1=1 --"],
)
def test_staff_request_page_takes_any_topics_the_form_lets_through(client, mentor, topics):
    make_offer(mentor, topics=topics)
    mentoring_request = make_request(topics=topics)
    signed_in_staff(client)

    response = client.get(mentoring_request.get_absolute_url())

    assert response.status_code == 200
    assert "Mario Mentor Soto" in response.content.decode()  # same sector


def test_staff_pages_never_show_the_mentees_address(client, mentor, mentee):
    make_offer(mentor)
    mentoring_request = make_request(mentee, topics="desarrollo de software")
    signed_in_staff(client)

    queue = client.get(url("request_queue")).content.decode()
    page = client.get(mentoring_request.get_absolute_url()).content.decode()

    assert "Luisa Mentorada Paz" in queue and "Luisa Mentorada Paz" in page
    assert "luisa.privada@example.org" not in queue + page
    assert "mario.mentor@example.org" not in page


def test_accepting_twice_is_a_message_and_takes_one_place(client, mentor, mentee):
    offer, _request, mentorship = _proposed(mentor, mentee)
    login(client, mentor.user)
    _answer(client, mentorship, "accept")

    second = _answer(client, mentorship, "accept")

    assert second.status_code == 200
    assert any("Ya respondiste" in text for text in messages_of(second))
    assert reload(mentorship).status == MS.ACTIVE
    assert reload(offer).load == 1


def test_closing_a_request_needs_a_reason_and_a_second_close_is_a_message(
    client, mentee, mailoutbox, django_capture_on_commit_callbacks
):
    mentoring_request = make_request(mentee)
    signed_in_staff(client)

    empty = client.post(url("request_close", mentoring_request), {"note": ""}, follow=True)
    assert any("Escribe el motivo" in text for text in messages_of(empty))
    assert reload(mentoring_request).status == RS.OPEN

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("request_close", mentoring_request), {"note": "Nadie habla alemán."})
    second = client.post(
        url("request_close", mentoring_request), {"note": "Otra vez."}, follow=True
    )

    assert any("Solo se cierra una solicitud" in text for text in messages_of(second))
    mentoring_request = reload(mentoring_request)
    assert (mentoring_request.status, mentoring_request.closing_note) == (
        RS.CLOSED,
        "Nadie habla alemán.",
    )
    told = [readable(m) for m in mail_to(mailoutbox, "luisa.privada@example.org")]
    assert len(told) == 1 and "Nadie habla alemán." in told[0]
    login(client, mentee)
    assert (
        "Nadie habla alemán." in client.get(mentoring_request.get_absolute_url()).content.decode()
    )
