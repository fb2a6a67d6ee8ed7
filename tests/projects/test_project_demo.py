"""The demo's binational projects (projects/project_demo.py through seed_demo): twelve in every
status with teams of demo members, Mexican and foreign institutions, milestones, some results
public, a couple of documents; on the board and on their pages; no email; once."""

import pytest
from django.core import mail
from django.core.management import call_command

from projects.models import (
    Institution,
    Milestone,
    Project,
    ProjectChange,
    ProjectDocument,
    ProjectStatus,
    TeamMember,
)
from projects.project_demo import STORIES

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def _snapshot():
    return {
        model.__name__: model.objects.count()
        for model in (Project, ProjectChange, TeamMember, Institution, Milestone, ProjectDocument)
    }


def test_seed_demo_adds_projects_in_every_status_once(
    client, django_capture_on_commit_callbacks, capsys
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", members=40)
    assert mail.outbox == []
    assert "Binational projects: projects 12, milestones" in capsys.readouterr().out

    projects = Project.objects.all()
    assert projects.count() == len(STORIES) == 12
    assert set(projects.values_list("status", flat=True)) == set(ProjectStatus.values)
    assert projects.filter(results_public=True).count() >= 2
    assert ProjectDocument.objects.count() == 2
    for project in projects.exclude(status=ProjectStatus.PROPOSED):
        assert project.institutions.filter(country="MX").exists(), project
        assert project.institutions.exclude(country="MX").exists(), project
        assert project.history.exists(), project
    demo_roles = TeamMember.objects.filter(member__user__email="demo@redtalentos.example")
    assert demo_roles.filter(role="coordinator").count() >= 2
    assert demo_roles.filter(role="advisor").exists()  # an invitation accepted

    board = client.get("/proyectos/").content.decode()
    public = projects.filter(status__in=["approved", "in_progress", "concluded"])
    assert all(project.title in board for project in public)
    shown = public.filter(results_public=True).first()
    page = client.get(shown.get_absolute_url()).content.decode()
    assert all(m.title in page for m in shown.milestones.all())

    before = _snapshot()
    call_command("seed_demo", members=40)
    assert _snapshot() == before
