"""Demo data for the binational projects (called by the seed_demo command next to the
opportunities' demo), synthetic only: twelve projects in every status, coordinated by the demo
member or synthetic members abroad, with teams, Mexican and foreign institutions, milestones
with their progress (some published), and a couple of small PDF documents.

Everything goes through the project form and projects.binational as people do it (created,
institutions added, sent to evaluation by the team, evaluated by the PNCS of the sector or IME,
started, concluded, withdrawn); one member is invited through the brokered channel and accepts.
Then the dates are moved back to when it happened. No email leaves. Running it twice changes
nothing."""

import datetime
import io
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from members.introductions import answer_introduction
from members.introductions import muted as introductions_muted
from members.models import Member
from pncs.models import ContactPoint, Sector

from . import binational
from .models import (
    Milestone,
    Project,
    ProjectChange,
    ProjectDocument,
    ProjectStatus,
    TeamMember,
)
from .project_forms import ProjectForm

PS = ProjectStatus
DEMO_MEMBER_EMAIL = "demo@redtalentos.example"
# How each status is reached from the proposal, and by whom.
PATHS = {
    PS.PROPOSED: [],
    PS.IN_EVALUATION: [(PS.IN_EVALUATION, "team")],
    PS.APPROVED: [(PS.IN_EVALUATION, "team"), (PS.APPROVED, "staff")],
    PS.NOT_APPROVED: [(PS.IN_EVALUATION, "team"), (PS.NOT_APPROVED, "staff")],
    PS.WITHDRAWN: [(PS.IN_EVALUATION, "team"), (PS.WITHDRAWN, "team")],
    PS.IN_PROGRESS: [(PS.IN_EVALUATION, "team"), (PS.APPROVED, "staff"), (PS.IN_PROGRESS, "team")],
    PS.CONCLUDED: [
        (PS.IN_EVALUATION, "team"),
        (PS.APPROVED, "staff"),
        (PS.IN_PROGRESS, "team"),
        (PS.CONCLUDED, "team"),
    ],
}
NOTES = {
    PS.APPROVED: "Pertinente para el programa de trabajo del sector; aprobado.",
    PS.NOT_APPROVED: "El comité no encontró un socio de implementación claro en México.",
    PS.WITHDRAWN: "El equipo decidió presentarlo en la próxima convocatoria.",
}


@dataclass
class Story:
    title: str
    summary: str
    sector: str
    status: str
    institutions: list  # (name, country, role)
    coordinator: object  # "demo" or the number of a synthetic member
    team: list = field(default_factory=list)  # (synthetic member number, role)
    milestones: list = field(default_factory=list)  # (title, days from start, status, progress)
    results_public: bool = False
    document: str = ""
    ago: int = 200  # days since it was proposed


UNAM = ("Universidad Nacional Autónoma de México", "MX", "Laboratorio de sensores")
IPN = ("Instituto Politécnico Nacional", "MX", "Pruebas de campo")
CINVESTAV = ("Cinvestav", "MX", "Investigación")
UANL = ("Universidad Autónoma de Nuevo León", "MX", "Manufactura")
INIFAP = ("INIFAP", "MX", "Parcelas experimentales")
UT_AUSTIN = ("Universidad de Texas en Austin", "US", "Diseño y análisis")
STANFORD = ("Universidad de Stanford", "US", "Asesoría científica")
TORONTO = ("Universidad de Toronto", "CA", "Modelado")
TU_MUNICH = ("Universidad Técnica de Múnich", "DE", "Materiales")

STORIES = [
    Story(
        "Red de sensores de calidad del agua en la cuenca del Lerma",
        "Sensores de bajo costo y datos abiertos para vigilar la calidad del agua.",
        "medio-ambiente-cambio-climatico",
        PS.IN_PROGRESS,
        [UNAM, UT_AUSTIN],
        "demo",
        team=[(1, "researcher"), (2, "advisor")],
        milestones=[
            ("Diseño del sensor", 30, "done", 100),
            ("Instalación de 40 sensores", 120, "underway", 60),
            ("Portal de datos abiertos", 240, "planned", 10),
        ],
        results_public=True,
        document="Plan de trabajo",
        ago=320,
    ),
    Story(
        "Diagnóstico temprano de dengue con aprendizaje automático",
        "Modelos predictivos con datos clínicos anonimizados de hospitales públicos.",
        "salud",
        PS.CONCLUDED,
        [CINVESTAV, STANFORD],
        3,
        team=[(4, "researcher")],
        milestones=[
            ("Acuerdo de datos con los hospitales", 20, "done", 100),
            ("Modelo validado", 200, "done", 100),
            ("Publicación de resultados", 330, "done", 100),
        ],
        results_public=True,
        ago=420,
    ),
    Story(
        "Baterías de sodio para almacenamiento rural",
        "Celdas de ion sodio con materiales abundantes en México.",
        "hidrocarburos-energias-alternativas",
        PS.APPROVED,
        [UANL, TU_MUNICH],
        5,
        team=[(6, "researcher")],
        milestones=[("Prototipo de celda", 90, "planned", 0)],
        ago=90,
    ),
    Story(
        "Ciberseguridad para hospitales públicos",
        "Un centro binacional de respuesta a incidentes para la red hospitalaria.",
        "tic",
        PS.IN_EVALUATION,
        [IPN, UT_AUSTIN],
        "demo",
        team=[(7, "advisor")],
        document="Propuesta técnica",
        ago=25,
    ),
    Story(
        "Gemelos digitales para líneas de ensamble automotriz",
        "Simulación en tiempo real de líneas de ensamble en el Bajío.",
        "automotriz",
        PS.IN_PROGRESS,
        [UANL, TORONTO],
        8,
        team=[(9, "researcher"), (10, "other")],
        milestones=[
            ("Levantamiento de la línea piloto", 40, "done", 100),
            ("Gemelo digital de la estación 1", 150, "delayed", 35),
        ],
        ago=260,
    ),
    Story(
        "Bioinsumos para el cultivo de maíz nativo",
        "Inoculantes microbianos para reducir fertilizantes químicos en la milpa.",
        "alimentos-agricultura-biotecnologia",
        PS.CONCLUDED,
        [INIFAP, TORONTO],
        11,
        milestones=[
            ("Ensayos en invernadero", 60, "done", 100),
            ("Ensayos en parcela", 250, "done", 100),
        ],
        ago=500,
    ),
    Story(
        "Recubrimientos nanoestructurados contra la corrosión",
        "Recubrimientos para ductos y plataformas marinas.",
        "nanotecnologia-nuevos-materiales",
        PS.NOT_APPROVED,
        [CINVESTAV, TU_MUNICH],
        12,
        ago=150,
    ),
    Story(
        "Mantenimiento predictivo de turbinas de aviación",
        "Análisis de vibraciones para talleres aeronáuticos en Querétaro.",
        "transporte-aeronautica",
        PS.WITHDRAWN,
        [IPN, STANFORD],
        13,
        ago=180,
    ),
    Story(
        "Observatorio binacional de migración calificada",
        "Datos y estudios sobre la movilidad de profesionistas entre México y Canadá.",
        "cooperacion-internacional",
        PS.PROPOSED,
        [UNAM, TORONTO],
        14,
        ago=10,
    ),
    Story(
        "Plataforma de telemedicina para comunidades rurales",
        "Consultas a distancia con especialistas mexicanos en el exterior.",
        "salud",
        PS.PROPOSED,
        [STANFORD],  # still without a Mexican institution: it cannot go to evaluation yet
        "demo",
        ago=5,
    ),
    Story(
        "Hidrógeno verde en parques solares de Sonora",
        "Electrólisis con excedentes solares para el transporte de carga.",
        "hidrocarburos-energias-alternativas",
        PS.IN_EVALUATION,
        [UNAM, UT_AUSTIN],
        15,
        ago=40,
    ),
    Story(
        "Aprendizaje automático para pronosticar sequías",
        "Pronósticos estacionales de sequía para organismos de cuenca.",
        "medio-ambiente-cambio-climatico",
        PS.APPROVED,
        [INIFAP, UT_AUSTIN],
        16,
        milestones=[("Base de datos climática", 60, "underway", 20)],
        results_public=True,
        ago=70,
    ),
]


def _pdf(title):
    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer, pagesize=letter)
    sheet.setTitle(title)
    sheet.drawString(72, 720, title)
    sheet.drawString(72, 700, "Documento de demostración de la Red de Talentos Mexicanos.")
    sheet.showPage()
    sheet.save()
    return buffer.getvalue()


def _people():
    demo = Member.objects.get(user__email=DEMO_MEMBER_EMAIL)
    synthetic = list(
        Member.objects.exclude(pk=demo.pk)
        .exclude(country="MX")
        .filter(user__is_active=True)
        .select_related("user")
        .order_by("pk")[:40]
    )
    return demo, synthetic


def _member(key, demo, synthetic):
    if key == "demo" or not synthetic:
        return demo
    return synthetic[key % len(synthetic)]


def _evaluator(sector, ime):
    """Staff of the project's sector, else IME."""
    for contact_point in ContactPoint.objects.filter(sectors=sector).order_by("pk"):
        staff = contact_point.staff.order_by("pk").first()
        if staff is not None:
            return staff
    return ime


def _form(story, sector):
    today = timezone.localdate()
    starts = today - datetime.timedelta(days=max(0, story.ago - 60))
    form = ProjectForm(
        data={
            "title": story.title,
            "summary": story.summary,
            "objectives": (
                f"{story.summary}\n\nObjetivos: formar un equipo binacional, probar la "
                "solución en México y compartir los resultados con el sector."
            ),
            "sectors": [sector.pk],
            "contact_points": list(
                ContactPoint.objects.filter(sectors=sector).values_list("pk", flat=True)
            ),
            "starts_on": starts.isoformat(),
            "ends_on": (starts + datetime.timedelta(days=540)).isoformat(),
            "results_public": "on" if story.results_public else "",
        }
    )
    if not form.is_valid():
        raise ValueError(f"{story.title}: {form.errors.as_json()}")
    return form


def _move_back(project, days):
    """As if it had been proposed `days` ago, its changes spread over the time since."""
    Project.objects.filter(pk=project.pk).update(
        created_at=F("created_at") - datetime.timedelta(days=days)
    )
    changes = list(ProjectChange.objects.filter(project=project).order_by("pk"))
    for number, change in enumerate(changes, start=1):
        back = days - days * number // (len(changes) + 1)
        ProjectChange.objects.filter(pk=change.pk).update(
            at=F("at") - datetime.timedelta(days=back)
        )


def _invite_demo_member(project, coordinator, demo):
    """The coordinator invites the demo member through the brokered channel; they accept."""
    base_url = settings.SITE_URL.rstrip("/") + "/"
    try:
        invitation = binational.invite(
            project=project,
            inviter=coordinator.user,
            member=demo,
            role=TeamMember.Role.ADVISOR,
            message=binational.default_invitation(project, TeamMember.Role.ADVISOR),
            base_url=base_url,
        )
    except binational.ProjectRefused:
        return  # the brokered channel's rules (a pause, a budget) said no
    answer_introduction(
        introduction=invitation.introduction, member=demo, accept=True, base_url=base_url
    )


def seed_projects(*, ime):
    """Adds the demo's binational projects once; `ime` evaluates what no sector's staff can.
    Returns what was created."""
    titles = [story.title for story in STORIES]
    if Project.objects.filter(title__in=titles).exists():
        return {"projects": 0, "milestones": 0, "documents": 0}
    milestones = documents = 0
    with introductions_muted(), transaction.atomic():
        demo, synthetic = _people()
        today = timezone.localdate()
        for story in STORIES:
            sector = Sector.objects.get(slug=story.sector)
            coordinator = _member(story.coordinator, demo, synthetic)
            project = binational.save_project(
                form=_form(story, sector), actor=coordinator.user, coordinator=coordinator
            )
            for name, country, role in story.institutions:
                binational.add_institution(project=project, name=name, country=country, role=role)
            for number, role in story.team:
                member = _member(number, demo, synthetic)
                TeamMember.objects.get_or_create(
                    project=project, member=member, defaults={"role": role}
                )
            if story.coordinator != "demo" and story.status == PS.IN_PROGRESS:
                _invite_demo_member(project, coordinator, demo)
            for status, who in PATHS[story.status]:
                binational.move(
                    project=project,
                    status=status,
                    actor=coordinator.user if who == "team" else _evaluator(sector, ime),
                    as_team=who == "team",
                    as_staff=who == "staff",
                    note=NOTES.get(status, ""),
                )
            start = today - datetime.timedelta(days=max(0, story.ago - 60))
            for title, days, status, progress in story.milestones:
                Milestone.objects.create(
                    project=project,
                    title=title,
                    due_on=start + datetime.timedelta(days=days),
                    status=status,
                    progress=progress,
                )
                milestones += 1
            if story.document:
                content = _pdf(f"{story.document}: {story.title}")
                document = ProjectDocument(
                    project=project,
                    title=story.document,
                    uploaded_by=coordinator.user,
                    size=len(content),
                    pages=1,
                )
                document.file.save("demo.pdf", ContentFile(content), save=True)
                documents += 1
            _move_back(project, story.ago)
    return {"projects": len(STORIES), "milestones": milestones, "documents": documents}
