"""Binational projects' pages (/proyectos/) as people meet them: a member proposes a project,
adds a Mexican institution, invites a member who accepts on their introductions page, sends it
to evaluation; the PNCS of its sector approves it; the team starts it, adds milestones and
publishes its results; a visitor sees the timeline. A proposal without a Mexican partner stays
one, with the reason; documents are checked PDFs for the team and the staff, every fetch logged;
the board and the page run a fixed number of queries; and who is refused where."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.models import Consent, IntroductionRequest
from pncs.models import Sector
from projects.models import (
    DocumentAccess,
    Institution,
    Milestone,
    Project,
    ProjectChange,
    ProjectDocument,
    ProjectStatus,
    TeamInvitation,
    TeamMember,
)
from tests.conftest import login, make_member, make_user

from .binational_data import coordinator_of, make_project, make_staff, pdf_bytes

pytestmark = pytest.mark.django_db

PS = ProjectStatus


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def sector(slug="tic"):
    return Sector.objects.get(slug=slug).pk


def project_form(**fields):
    return {
        "title": "Sensores de agua para la cuenca del Lerma",
        "summary": "Una red de sensores de bajo costo.",
        "objectives": "Instalar 40 sensores y publicar los datos abiertos.",
        "sectors": [sector()],
        **fields,
    }


# The journey


def test_a_project_from_the_proposal_to_its_public_results(client):
    coordinator = make_member("Ana Coordinadora Ruiz", country="US")
    invited = make_member(
        "Beto Invitado Pérez",
        country="CA",
        consents=(Consent.Purpose.PNCS_SEARCH,),
        findable_by_pncs=True,
    )
    client.force_login(coordinator.user)

    response = client.post("/proyectos/nuevo/", project_form(), follow=True)
    project = Project.objects.get()
    assert response.redirect_chain[-1][0] == f"/proyectos/{project.slug}/"
    assert project.status == PS.PROPOSED
    assert list(project.team.values_list("member", "role")) == [(coordinator.pk, "coordinator")]
    assert "Creamos la propuesta" in messages_of(response)[0]

    response = client.post(
        f"/proyectos/{project.slug}/instituciones/",
        {"name": "Universidad de Guanajuato", "country": "MX", "role": "Laboratorio"},
        follow=True,
    )
    assert messages_of(response) == ["Agregamos a Universidad de Guanajuato al proyecto."]

    page = client.get(f"/proyectos/{project.slug}/equipo/invitar/", {"q": "beto invit"})
    assert "Beto Invitado Pérez" in page.content.decode()
    response = client.post(
        f"/proyectos/{project.slug}/equipo/invitar/?q=beto",
        {"member": invited.slug, "role": "researcher", "message": ""},
        follow=True,
    )
    assert "Enviamos la invitación a Beto Invitado Pérez" in messages_of(response)[0]
    invitation = TeamInvitation.objects.get(project=project)
    assert invitation.introduction.purpose == IntroductionRequest.Purpose.PROJECT

    client.force_login(invited.user)
    assert project.title in client.get("/perfil/solicitudes/").content.decode()
    response = client.post(
        f"/perfil/solicitudes/{invitation.introduction.pk}/responder/",
        {"decision": "accept"},
        follow=True,
    )
    assert "Aceptaste la solicitud de Ana Coordinadora Ruiz" in messages_of(response)[0]
    assert project.team.get(member=invited).role == TeamMember.Role.RESEARCHER

    client.force_login(coordinator.user)
    response = client.post(
        f"/proyectos/{project.slug}/estado/", {"status": PS.IN_EVALUATION}, follow=True
    )
    assert "Enviamos el proyecto a evaluación" in messages_of(response)[0]
    assert client.get("/proyectos/").content.decode().count(project.title) == 1  # Mis proyectos

    staff = make_staff("tic")
    login(client, staff)
    page = client.get(f"/proyectos/{project.slug}/").content.decode()
    assert 'value="approved"' in page
    response = client.post(
        f"/proyectos/{project.slug}/estado/", {"status": PS.APPROVED, "note": "Bien"}, follow=True
    )
    assert messages_of(response) == ["Aprobaste el proyecto: su página ya es pública."]
    project.refresh_from_db()
    assert project.status == PS.APPROVED

    client.force_login(coordinator.user)
    response = client.post(
        f"/proyectos/{project.slug}/estado/", {"status": PS.IN_PROGRESS}, follow=True
    )
    assert messages_of(response) == ["El proyecto está en curso."]
    for title, status, progress in [
        ("Sensores instalados", "done", "100"),
        ("Datos abiertos", "underway", "40"),
    ]:
        response = client.post(
            f"/proyectos/{project.slug}/hitos/",
            {"title": title, "due_on": "2030-03-01", "status": status, "progress": progress},
            follow=True,
        )
        assert messages_of(response) == [f"Agregamos el hito «{title}»."]
    client.post(
        f"/proyectos/{project.slug}/editar/",
        project_form(results_public="on", title="Sensores de agua para el Lerma"),
    )
    project.refresh_from_db()
    assert (project.status, project.results_public) == (PS.IN_PROGRESS, True)
    assert [c.to_status for c in project.history.all()] == [
        PS.IN_EVALUATION,
        PS.APPROVED,
        PS.IN_PROGRESS,
    ]

    client.logout()
    page = client.get(f"/proyectos/{project.slug}/").content.decode()
    assert "Sensores instalados" in page and "Datos abiertos" in page
    assert '<progress id="avance-' in page and "40 %" in page
    assert "Ana Coordinadora Ruiz · Coordinación" in page
    assert "Beto Invitado Pérez · Investigación" in page
    assert "@example.org" not in page
    assert "Historial" not in page and "Documentos" not in page
    assert project.title in client.get("/proyectos/").content.decode()


def test_the_results_stay_hidden_from_the_public_until_the_team_publishes_them(client):
    project = make_project(status=PS.IN_PROGRESS)
    Milestone.objects.create(project=project, title="Prototipo", due_on=datetime.date(2030, 1, 1))
    page = client.get(f"/proyectos/{project.slug}/").content.decode()
    assert project.title in page and "Prototipo" not in page
    client.force_login(coordinator_of(project).user)
    page = client.get(f"/proyectos/{project.slug}/").content.decode()
    assert "Prototipo" in page and "Los resultados no son públicos" in page


def test_a_proposal_without_a_mexican_partner_stays_one_with_the_reason(client):
    project = make_project(mexican_partner=False)
    client.force_login(coordinator_of(project).user)
    page = client.get(f"/proyectos/{project.slug}/").content.decode()
    assert "falta al menos una institución mexicana" in page
    assert 'value="in_evaluation"' not in page
    response = client.post(
        f"/proyectos/{project.slug}/estado/", {"status": PS.IN_EVALUATION}, follow=True
    )
    assert messages_of(response) == [
        "Para enviarlo a evaluación falta al menos una institución mexicana."
    ]
    project.refresh_from_db()
    assert project.status == PS.PROPOSED
    assert not ProjectChange.objects.exists()


def test_a_proposal_with_only_members_in_mexico_is_told_it_lacks_a_member_abroad(client):
    coordinator = make_member("Carla en Puebla", country="MX")
    project = make_project(coordinator=coordinator)
    client.force_login(coordinator.user)
    response = client.post(
        f"/proyectos/{project.slug}/estado/", {"status": PS.IN_EVALUATION}, follow=True
    )
    assert messages_of(response) == [
        "Para enviarlo a evaluación falta al menos un miembro de la red en el exterior."
    ]


def test_the_only_mexican_institution_stays_once_past_the_proposal(client):
    project = make_project(status=PS.APPROVED)
    mexican = project.institutions.get(country="MX")
    client.force_login(coordinator_of(project).user)
    response = client.post(
        f"/proyectos/{project.slug}/instituciones/{mexican.pk}/quitar/", follow=True
    )
    assert "única institución mexicana" in messages_of(response)[0]
    assert Institution.objects.filter(pk=mexican.pk).exists()
    foreign = project.institutions.get(country="US")
    client.post(f"/proyectos/{project.slug}/instituciones/{foreign.pk}/quitar/")
    assert not Institution.objects.filter(pk=foreign.pk).exists()


def test_a_milestone_is_updated_and_removed_by_its_coordinator(client):
    project = make_project(status=PS.IN_PROGRESS)
    milestone = Milestone.objects.create(
        project=project, title="Prototipo", due_on=datetime.date(2030, 1, 1)
    )
    client.force_login(coordinator_of(project).user)
    url = f"/proyectos/{project.slug}/hitos/{milestone.pk}/"
    response = client.post(url, {"status": "underway", "progress": "55"}, follow=True)
    assert messages_of(response) == ["Actualizamos el hito «Prototipo»: En curso, 55 %."]
    response = client.post(url, {"status": "done", "progress": "10"}, follow=True)
    milestone.refresh_from_db()
    assert (milestone.status, milestone.progress) == ("done", 100)
    client.post(url + "quitar/")
    assert not Milestone.objects.filter(pk=milestone.pk).exists()


@pytest.mark.parametrize("progress", ["101", "-1", "mucho", ""])
def test_a_bad_progress_is_refused_with_a_message(client, progress):
    project = make_project(status=PS.IN_PROGRESS)
    milestone = Milestone.objects.create(
        project=project, title="Prototipo", due_on=datetime.date(2030, 1, 1), progress=20
    )
    client.force_login(coordinator_of(project).user)
    response = client.post(
        f"/proyectos/{project.slug}/hitos/{milestone.pk}/",
        {"status": "underway", "progress": progress},
        follow=True,
    )
    assert response.status_code == 200
    assert "entre 0 y 100" in messages_of(response)[0]
    milestone.refresh_from_db()
    assert milestone.progress == 20


def test_bad_input_on_the_coordinators_forms_is_shown_not_a_500(client):
    project = make_project()
    client.force_login(coordinator_of(project).user)
    response = client.post(f"/proyectos/{project.slug}/instituciones/", {"country": "ZZ"})
    assert response.status_code == 200
    assert "Revisa los datos de la institución." in messages_of(response)
    response = client.post(f"/proyectos/{project.slug}/hitos/", {"due_on": "mañana"})
    assert response.status_code == 200
    assert not Milestone.objects.exists()
    response = client.post(
        f"/proyectos/{project.slug}/editar/",
        project_form(starts_on="2030-05-01", ends_on="2030-01-01", sectors=["x"]),
    )
    assert response.status_code == 200
    assert "El fin no puede ser anterior al inicio." in response.content.decode()


def test_a_closed_project_is_not_changed(client):
    project = make_project(status=PS.WITHDRAWN)
    client.force_login(coordinator_of(project).user)
    response = client.post(
        f"/proyectos/{project.slug}/hitos/",
        {"title": "Tarde", "due_on": "2030-01-01", "status": "planned", "progress": "0"},
        follow=True,
    )
    assert messages_of(response) == ["El proyecto está «Retirado»: ya no se puede cambiar."]
    assert not Milestone.objects.exists()


def test_an_invitation_to_someone_already_on_the_team_or_not_findable_is_refused(client):
    project = make_project()
    hidden = make_member("Hugo Oculto", country="US")  # no consent to be found
    client.force_login(coordinator_of(project).user)
    response = client.post(
        f"/proyectos/{project.slug}/equipo/invitar/",
        {"member": hidden.slug, "role": "advisor", "message": "Hola"},
    )
    assert response.status_code == 200
    assert "Elige a un miembro de la lista." in response.content.decode()
    assert not TeamInvitation.objects.exists()


# Documents


def test_the_team_uploads_a_pdf_and_the_staff_fetch_it_logged(client):
    project = make_project(status=PS.IN_EVALUATION)
    coordinator = coordinator_of(project)
    client.force_login(coordinator.user)
    upload = SimpleUploadedFile("informe.pdf", pdf_bytes(2), content_type="application/pdf")
    response = client.post(
        f"/proyectos/{project.slug}/documentos/",
        {"title": "Informe técnico", "file": upload},
        follow=True,
    )
    assert messages_of(response) == ["Subimos «Informe técnico»."]
    document = ProjectDocument.objects.get()
    assert (document.pages, document.uploaded_by) == (2, coordinator.user)

    staff = make_staff("tic")
    login(client, staff)
    response = client.get(f"/proyectos/{project.slug}/documentos/{document.uuid}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert list(DocumentAccess.objects.values_list("document", "viewer")) == [
        (document.pk, staff.pk)
    ]


def test_a_file_that_is_not_a_pdf_is_refused(client):
    project = make_project()
    client.force_login(coordinator_of(project).user)
    upload = SimpleUploadedFile("foto.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 100)
    response = client.post(
        f"/proyectos/{project.slug}/documentos/", {"title": "Foto", "file": upload}
    )
    assert response.status_code == 200
    assert "El archivo no es un PDF." in response.content.decode()
    assert not ProjectDocument.objects.exists()


def _document(project):
    document = ProjectDocument(project=project, title="Convenio", size=10, pages=1)
    document.file.save("convenio.pdf", SimpleUploadedFile("c.pdf", pdf_bytes()), save=True)
    return document


@pytest.mark.parametrize("status", [PS.PROPOSED, PS.IN_PROGRESS])
def test_outsiders_get_404_for_a_document_and_nothing_is_logged(client, status):
    project = make_project(status=status, results_public=True)
    document = _document(project)
    url = f"/proyectos/{project.slug}/documentos/{document.uuid}/"
    assert client.get(url).status_code == 404
    client.force_login(make_member("Olga Ajena", country="US").user)
    assert client.get(url).status_code == 404
    login(client, make_staff("salud"))
    assert client.get(url).status_code == 404
    assert not DocumentAccess.objects.exists()
    other = make_project(status=status)
    client.force_login(coordinator_of(other).user)
    assert client.get(f"/proyectos/{other.slug}/documentos/{document.uuid}/").status_code == 404


# Queries


def test_the_board_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    member = make_member("Mara Miembro", country="US")
    for number in range(3):
        make_project(f"Proyecto {number}", status=PS.APPROVED, coordinator=member)
    client.force_login(member.user)
    with CaptureQueriesContext(connection) as few:
        client.get("/proyectos/", {"sector": "tic", "q": "proyecto"})
    for number in range(3, 15):
        project = make_project(f"Proyecto {number}", status=PS.IN_PROGRESS, coordinator=member)
        project.sectors.add(Sector.objects.get(slug="salud"))
    with django_assert_max_num_queries(len(few)):
        page = client.get("/proyectos/", {"sector": "tic", "q": "proyecto"})
    assert page.content.decode().count('<li class="card">') == 15


def test_a_projects_page_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    project = make_project(status=PS.IN_PROGRESS, results_public=True)
    client.force_login(coordinator_of(project).user)
    url = f"/proyectos/{project.slug}/"
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in range(8):
        member = make_member(f"Integrante {number}", country="US")
        TeamMember.objects.create(project=project, member=member, role="researcher")
        Institution.objects.create(project=project, name=f"Instituto {number}", country="MX")
        Milestone.objects.create(
            project=project, title=f"Hito {number}", due_on=datetime.date(2030, 1, 1)
        )
        _document(project)
        ProjectChange.objects.create(project=project, from_status="approved", to_status="approved")
    with django_assert_max_num_queries(len(few)):
        page = client.get(url)
    assert page.content.decode().count("Hito ") >= 8


# Who is refused where


def test_a_proposal_is_404_for_visitors_members_and_staff_of_another_sector(client):
    project = make_project(status=PS.IN_EVALUATION)
    url = f"/proyectos/{project.slug}/"
    assert client.get(url).status_code == 404
    client.force_login(make_member("Olga Ajena", country="US").user)
    assert client.get(url).status_code == 404
    login(client, make_staff("salud"))
    assert client.get(url).status_code == 404
    login(client, make_staff("tic"))
    assert client.get(url).status_code == 200


def test_the_board_shows_only_projects_past_the_proposal(client):
    shown = make_project("Visible", status=PS.CONCLUDED)
    for status in (PS.PROPOSED, PS.IN_EVALUATION, PS.NOT_APPROVED, PS.WITHDRAWN):
        make_project(f"Oculto {status}", status=status)
    page = client.get("/proyectos/").content.decode()
    assert shown.title in page and "Oculto" not in page


@pytest.mark.parametrize("query", [{"estado": "proposed"}, {"sector": "nada"}, {"pagina": "-3"}])
def test_bad_filters_are_left_out(client, query):
    make_project("Visible", status=PS.APPROVED)
    response = client.get("/proyectos/", query)
    assert response.status_code == 200
    assert "Visible" in response.content.decode()


def test_only_members_propose_projects(client, participant):
    assert client.get("/proyectos/nuevo/").status_code == 302
    client.force_login(participant)
    assert client.post("/proyectos/nuevo/", project_form()).status_code == 403
    assert not Project.objects.exists()


def _coordinators_writes(project):
    milestone = Milestone.objects.create(
        project=project, title="Hito", due_on=datetime.date(2030, 1, 1)
    )
    institution = project.institutions.first()
    base = f"/proyectos/{project.slug}/"
    return [
        ("get", base + "editar/"),
        ("post", base + "editar/"),
        ("post", base + "instituciones/"),
        ("post", base + f"instituciones/{institution.pk}/quitar/"),
        ("post", base + "hitos/"),
        ("post", base + f"hitos/{milestone.pk}/"),
        ("post", base + f"hitos/{milestone.pk}/quitar/"),
        ("get", base + "equipo/invitar/"),
        ("post", base + "equipo/invitar/"),
        ("post", base + "documentos/"),
    ]


def test_the_coordinators_pages_refuse_everyone_else(client, ime_admin):
    project = make_project(status=PS.APPROVED)
    researcher = make_member("Rita Investigadora", country="CA")
    TeamMember.objects.create(project=project, member=researcher, role="researcher")
    writes = _coordinators_writes(project)
    counts = (Institution.objects.count(), Milestone.objects.count())
    for method, url in writes:
        assert getattr(client, method)(url).status_code == 302, url  # to sign in
    for user, status in [
        (make_member("Olga Ajena", country="US").user, 403),
        (researcher.user, 403),
        (make_staff("tic"), 403),
        (ime_admin, 403),
    ]:
        login(client, user)
        for method, url in writes:
            assert getattr(client, method)(url).status_code == status, (user, url)
    assert (Institution.objects.count(), Milestone.objects.count()) == counts


def test_the_coordinators_pages_are_404_for_outsiders_of_a_proposal(client):
    project = make_project(status=PS.PROPOSED)
    writes = _coordinators_writes(project)
    client.force_login(make_member("Olga Ajena", country="US").user)
    for method, url in writes:
        assert getattr(client, method)(url).status_code == 404, url


def test_unknown_projects_and_objects_are_404(client):
    project = make_project()
    client.force_login(coordinator_of(project).user)
    base = f"/proyectos/{project.slug}/"
    assert client.get("/proyectos/no-existe/").status_code == 404
    assert client.post(base + "hitos/999999/").status_code == 404
    assert client.post(base + "instituciones/999999/quitar/").status_code == 404
    assert client.get(base + "documentos/5f0c1b7e-3d7a-4d55-9a57-9a0f5d2b8e11/").status_code == (
        404
    )


def test_reading_pages_refuse_writes_and_writes_refuse_get(client):
    project = make_project()
    client.force_login(coordinator_of(project).user)
    assert client.post("/proyectos/").status_code == 405
    assert client.post(f"/proyectos/{project.slug}/").status_code == 405
    assert client.get(f"/proyectos/{project.slug}/estado/").status_code == 405
    assert client.get(f"/proyectos/{project.slug}/hitos/").status_code == 405


def test_the_project_slug_never_takes_a_fixed_path(client, member):
    client.force_login(member.user)
    for title in ("Nuevo", "Oportunidades"):
        client.post("/proyectos/nuevo/", project_form(title=title))
    assert sorted(Project.objects.values_list("slug", flat=True)) == [
        "nuevo-2",
        "oportunidades-2",
    ]
    assert client.get("/proyectos/oportunidades/").status_code == 200


def test_a_participant_does_not_see_a_proposal_nor_my_projects(client):
    project = make_project()
    client.force_login(make_user(full_name="Paula Participante"))
    assert client.get(f"/proyectos/{project.slug}/").status_code == 404
    assert "Mis proyectos" not in client.get("/proyectos/").content.decode()
