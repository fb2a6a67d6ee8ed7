"""Binational projects (/proyectos/): a Mexican institution and members abroad working together,
with their team, institutions, sectors, PNCS, objectives, documents and a results timeline that
the public sees once the team agrees to publish it. The allowed status changes are the table
below (projects.binational refuses the rest with a message); every change is kept in the history.
"""

import uuid

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from redtalentos.lib.documents import private_storage, upload_to
from redtalentos.lib.workflows import Stateful, StatusChange, Workflow


class ProjectStatus(models.TextChoices):
    PROPOSED = "proposed", _("Propuesta")
    IN_EVALUATION = "in_evaluation", _("En evaluación")
    APPROVED = "approved", _("Aprobado")
    NOT_APPROVED = "not_approved", _("No aprobado")
    WITHDRAWN = "withdrawn", _("Retirado")
    IN_PROGRESS = "in_progress", _("En curso")
    CONCLUDED = "concluded", _("Concluido")


PS = ProjectStatus
# The only changes a project's status may make. A proposal is the project's draft: it goes to
# evaluation only with a Mexican institution and a member abroad (projects.binational).
PROJECT_TRANSITIONS = {
    PS.PROPOSED: {PS.IN_EVALUATION, PS.WITHDRAWN},
    PS.IN_EVALUATION: {PS.APPROVED, PS.NOT_APPROVED, PS.PROPOSED, PS.WITHDRAWN},
    PS.APPROVED: {PS.IN_PROGRESS, PS.WITHDRAWN},
    PS.IN_PROGRESS: {PS.CONCLUDED, PS.WITHDRAWN},
}
PROJECT_WORKFLOW = Workflow(
    ProjectStatus,
    PROJECT_TRANSITIONS,
    refused=_("Un proyecto «%(current)s» no puede pasar a «%(wanted)s»."),
)
# Who moves it: the team (its coordinators) or the staff of one of its sectors.
TEAM_MOVES = {
    (PS.PROPOSED, PS.IN_EVALUATION),
    (PS.PROPOSED, PS.WITHDRAWN),
    (PS.IN_EVALUATION, PS.WITHDRAWN),
    (PS.APPROVED, PS.IN_PROGRESS),
    (PS.APPROVED, PS.WITHDRAWN),
    (PS.IN_PROGRESS, PS.CONCLUDED),
    (PS.IN_PROGRESS, PS.WITHDRAWN),
}
STAFF_MOVES = {
    (PS.IN_EVALUATION, PS.APPROVED),
    (PS.IN_EVALUATION, PS.NOT_APPROVED),
    (PS.IN_EVALUATION, PS.PROPOSED),
}


def _search_document():
    return SearchVector("title", "summary", "objectives", config="rt_es") + SearchVector(
        "title", "summary", "objectives", config="rt_en"
    )


class Project(Stateful, models.Model):
    Status = ProjectStatus
    workflow = PROJECT_WORKFLOW

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(_("identificador en URL"), max_length=90, unique=True)
    title = models.CharField(_("título"), max_length=200)
    summary = models.CharField(_("resumen"), max_length=400)
    objectives = models.TextField(_("objetivos"), max_length=6000)
    sectors = models.ManyToManyField(
        "pncs.Sector", verbose_name=_("sectores"), related_name="projects"
    )
    contact_points = models.ManyToManyField(
        "pncs.ContactPoint", verbose_name=_("PNCS"), related_name="projects", blank=True
    )
    status = models.CharField(
        _("estado"), max_length=14, choices=ProjectStatus.choices, default=PS.PROPOSED
    )
    starts_on = models.DateField(_("inicio"), null=True, blank=True)
    ends_on = models.DateField(_("fin"), null=True, blank=True)
    results_public = models.BooleanField(
        _("resultados públicos"),
        default=False,
        help_text=_("El equipo acordó mostrar los hitos y el avance en la página pública."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("creado por"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="projects_created",
    )
    search = models.GeneratedField(
        expression=_search_document(), output_field=SearchVectorField(), db_persist=True
    )
    created_at = models.DateTimeField(_("creado"), default=timezone.now)
    updated_at = models.DateTimeField(_("actualizado"), auto_now=True)

    class Meta:
        verbose_name = _("proyecto binacional")
        verbose_name_plural = _("proyectos binacionales")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="projects_project_status_idx"),
            # The public board (approved, in progress, concluded), newest first: its pages read
            # the rows in order instead of sorting the whole public set.
            models.Index(
                fields=["-created_at", "-id"],
                name="projects_project_board_idx",
                condition=Q(status__in=["approved", "in_progress", "concluded"]),
            ),
            GinIndex(fields=["search"], name="projects_project_search_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("projects:project_detail", kwargs={"slug": self.slug})


class TeamMember(models.Model):
    """A member abroad on the team, with their role; coordinators edit the project."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinación")
        RESEARCHER = "researcher", _("Investigación")
        ADVISOR = "advisor", _("Asesoría")
        OTHER = "other", _("Otro papel")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="team")
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("miembro"),
        on_delete=models.CASCADE,
        related_name="project_roles",
    )
    role = models.CharField(_("papel"), max_length=12, choices=Role.choices)

    class Meta:
        verbose_name = _("integrante del equipo")
        verbose_name_plural = _("integrantes del equipo")
        constraints = [
            models.UniqueConstraint(fields=["project", "member"], name="projects_team_once")
        ]

    def __str__(self):
        return f"{self.member} · {self.get_role_display()}"


class Institution(models.Model):
    """An institution taking part: a Mexican one (required to leave the proposal) or abroad."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="institutions")
    name = models.CharField(_("nombre"), max_length=200)
    country = CountryField(_("país"))
    role = models.CharField(_("papel en el proyecto"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("institución participante")
        verbose_name_plural = _("instituciones participantes")
        ordering = ["pk"]

    def __str__(self):
        return self.name


class Milestone(models.Model):
    """A step of the results timeline: what, when, its status and how far it is."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planeado")
        UNDERWAY = "underway", _("En curso")
        DONE = "done", _("Cumplido")
        DELAYED = "delayed", _("Retrasado")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("hito"), max_length=200)
    description = models.TextField(_("descripción"), max_length=2000, blank=True)
    due_on = models.DateField(_("fecha"))
    status = models.CharField(
        _("estado"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    progress = models.PositiveSmallIntegerField(
        _("avance (%)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )

    class Meta:
        verbose_name = _("hito")
        verbose_name_plural = _("hitos")
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="projects_milestone_progress_max"
            )
        ]

    def __str__(self):
        return self.title


class ProjectDocument(models.Model):
    """A PDF of the project (checked by redtalentos.lib.documents, stored privately; the team,
    the staff of its sectors and IME fetch it, each fetch logged)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("título"), max_length=200)
    file = models.FileField(
        _("archivo"),
        upload_to=upload_to("projects/documents"),
        storage=private_storage,
        max_length=200,
    )
    size = models.PositiveIntegerField(_("tamaño en bytes"), default=0)
    pages = models.PositiveIntegerField(_("páginas"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("subido por"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="project_documents",
    )
    created_at = models.DateTimeField(_("subido"), auto_now_add=True)

    class Meta:
        verbose_name = _("documento del proyecto")
        verbose_name_plural = _("documentos de los proyectos")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title


class ProjectChange(StatusChange):
    """One change of a project's status: who, from, to, why, when."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(_("de"), max_length=14, choices=ProjectStatus.choices)
    to_status = models.CharField(_("a"), max_length=14, choices=ProjectStatus.choices)

    class Meta(StatusChange.Meta):
        verbose_name = _("cambio de un proyecto")
        verbose_name_plural = _("cambios de los proyectos")


class DocumentAccess(models.Model):
    """Who fetched a project's document, when (every fetch)."""

    document = models.ForeignKey(ProjectDocument, on_delete=models.CASCADE, related_name="accesses")
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("quién"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="project_document_accesses",
    )
    at = models.DateTimeField(_("cuándo"), default=timezone.now)

    class Meta:
        verbose_name = _("consulta de un documento")
        verbose_name_plural = _("consultas de documentos")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.document_id} · {self.at:%Y-%m-%d %H:%M}"


class TeamInvitation(models.Model):
    """A coordinator's invitation to a member to join the team with a role: an introduction
    request of the brokered channel (the member's budget and pause count; addresses are shared
    only on acceptance). Accepting puts the member on the team (projects.binational)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="invitations")
    introduction = models.OneToOneField(
        "members.IntroductionRequest",
        on_delete=models.CASCADE,
        related_name="team_invitation",
    )
    role = models.CharField(_("papel"), max_length=12, choices=TeamMember.Role.choices)

    class Meta:
        verbose_name = _("invitación al equipo")
        verbose_name_plural = _("invitaciones al equipo")

    def __str__(self):
        return f"{self.project} · {self.get_role_display()}"
