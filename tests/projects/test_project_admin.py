"""IME's admin of the binational projects: the list with its filters and search, a project's
page with its team, institutions, milestones, documents and history (the last two read only),
people by name and never by address; the status is read only and an edit leaves it as it is."""

import datetime

import pytest
from django.urls import reverse

from projects.models import Milestone, Project, ProjectChange, ProjectStatus
from tests.conftest import login

from .binational_data import coordinator_of, make_project

pytestmark = pytest.mark.django_db

PS = ProjectStatus


@pytest.fixture
def project():
    project = make_project("Drones para la cosecha de agave", status=PS.IN_PROGRESS)
    user = coordinator_of(project).user
    Milestone.objects.create(
        project=project, title="Vuelo de prueba", due_on=datetime.date(2030, 1, 1)
    )
    ProjectChange.objects.create(
        project=project, actor=user, from_status="approved", to_status="in_progress"
    )
    return project


def test_ime_lists_filters_and_searches_projects(client, ime_admin, project):
    make_project("Baterías de sodio", status=PS.PROPOSED, sectors=("salud",))
    login(client, ime_admin)
    url = reverse("admin:projects_project_changelist")
    body = client.get(url).content.decode()
    assert "Drones para la cosecha de agave" in body and "Baterías de sodio" in body
    body = client.get(url, {"status__exact": "in_progress"}).content.decode()
    assert "Drones" in body and "Baterías" not in body
    body = client.get(url, {"q": "sodio"}).content.decode()
    assert "Drones" not in body and "Baterías" in body
    assert client.get(url, {"q": "\x00" * 3}).status_code == 200


def test_a_projects_page_shows_its_parts_by_name_and_keeps_its_status(client, ime_admin, project):
    login(client, ime_admin)
    url = reverse("admin:projects_project_change", args=[project.pk])
    body = client.get(url).content.decode()
    coordinator = coordinator_of(project)
    assert "Vuelo de prueba" in body and "Universidad de Guanajuato" in body
    assert coordinator.full_name in body
    assert coordinator.user.email not in body
    Project.objects.filter(pk=project.pk).update(status=PS.CONCLUDED)  # meanwhile, on the site
    data = {
        "title": "Drones para el agave",
        "summary": project.summary,
        "objectives": project.objectives,
        "sectors": [sector.pk for sector in project.sectors.all()],
        "results_public": "on",
        "team-TOTAL_FORMS": "1",
        "team-INITIAL_FORMS": "1",
        "team-0-id": project.team.get().pk,
        "team-0-project": project.pk,
        "team-0-member": coordinator.pk,
        "team-0-role": "coordinator",
        "institutions-TOTAL_FORMS": "0",
        "institutions-INITIAL_FORMS": "0",
        "milestones-TOTAL_FORMS": "0",
        "milestones-INITIAL_FORMS": "0",
        "documents-TOTAL_FORMS": "0",
        "documents-INITIAL_FORMS": "0",
        "history-TOTAL_FORMS": "0",
        "history-INITIAL_FORMS": "0",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    project.refresh_from_db()
    assert (project.title, project.results_public, project.status) == (
        "Drones para el agave",
        True,
        PS.CONCLUDED,
    )
    assert ProjectChange.objects.filter(project=project).count() == 1


def test_projects_are_not_added_in_the_admin(client, ime_admin):
    login(client, ime_admin)
    assert client.get(reverse("admin:projects_project_add")).status_code == 403
