"""Who may enter the PNCS workspace: visitors sign in first, participants and members get 403,
staff of one PNCS cannot touch another's activities, IME sees everything; staff need MFA."""

import pytest

from tests.conftest import login, make_pncs_staff
from tests.pncs.conftest import make_activity

WORKSPACE_PATHS = [
    "/pncs/",
    "/pncs/programa/",
    "/pncs/programa/nueva/",
    "/pncs/programa/exportar.csv",
    "/pncs/programa/imprimir/",
    "/pncs/resumen/",
]


def activity_paths(activity):
    return [
        f"/pncs/programa/{activity.pk}/",
        f"/pncs/programa/{activity.pk}/editar/",
    ]


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_visitors_are_sent_to_sign_in(client, salud, prefix):
    activity = make_activity(salud)
    paths = [*WORKSPACE_PATHS, *activity_paths(activity), f"/pncs/puntos/{salud.slug}/"]
    for path in paths:
        response = client.get(prefix + path)
        assert response.status_code == 302, path
        assert "/cuenta/login/" in response.url, path
    response = client.post(f"{prefix}/pncs/programa/{activity.pk}/editar/", {"title": "x"})
    assert "/cuenta/login/" in response.url
    activity.refresh_from_db()
    assert activity.title != "x"


@pytest.mark.parametrize("persona", ["participant", "member"])
def test_participants_and_members_get_403(client, salud, persona, request):
    person = request.getfixturevalue(persona)
    login(client, getattr(person, "user", person))  # the member fixture is a profile
    activity = make_activity(salud)
    paths = [*WORKSPACE_PATHS, *activity_paths(activity), f"/pncs/puntos/{salud.slug}/"]
    for path in paths:
        assert client.get(path).status_code == 403, path
    assert client.post("/pncs/programa/nueva/", {"title": "x"}).status_code == 403


def test_staff_of_another_pncs_get_403_on_its_activity_and_its_home(client, tic_staff, salud):
    activity = make_activity(salud, title="Actividad de Salud")
    login(client, tic_staff)
    for path in [*activity_paths(activity), f"/pncs/puntos/{salud.slug}/"]:
        assert client.get(path).status_code == 403, path
    response = client.post(
        f"/pncs/programa/{activity.pk}/editar/",
        {
            "title": "Cambiada",
            "line_of_work": "mentoring",
            "status": "done",
            "starts_on": "2026-01-01",
        },
    )
    assert response.status_code == 403
    activity.refresh_from_db()
    assert activity.title == "Actividad de Salud"


def test_staff_of_another_pncs_do_not_see_its_activities_in_lists_exports_or_reports(
    client, tic_staff, tic, salud
):
    make_activity(tic, title="Actividad TIC visible")
    make_activity(salud, title="Actividad de Salud secreta")
    login(client, tic_staff)
    for path in ["/pncs/programa/", "/pncs/programa/imprimir/"]:
        html = client.get(path).content.decode()
        assert "Actividad TIC visible" in html
        assert "Actividad de Salud secreta" not in html
    # Naming the other contact point in the filter changes nothing.
    html = client.get("/pncs/programa/", {"contact_point": salud.slug}).content.decode()
    assert "Actividad de Salud secreta" not in html
    csv = b"".join(client.get("/pncs/programa/exportar.csv").streaming_content).decode()
    assert "Actividad TIC visible" in csv
    assert "Actividad de Salud secreta" not in csv


def test_staff_get_404_for_an_unknown_activity_or_contact_point(client, tic_staff):
    login(client, tic_staff)
    assert client.get("/pncs/programa/999999/").status_code == 404
    assert client.get("/pncs/programa/999999/editar/").status_code == 404
    assert client.get("/pncs/puntos/no-existe/").status_code == 404


def test_pncs_staff_cannot_see_the_ime_overview(client, tic_staff):
    login(client, tic_staff)
    assert client.get("/pncs/resumen/").status_code == 403


def test_ime_sees_every_contact_point_and_activity(client, ime_admin, tic, salud):
    tic_activity = make_activity(tic, title="Actividad TIC")
    salud_activity = make_activity(salud, title="Actividad Salud")
    login(client, ime_admin)

    home = client.get("/pncs/").content.decode()
    assert "PNCS TIC" in home
    assert "PNCS Salud" in home
    programme = client.get("/pncs/programa/").content.decode()
    assert "Actividad TIC" in programme
    assert "Actividad Salud" in programme
    for activity in (tic_activity, salud_activity):
        for path in activity_paths(activity):
            assert client.get(path).status_code == 200, path
    for contact_point in (tic, salud):
        assert client.get(f"/pncs/puntos/{contact_point.slug}/").status_code == 200
    assert client.get("/pncs/resumen/").status_code == 200


@pytest.mark.parametrize("path", WORKSPACE_PATHS[:-1])
def test_staff_reach_every_page_of_their_workspace(client, tic_staff, path):
    login(client, tic_staff)
    assert client.get(path).status_code == 200


def test_staff_without_an_authenticator_app_are_sent_to_set_one_up(client, db):
    staff = make_pncs_staff("sin-mfa@example.org")
    login(client, staff)
    response = client.get("/pncs/programa/")
    assert response.status_code == 302
    assert response.url == "/perfil/verificacion/"


def test_a_deactivated_staff_account_cannot_use_the_workspace(client, tic_staff):
    login(client, tic_staff)
    tic_staff.is_active = False
    tic_staff.save()
    response = client.get("/pncs/programa/")
    assert response.status_code in (302, 403)
    assert response.status_code != 200


def test_the_workspace_link_is_offered_to_staff_and_ime_only(client, tic_staff, ime_admin, member):
    def offered(user):
        client.logout()
        if user is not None:
            login(client, user)
        return 'href="/pncs/"' in client.get("/capitulos/").content.decode()

    assert offered(tic_staff)
    assert offered(ime_admin)
    assert not offered(member.user)
    assert not offered(None)
