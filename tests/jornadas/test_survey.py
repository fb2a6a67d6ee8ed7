"""The feedback survey: once the edition is over, each confirmed registrant answers once (overall
rating, optional ratings of the sessions of their agenda, a comment); IME alone reads the results,
without names; answers are in the data download and go with the account."""

import json

import pytest

from jornadas.models import SessionChoice, SessionRating, SurveyResponse
from tests.conftest import PASSWORD, login, make_member
from tests.pncs.conftest import make_staff

from .helpers import make_edition, make_session, make_track

pytestmark = pytest.mark.django_db


def confirmed(edition, user):
    return edition.registrations.create(user=user, status="confirmed", attendance="in_person")


@pytest.fixture
def past():
    return make_edition(starts_in_days=-5, days=2, title="Jornada terminada")


def survey_url(edition):
    return f"/jornadas/{edition.slug}/encuesta/"


def answer(client, edition, **data):
    data.setdefault("rating", "4")
    data.setdefault("comment", "Muy útil la mesa de salud.")
    return client.post(survey_url(edition), data, follow=True)


def test_an_attendee_answers_once_with_session_ratings(client, past, member):
    registration = confirmed(past, member.user)
    track = make_track(past)
    chosen = make_session(past, track, title="Taller de datos")
    other = make_session(past, track, hour=12, title="Sesión no elegida")
    SessionChoice.objects.create(registration=registration, session=chosen, status="confirmed")
    login(client, member.user)
    page = client.get(survey_url(past)).content.decode()
    assert "sin tu nombre" in page  # the form says how anonymity works
    assert "Taller de datos" in page and "Sesión no elegida" not in page

    response = answer(client, past, **{f"sesion_{chosen.pk}": "5", f"sesion_{other.pk}": "1"})
    assert "Gracias por responder la encuesta." in response.content.decode()
    saved = SurveyResponse.objects.get()
    assert (saved.rating, saved.comment, saved.registration) == (
        4,
        "Muy útil la mesa de salud.",
        registration,
    )
    # Only the session of their agenda: a forged field for another is ignored.
    assert list(SessionRating.objects.values_list("session__title", "rating")) == [
        ("Taller de datos", 5)
    ]

    # A double submit keeps the first answer and says so.
    response = answer(client, past, rating="1", comment="Otra")
    assert "Ya habías respondido la encuesta" in response.content.decode()
    assert SurveyResponse.objects.get().rating == 4
    assert "Ya respondiste la encuesta" in client.get(survey_url(past)).content.decode()


def test_session_ratings_are_optional(client, past, member):
    registration = confirmed(past, member.user)
    session = make_session(past, make_track(past), title="Plenaria")
    SessionChoice.objects.create(registration=registration, session=session, status="confirmed")
    login(client, member.user)
    answer(client, past, comment="", **{f"sesion_{session.pk}": ""})
    assert SurveyResponse.objects.get().comment == ""
    assert not SessionRating.objects.exists()


@pytest.mark.parametrize(
    "bad",
    [
        {"rating": "6"},
        {"rating": "0"},
        {"rating": ""},
        {"rating": "cinco"},
        {"comment": "x" * 2001},
        {"comment": "\x00"},
    ],
)
def test_bad_answers_are_form_errors_and_save_nothing(client, past, member, bad):
    confirmed(past, member.user)
    login(client, member.user)
    response = client.post(survey_url(past), {"rating": "4", "comment": "", **bad})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not SurveyResponse.objects.exists()


def test_a_bad_session_rating_is_a_form_error(client, past, member):
    registration = confirmed(past, member.user)
    session = make_session(past, make_track(past))
    SessionChoice.objects.create(registration=registration, session=session, status="confirmed")
    login(client, member.user)
    response = client.post(survey_url(past), {"rating": "4", f"sesion_{session.pk}": "9"})
    assert response.status_code == 200
    assert f"sesion_{session.pk}" in response.context["form"].errors
    assert not SurveyResponse.objects.exists()


def test_before_the_end_the_survey_is_not_open_yet(client, member):
    ongoing = make_edition(starts_in_days=-1, days=3)
    confirmed(ongoing, member.user)
    login(client, member.user)
    response = client.get(survey_url(ongoing))
    assert response.status_code == 200
    assert "La encuesta aún no está abierta" in response.content.decode()
    client.post(survey_url(ongoing), {"rating": "5"})
    assert not SurveyResponse.objects.exists()


def test_only_confirmed_registrants_answer(client, past, member, other_member):
    past.registrations.create(user=other_member.user, status="cancelled")
    for user in (member.user, other_member.user):
        client.logout()
        login(client, user)
        assert client.get(survey_url(past)).status_code == 403
        assert client.post(survey_url(past), {"rating": "5"}).status_code == 403
    assert not SurveyResponse.objects.exists()


def test_visitors_sign_in_and_drafts_do_not_exist(client, member):
    past = make_edition(starts_in_days=-5)
    response = client.get(survey_url(past))
    assert response.status_code == 302 and "/cuenta/login/" in response["Location"]
    draft = make_edition(starts_in_days=-5, status="draft")
    confirmed(draft, member.user)
    login(client, member.user)
    assert client.get(survey_url(draft)).status_code == 404


def test_the_edition_page_invites_the_attendee_once_it_is_over(client, past, member):
    confirmed(past, member.user)
    login(client, member.user)
    page = client.get(past.get_absolute_url()).content.decode()
    assert "Responder la encuesta" in page
    answer(client, past)
    page = client.get(past.get_absolute_url()).content.decode()
    assert "Responder la encuesta" not in page
    assert "Gracias por responder la encuesta." in page
    assert "resultados de la encuesta" not in page


def test_the_survey_in_english(client, past, member):
    confirmed(past, member.user)
    login(client, member.user)
    response = client.get(f"/en{survey_url(past)}")
    assert response.status_code == 200
    assert '<html lang="en"' in response.content.decode()


# Results: IME only, without names


def results_url(edition):
    return f"/jornadas/{edition.slug}/encuesta/resultados/"


def test_ime_reads_averages_counts_and_comments_without_names(client, past, ime_admin):
    session = make_session(past, make_track(past), title="Taller de datos")
    for name, rating, comment, session_rating in [
        ("Ana Nombrada", 5, "Excelente organización.", 4),
        ("Beto Nombrado", 3, "", 2),
        ("Carla Nombrada", 4, "Faltó tiempo para preguntas.", None),
    ]:
        registration = confirmed(past, make_member(name).user)
        response = SurveyResponse.objects.create(
            registration=registration, rating=rating, comment=comment
        )
        if session_rating:
            SessionRating.objects.create(response=response, session=session, rating=session_rating)
    login(client, ime_admin)
    response = client.get(results_url(past))
    assert response.status_code == 200
    results = response.context["results"]
    assert results["count"] == 3
    assert float(results["average"]) == 4.0
    assert dict(results["distribution"]) == {5: 1, 4: 1, 3: 1, 2: 0, 1: 0}
    (rated,) = results["sessions"]
    assert (rated.title, float(rated.average), rated.count) == ("Taller de datos", 3.0, 2)
    page = response.content.decode()
    assert "Excelente organización." in page and "Faltó tiempo para preguntas." in page
    assert "Nombrad" not in page
    # The edition page links IME to them.
    assert results_url(past) in client.get(past.get_absolute_url()).content.decode()


def test_the_results_are_refused_to_everyone_but_ime(client, past, member):
    confirmed(past, member.user)
    pncs = make_staff("pncs-salud@example.org", sectors=("salud",), name="PNCS Salud")
    response = client.get(results_url(past))
    assert response.status_code == 302 and "/cuenta/login/" in response["Location"]
    for user in (member.user, pncs):
        client.logout()
        login(client, user)
        assert client.get(results_url(past)).status_code == 403


def test_ime_without_the_second_factor_is_refused(client, past, ime_admin):
    client.force_login(ime_admin)  # password only
    assert client.get(results_url(past)).status_code in (302, 403)


def test_the_results_have_a_fixed_number_of_queries(
    client, past, ime_admin, django_assert_max_num_queries
):
    sessions = [make_session(past, make_track(past, name=f"Eje {n}"), hour=9 + n) for n in range(3)]
    for number in range(30):
        registration = confirmed(past, make_member(f"Persona {number}").user)
        response = SurveyResponse.objects.create(
            registration=registration, rating=1 + number % 5, comment=f"Comentario {number}"
        )
        for session in sessions:
            SessionRating.objects.create(response=response, session=session, rating=3)
    login(client, ime_admin)
    with django_assert_max_num_queries(14):
        response = client.get(results_url(past))
    assert response.content.decode().count("Comentario ") == 30


# Personal data


def test_the_download_holds_the_answers_and_the_deletion_erases_them(
    client, past, member, django_capture_on_commit_callbacks
):
    registration = confirmed(past, member.user)
    session = make_session(past, make_track(past), title="Taller de datos")
    SessionChoice.objects.create(registration=registration, session=session, status="confirmed")
    login(client, member.user)
    answer(client, past, **{f"sesion_{session.pk}": "5"})
    data = json.loads(client.get("/perfil/mis-datos/", {"descargar": "1"}).content.decode())
    (saved,) = data["jornadas"]["survey_answers"]
    assert saved["edition"] == "Jornada terminada"
    assert (saved["rating"], saved["comment"]) == (4, "Muy útil la mesa de salud.")
    assert saved["sessions"] == [{"session": "Taller de datos", "rating": 5}]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/perfil/eliminar/", {"password": PASSWORD})
    assert response.status_code == 302
    assert not SurveyResponse.objects.exists()
    assert not SessionRating.objects.exists()


def test_the_admin_lists_answers_read_only_and_without_names(client, past, ime_admin):
    registration = confirmed(past, make_member("Dora Nombrada").user)
    saved = SurveyResponse.objects.create(registration=registration, rating=2, comment="Sala fría.")
    login(client, ime_admin)
    page = client.get("/admin/jornadas/surveyresponse/").content.decode()
    assert "Sala fría." in page and "Nombrada" not in page
    page = client.get(f"/admin/jornadas/surveyresponse/{saved.pk}/change/").content.decode()
    assert "Sala fría." in page and "Nombrada" not in page
    client.post(f"/admin/jornadas/surveyresponse/{saved.pk}/change/", {"rating": "5"})
    saved.refresh_from_db()
    assert saved.rating == 2
