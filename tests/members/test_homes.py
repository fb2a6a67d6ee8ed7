"""The home of every role at /inicio/ (issue 20, item 1): signing in leads there; a member sees
their profile's completeness, their introductions to answer, their chapter and the opportunities
of their sectors (issue 16); a chapter leader the join requests waiting; PNCS staff the queues of
their sectors; IME the verifications and proposals; nobody lands on a page they cannot use."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chapters.models import ChapterProposal, JoinRequest
from internships.models import PostingStatus
from members.models import AccountType, IntroductionRequest
from projects.models import OpportunityStatus
from tests.chapters.helpers import chapter, make_news
from tests.conftest import (
    PASSWORD,
    give_totp,
    login,
    make_chapter_leader,
    make_member,
    make_pncs_staff,
    make_user,
)
from tests.internships.helpers import make_cycle, make_posting
from tests.mentoring.helpers import make_request
from tests.projects.data import make_opportunity

HOME = "/inicio/"


def page(client, path=HOME):
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def ask_introduction(member, n=1):
    for _ in range(n):
        IntroductionRequest.objects.create(
            requester=make_user(full_name="Quien Pregunta"),
            member=member,
            purpose=IntroductionRequest.Purpose.COLLABORATION,
            message="Hola, ¿podemos hablar?",
        )


def pncs_with_mfa(sector="tic"):
    user = make_pncs_staff(sectors=(sector,), name=f"PNCS {sector}")
    give_totp(user)
    return user


# Who gets which home


def test_visitor_is_sent_to_sign_in_and_back(client, db):
    response = client.get(HOME)
    assert response.status_code == 302
    assert response.url == "/cuenta/login/?next=/inicio/"


def test_account_without_type_is_sent_to_onboarding(client, db):
    login(client, make_user(full_name="Sin Tipo"))
    response = client.get(HOME)
    assert response.status_code == 302
    assert response.url == "/perfil/bienvenida/"


def test_the_home_only_answers_reads(client, member):
    login(client, member.user)
    assert client.post(HOME).status_code == 405


def test_signing_in_leads_a_member_home(client, member):
    response = client.post(
        "/cuenta/login/", {"login": member.user.email, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == HOME
    assert "Tu perfil está completo al" in response.content.decode()


def test_member_sees_profile_introductions_chapter_and_their_sectors_opportunities(client, db):
    member = make_member("Marta Miembro Núñez", sectors=("salud",), chapter=chapter("houston"))
    ask_introduction(member, 2)
    make_news(chapter("houston"), 1)
    ours = make_opportunity("Biosensores para clínicas rurales", sectors=("salud",))
    theirs = make_opportunity("Software de logística portuaria", sectors=("tic",))
    own = make_opportunity("Mi propia oportunidad", sectors=("salud",), author=member.user)
    pending = make_opportunity(
        "Aún en revisión", sectors=("salud",), status=OpportunityStatus.SUBMITTED
    )
    login(client, member.user)

    html = page(client)

    assert "Hola, Marta" in html
    assert "Tu perfil está completo al" in html
    assert "Solicitudes de presentación por responder" in html
    assert 'href="/perfil/solicitudes/"' in html
    assert '<span class="badge">2</span>' in html
    assert "Houston" in html and "Noticia 1" in html
    assert "Oportunidades en tus sectores" in html
    assert ours.get_absolute_url() in html
    for hidden in (theirs, own, pending):
        assert hidden.get_absolute_url() not in html
    assert "Ofrecer mentoría" in html
    assert "/convocatorias/mis-evaluaciones/" in html
    # Nothing of the staff homes.
    assert "Oportunidades por revisar" not in html
    assert "Tu trabajo en el PNCS" not in html


def test_member_without_sectors_is_told_how_to_see_opportunities(client, db):
    member = make_member("Sonia Sin Sector", sectors=())
    login(client, member.user)
    html = page(client)
    assert "Agrega tus sectores a tu perfil" in html
    assert "Nada espera tu respuesta por ahora." in html


def test_member_without_chapter_sees_the_chapters_of_their_country(client, db):
    member = make_member("Carla Sin Capítulo", country="US")
    login(client, member.user)
    html = page(client)
    assert "Aún no perteneces a un capítulo" in html
    assert chapter("houston").get_absolute_url() in html


def test_member_waiting_on_a_chapter_is_told_so(client, member):
    JoinRequest.objects.create(chapter=chapter("houston"), member=member)
    login(client, member.user)
    html = page(client)
    assert "Pediste unirte a" in html


def test_chapter_leader_sees_the_join_requests_waiting(client, chapter_leader, other_member):
    JoinRequest.objects.create(chapter=chapter("houston"), member=other_member)
    login(client, chapter_leader)
    html = page(client)
    assert "Solicitudes para unirse a" in html
    assert 'href="/capitulos/houston/solicitudes/"' in html
    assert 'href="/capitulos/houston/noticias/nueva/"' in html


def test_member_who_leads_nothing_gets_no_leader_links(client, member):
    JoinRequest.objects.create(chapter=chapter("houston"), member=make_member("Otra Persona"))
    login(client, member.user)
    html = page(client)
    assert "/capitulos/houston/solicitudes/" not in html
    assert "Solicitudes para unirse a" not in html


def test_pncs_staff_see_the_queues_of_their_sectors(client, db):
    staff = pncs_with_mfa("tic")
    make_opportunity("Para revisar en TIC", sectors=("tic",), status=OpportunityStatus.SUBMITTED)
    make_opportunity("De otro sector", sectors=("salud",), status=OpportunityStatus.SUBMITTED)
    host = make_member("Hilda Anfitriona")
    make_posting(make_cycle(), host, sectors=("tic",), status=PostingStatus.SUBMITTED)
    make_request(sector="tic")
    make_request(sector="salud")
    login(client, staff)

    html = page(client)

    assert "Tu trabajo en el PNCS" in html
    for label in (
        "Oportunidades por revisar",
        "Plazas de pasantía por revisar",
        "Solicitudes de mentoría que buscan mentor",
    ):
        position = html.index(label)
        assert '<span class="badge">1</span>' in html[position : position + 200]
    # Not IME's queues, not the member's profile.
    assert "Perfiles sin verificar" not in html
    assert "Tu perfil está completo" not in html


def test_staff_without_second_factor_are_told_to_confirm_it(client, db):
    staff = pncs_with_mfa("tic")
    make_opportunity("Para revisar", sectors=("tic",), status=OpportunityStatus.SUBMITTED)
    client.force_login(staff)  # password only
    html = page(client)
    assert "confirma tu segundo factor" in html
    assert "Oportunidades por revisar" not in html


def test_ime_sees_verifications_and_proposals(client, ime_admin, member):
    ChapterProposal.objects.create(
        proposer=member, city="Lima", country="PE", founding_members="A", purpose="B"
    )
    login(client, ime_admin)
    html = page(client)
    assert "Tu trabajo en el IME" in html
    assert "Perfiles sin verificar" in html
    assert "/admin/members/member/?verificado=no" in html
    assert "Propuestas de capítulo por revisar" in html
    assert "/admin/chapters/chapterproposal/?status__exact=pending" in html


def test_no_email_address_appears_on_any_home(client, member, ime_admin, chapter_leader):
    ask_introduction(member)
    for user in (member.user, ime_admin, chapter_leader):
        login(client, user)
        main = page(client).split("<main", 1)[1].split("</main>", 1)[0]
        assert "@" not in main
        client.logout()


def test_home_in_english(client, member):
    login(client, member.user)
    html = page(client, "/en" + HOME)
    assert 'lang="en"' in html
    assert 'href="/en/perfil/"' in html


def test_the_header_offers_every_signed_in_person_their_home(client, pncs_staff):
    login(client, pncs_staff)
    assert '<a href="/inicio/">Mi inicio</a>' in page(client, "/")


# A fixed number of queries whatever each person holds


def count_queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(HOME).status_code == 200
    return len(queries)


def steady_count(client):
    """The count once the session's first-request work (staff sessions record when they were
    last seen) is done."""
    count_queries(client)
    return count_queries(client)


def test_member_home_query_count_does_not_grow(client, db):
    leader = make_chapter_leader(
        "houston", member=make_member("Lía Líder", sectors=("salud",), chapter=chapter("houston"))
    )
    member = leader.member
    login(client, leader)
    ask_introduction(member)
    make_news(chapter("houston"), 1)
    make_opportunity("Una", sectors=("salud",))
    JoinRequest.objects.create(chapter=chapter("houston"), member=make_member("Uno Más"))
    once = steady_count(client)
    ask_introduction(member, 5)
    for n in range(2, 8):
        make_news(chapter("houston"), n)
        make_opportunity(f"Oportunidad {n}", sectors=("salud",))
    make_chapter_leader("detroit", member=make_member("Otra Líder"))
    from chapters.models import ChapterRole

    ChapterRole.objects.create(chapter=chapter("detroit"), user=leader, role="board")
    JoinRequest.objects.create(chapter=chapter("detroit"), member=make_member("Dos Más"))
    assert steady_count(client) == once


@pytest.mark.parametrize("persona", ["pncs", "ime"])
def test_staff_home_query_count_does_not_grow(client, ime_admin, persona):
    user = ime_admin if persona == "ime" else pncs_with_mfa("tic")
    login(client, user)
    make_opportunity("Primera", sectors=("tic",), status=OpportunityStatus.SUBMITTED)
    make_request(sector="tic")
    once = steady_count(client)
    for n in range(6):
        make_opportunity(f"Otra {n}", sectors=("tic",), status=OpportunityStatus.SUBMITTED)
        make_request(sector="tic")
        make_member(f"Sin Verificar {n}")
    assert steady_count(client) == once


def test_institution_contact_may_ask_for_an_expert_visit_and_a_student_is_not_offered_it(
    client, db
):
    institution = make_user(full_name="Inés Institución", account_type=AccountType.INSTITUTION)
    student = make_user(full_name="Sara Estudiante", account_type=AccountType.STUDENT)
    login(client, institution)
    assert "/proyectos/visitas/solicitar/" in page(client)
    client.logout()
    login(client, student)
    html = page(client)
    assert "/proyectos/visitas/solicitar/" not in html
    assert "/pasantias/" in html and "/mentorias/solicitar/" in html
    assert "/convocatorias/mis-propuestas/" in html
