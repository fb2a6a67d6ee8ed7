"""The home of a contact point in the workspace: its sectors and staff, the introductions its staff
sent with their answers, and recent members of its sectors who consented to PNCS search."""

from django.utils import timezone

from members.models import Consent, IntroductionRequest
from pncs.models import ContactPoint
from tests.conftest import login, make_member
from tests.pncs.conftest import make_activity, make_staff

PNCS_SEARCH = (Consent.Purpose.PNCS_SEARCH,)


def test_staff_of_one_contact_point_land_on_its_home(client, tic_staff, tic):
    make_staff("colega@example.org", sectors=("tic",), name="PNCS TIC")
    login(client, tic_staff)
    response = client.get("/pncs/")
    html = response.content.decode()
    assert response.context["contact_point"] == tic
    assert "<h1>PNCS TIC</h1>" in html
    assert "Tecnologías de la Información y Comunicación" in html
    assert len(response.context["staff"]) == 2
    assert "colega@example.org" not in html
    assert "pncs-tic@example.org" not in html


def test_staff_of_several_contact_points_choose_one(client, tic_staff, tic):
    other = ContactPoint.objects.create(name="Otro PNCS", slug="otro")
    other.staff.add(tic_staff)
    login(client, tic_staff)
    html = client.get("/pncs/").content.decode()
    assert 'href="/pncs/puntos/pncs-tic/"' in html
    assert 'href="/pncs/puntos/otro/"' in html
    assert client.get("/pncs/puntos/otro/").status_code == 200


def test_home_shows_introductions_its_staff_sent_with_their_answers(
    client, tic_staff, salud_staff, tic
):
    expert = make_member("Experta Consultada", sectors=("tic",), consents=PNCS_SEARCH)
    other = make_member("Otro Consultado", sectors=("tic",), consents=PNCS_SEARCH)
    IntroductionRequest.objects.create(
        requester=tic_staff, member=expert, purpose="mentoring", message="Hola"
    )
    IntroductionRequest.objects.create(
        requester=tic_staff,
        member=other,
        purpose="evaluation",
        message="Hola",
        status="accepted",
        answered_at=timezone.now(),
    )
    stranger = make_member("Ajena Al PNCS", sectors=("salud",), consents=PNCS_SEARCH)
    IntroductionRequest.objects.create(
        requester=salud_staff, member=stranger, purpose="mentoring", message="Hola"
    )
    login(client, tic_staff)

    response = client.get("/pncs/")

    introductions = list(response.context["introductions"])
    assert [i.member for i in introductions] == [expert, other]  # pending first
    html = response.content.decode()
    assert "Pendiente" in html
    assert "Aceptada" in html
    assert "Ajena Al PNCS" not in html


def test_recent_members_are_only_those_of_its_sectors_who_consented(client, tic_staff, tic):
    consenting = [
        make_member(f"Localizable {i:02d}", sectors=("tic",), consents=PNCS_SEARCH)
        for i in range(12)
    ]
    listed_only = make_member("Solo Directorio", sectors=("tic",))
    other_sector = make_member("Otro Sector", sectors=("salud",), consents=PNCS_SEARCH)
    login(client, tic_staff)

    response = client.get("/pncs/")

    assert list(response.context["recent_members"]) == consenting[::-1][:10]
    html = response.content.decode()
    assert "Solo Directorio" not in html
    assert listed_only.slug not in html
    assert other_sector.full_name not in html


def test_home_counts_the_programme_by_status(client, tic_staff, tic, salud):
    make_activity(tic, status="done")
    make_activity(tic, status="done")
    make_activity(tic, status="planned")
    make_activity(salud, status="done")
    login(client, tic_staff)
    status_counts = client.get("/pncs/").context["status_counts"]
    counts = {value: count for value, _label, count in status_counts}
    assert counts == {"planned": 1, "in_progress": 0, "done": 2, "cancelled": 0}


def test_home_query_count_does_not_grow(client, tic_staff, tic, django_assert_max_num_queries):
    login(client, tic_staff)
    with django_assert_max_num_queries(20) as few:
        client.get("/pncs/")
    for i in range(12):
        member = make_member(f"Experto {i}", sectors=("tic",), consents=PNCS_SEARCH)
        IntroductionRequest.objects.create(
            requester=tic_staff, member=member, purpose="mentoring", message="Hola"
        )
        make_activity(tic)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/pncs/")


def test_empty_states_are_explained(client, tic_staff, tic):
    login(client, tic_staff)
    html = client.get("/pncs/").content.decode()
    assert "El personal de este PNCS aún no ha enviado solicitudes de presentación." in html
    assert "Aún no hay miembros localizables en los sectores de este PNCS." in html
