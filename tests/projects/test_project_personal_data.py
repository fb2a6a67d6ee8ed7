"""Binational projects in a person's data download and in the deletion of their account: their
team roles, the projects they created, the documents they uploaded and fetched, the changes they
made and the invitations they sent and received (people by name); deleting the account takes
their places on teams, and leaves the projects, documents and history without their name."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from members.models import IntroductionRequest
from projects.models import (
    DocumentAccess,
    Project,
    ProjectChange,
    ProjectDocument,
    ProjectStatus,
    TeamInvitation,
    TeamMember,
)
from tests.conftest import PASSWORD, login, make_member

from .binational_data import coordinator_of, make_project, pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def project():
    project = make_project(status=ProjectStatus.IN_EVALUATION)
    user = coordinator_of(project).user
    document = ProjectDocument(project=project, title="Convenio", uploaded_by=user, pages=1)
    document.file.save("c.pdf", SimpleUploadedFile("c.pdf", pdf_bytes()), save=True)
    DocumentAccess.objects.create(document=document, viewer=user)
    ProjectChange.objects.create(
        project=project, actor=user, from_status="proposed", to_status="in_evaluation"
    )
    invited = make_member("Irene Invitada Soto", email="invitada@example.org", country="CA")
    introduction = IntroductionRequest.objects.create(
        requester=user, member=invited, purpose="project", message="Únete."
    )
    TeamInvitation.objects.create(project=project, introduction=introduction, role="advisor")
    return project


def _download(client, user):
    login(client, user)
    response = client.get("/perfil/mis-datos/", {"descargar": "1"})
    assert response.status_code == 200
    return json.loads(response.content.decode("utf-8"))["binational_projects"]


def test_the_coordinator_downloads_their_roles_projects_documents_and_changes(client, project):
    data = _download(client, coordinator_of(project).user)
    assert [row["role"]["value"] for row in data["team_roles"]] == ["coordinator"]
    assert [row["title"] for row in data["created"]] == [project.title]
    assert [row["title"] for row in data["documents_uploaded"]] == ["Convenio"]
    assert [row["document"] for row in data["documents_fetched"]] == ["Convenio"]
    assert data["changes_made"][0]["to"]["value"] == "in_evaluation"
    [sent] = data["invitations"]
    assert (sent["direction"], sent["to"], sent["role"]["value"]) == (
        "sent",
        "Irene Invitada Soto",
        "advisor",
    )
    assert "invitada@example.org" not in json.dumps(data)


def test_the_invited_member_downloads_the_invitation_by_the_inviters_name(client, project):
    invited = TeamInvitation.objects.get().introduction.member
    data = _download(client, invited.user)
    [received] = data["invitations"]
    assert received["direction"] == "received"
    assert received["from"] == coordinator_of(project).full_name
    assert data["team_roles"] == [] and data["created"] == []


def test_deleting_the_account_takes_the_team_role_and_leaves_the_project(client, project):
    user = coordinator_of(project).user
    login(client, user)
    assert client.post("/perfil/eliminar/", {"password": PASSWORD}).status_code == 302
    project = Project.objects.get(pk=project.pk)
    assert project.created_by is None
    assert not TeamMember.objects.filter(project=project).exists()
    document = ProjectDocument.objects.get(project=project)
    assert document.uploaded_by is None and document.file
    assert ProjectChange.objects.get(project=project).actor is None
    assert DocumentAccess.objects.get().viewer is None
