"""Every status change of a binational project, allowed and refused, as the team and as the
staff, through the project's status button (/proyectos/<slug>/estado/): the table below is
written out by hand from the issue, not read from the code, so that a change of the code's table
fails here. A refused change shows its reason and changes nothing; an allowed one is kept in the
history with who made it and the note."""

import itertools

import pytest

from projects.models import ProjectChange, ProjectStatus
from tests.conftest import login, make_member

from .binational_data import coordinator_of, make_project, make_staff

pytestmark = pytest.mark.django_db

PS = ProjectStatus
TEAM, STAFF = "team", "staff"
# (from, to): who may make it. Every pair not here is refused to everyone.
ALLOWED = {
    (PS.PROPOSED, PS.IN_EVALUATION): TEAM,
    (PS.PROPOSED, PS.WITHDRAWN): TEAM,
    (PS.IN_EVALUATION, PS.APPROVED): STAFF,
    (PS.IN_EVALUATION, PS.NOT_APPROVED): STAFF,
    (PS.IN_EVALUATION, PS.PROPOSED): STAFF,
    (PS.IN_EVALUATION, PS.WITHDRAWN): TEAM,
    (PS.APPROVED, PS.IN_PROGRESS): TEAM,
    (PS.APPROVED, PS.WITHDRAWN): TEAM,
    (PS.IN_PROGRESS, PS.CONCLUDED): TEAM,
    (PS.IN_PROGRESS, PS.WITHDRAWN): TEAM,
}
CASES = [
    (origin, target, who)
    for origin, target in itertools.permutations(PS, 2)
    for who in (TEAM, STAFF)
]


def _actor(client, project, who):
    user = coordinator_of(project).user if who == TEAM else make_staff("tic")
    login(client, user)
    return user


def _messages(response):
    return [str(message) for message in response.context["messages"]]


@pytest.mark.parametrize(
    ("origin", "target", "who"), CASES, ids=[f"{o}->{t}-{w}" for o, t, w in CASES]
)
def test_every_status_change_is_allowed_or_refused_by_the_table(client, origin, target, who):
    project = make_project(status=origin)
    actor = _actor(client, project, who)
    response = client.post(
        f"/proyectos/{project.slug}/estado/", {"status": target, "note": "Revisado"}, follow=True
    )
    assert response.status_code == 200
    project.refresh_from_db()
    change = ProjectChange.objects.filter(project=project).first()
    if ALLOWED.get((origin, target)) == who:
        assert project.status == target
        assert (change.actor, change.from_status, change.to_status, change.note) == (
            actor,
            origin,
            target,
            "Revisado",
        )
        assert [m.tags for m in response.context["messages"]] == ["success"]
    else:
        assert project.status == origin
        assert change is None
        (message,) = _messages(response)
        if (origin, target) in ALLOWED:
            assert message == "Ese cambio de estado no te corresponde."
        else:
            assert message == (
                f"El proyecto está «{origin.label}»: no puede pasar a «{target.label}»."
            )


def test_the_table_covers_every_pair_of_statuses():
    assert len(CASES) == 7 * 6 * 2


@pytest.mark.parametrize("target", [PS.APPROVED, PS.NOT_APPROVED, PS.PROPOSED])
def test_ime_moves_the_evaluation_of_any_sector(client, ime_admin, target):
    project = make_project(status=PS.IN_EVALUATION, sectors=("salud",))
    login(client, ime_admin)
    client.post(f"/proyectos/{project.slug}/estado/", {"status": target})
    project.refresh_from_db()
    assert project.status == target


def test_staff_of_another_sector_do_not_see_a_project_in_evaluation(client):
    project = make_project(status=PS.IN_EVALUATION, sectors=("salud",))
    login(client, make_staff("tic"))
    response = client.post(f"/proyectos/{project.slug}/estado/", {"status": PS.APPROVED})
    assert response.status_code == 404
    project.refresh_from_db()
    assert project.status == PS.IN_EVALUATION


def test_staff_of_another_sector_may_not_move_a_public_project(client):
    project = make_project(status=PS.APPROVED, sectors=("salud",))
    login(client, make_staff("tic"))
    response = client.post(f"/proyectos/{project.slug}/estado/", {"status": PS.WITHDRAWN})
    assert response.status_code == 403


def test_staff_without_the_second_factor_this_session_are_not_staff(client):
    project = make_project(status=PS.IN_EVALUATION)
    staff = make_staff("tic")
    client.force_login(staff)  # password only
    response = client.post(f"/proyectos/{project.slug}/estado/", {"status": PS.APPROVED})
    assert response.status_code == 404
    project.refresh_from_db()
    assert project.status == PS.IN_EVALUATION


def test_a_team_member_who_does_not_coordinate_may_not_move_it(client):
    from projects.models import TeamMember

    project = make_project(status=PS.PROPOSED)
    researcher = make_member("Rita Investigadora", country="CA")
    TeamMember.objects.create(project=project, member=researcher, role="researcher")
    client.force_login(researcher.user)
    response = client.post(f"/proyectos/{project.slug}/estado/", {"status": PS.IN_EVALUATION})
    assert response.status_code == 403
    project.refresh_from_db()
    assert project.status == PS.PROPOSED


@pytest.mark.parametrize("status", ["", "archived", "x" * 500])
def test_an_unknown_status_is_refused_with_a_message(client, status):
    project = make_project(status=PS.PROPOSED)
    login(client, coordinator_of(project).user)
    response = client.post(f"/proyectos/{project.slug}/estado/", {"status": status}, follow=True)
    assert response.status_code == 200
    assert _messages(response) == ["Elige un cambio de estado de la lista."]
    project.refresh_from_db()
    assert project.status == PS.PROPOSED
