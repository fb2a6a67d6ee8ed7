"""The PNCS sectors, their contact points (institutions) and the work programme they keep."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from redtalentos.lib.workflows import Stateful, StatusChange, Workflow


def _in_english():
    return (get_language() or "").startswith("en")


class Sector(models.Model):
    """One of the nine sectors around which the PNCS work with the network."""

    name = models.CharField(_("nombre"), max_length=120, unique=True)
    name_en = models.CharField(_("nombre en inglés"), max_length=120)
    slug = models.SlugField(_("identificador en URL"), max_length=80, unique=True)
    position = models.PositiveSmallIntegerField(_("orden"), default=0)
    description = models.TextField(_("descripción"), max_length=2000, blank=True)
    description_en = models.TextField(_("descripción en inglés"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectores")
        ordering = ["position", "name"]

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("pncs:sector_detail", kwargs={"slug": self.slug})

    @property
    def display_name(self):
        """The name in the language of the current request."""
        if _in_english() and self.name_en:
            return self.name_en
        return self.name

    @property
    def display_description(self):
        """The description in the language of the current request (Spanish when untranslated)."""
        if _in_english() and self.description_en:
            return self.description_en
        return self.description


class ContactPoint(models.Model):
    """A Mexican institution acting as Punto Nacional de Contacto Sectorial for its sectors."""

    name = models.CharField(_("institución"), max_length=200, unique=True)
    slug = models.SlugField(_("identificador en URL"), max_length=80, unique=True)
    sectors = models.ManyToManyField(
        Sector, verbose_name=_("sectores"), related_name="contact_points"
    )
    public_contact = models.CharField(
        _("canal público de contacto"),
        max_length=300,
        blank=True,
        help_text=_("Sitio web u oficina institucional; nunca el correo de una persona."),
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personal"),
        related_name="contact_points",
        blank=True,
    )

    class Meta:
        verbose_name = _("punto nacional de contacto sectorial")
        verbose_name_plural = _("puntos nacionales de contacto sectorial")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("pncs_workspace:contact_point", kwargs={"slug": self.slug})

    @property
    def public_contact_url(self):
        """The public contact channel when it is a web address (shown as a link), else ''."""
        if self.public_contact.startswith(("https://", "http://")):
            return self.public_contact
        return ""


class LineOfWork(models.TextChoices):
    """The work lines the PNCS agree with the network (see DESIGN.md)."""

    INTERNSHIPS = "internships", _("Programa de pasantías")
    MENTORING = "mentoring", _("Mentoría a instituciones mexicanas")
    VISITS = "visits", _("Visitas de miembros a México")
    EVALUATION = "evaluation", _("Comités de evaluación de proyectos")
    COOPERATION = "cooperation", _("Programas de cooperación técnica o científica")
    WEBSITE = "website", _("Contenidos para el sitio web")
    EXPERT_DATABASE = "expert_database", _("Base de datos de expertos del sector")
    BUSINESS = "business", _("Oportunidades de negocio y misiones")
    INNOVATION = "innovation", _("Proyectos binacionales de innovación")
    CHAPTERS = "chapters", _("Trabajo con los capítulos")
    JORNADAS = "jornadas", _("Apoyo a las Jornadas Informativas")


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planeada")
    IN_PROGRESS = "in_progress", _("En curso")
    DONE = "done", _("Concluida")
    CANCELLED = "cancelled", _("Cancelada")


# The allowed changes of an activity's status, the only ones (the workspace form, the admin and
# the Jornadas follow-ups all ask here): planned -> in progress -> done, and cancelled from either
# of the first two. Done and cancelled are final. A new activity may start in any status (a past
# activity is recorded as done).
ACTIVITY_TRANSITIONS = {
    ActivityStatus.PLANNED: {ActivityStatus.IN_PROGRESS, ActivityStatus.CANCELLED},
    ActivityStatus.IN_PROGRESS: {ActivityStatus.DONE, ActivityStatus.CANCELLED},
    ActivityStatus.DONE: set(),
    ActivityStatus.CANCELLED: set(),
}


ACTIVITY_WORKFLOW = Workflow(
    ActivityStatus,
    ACTIVITY_TRANSITIONS,
    refused=_("Una actividad «%(current)s» no puede pasar a «%(wanted)s»."),
)


class WorkProgrammeActivity(Stateful, models.Model):
    """One activity of a contact point's work programme with the network."""

    LineOfWork = LineOfWork
    Status = ActivityStatus
    workflow = ACTIVITY_WORKFLOW

    contact_point = models.ForeignKey(
        ContactPoint,
        verbose_name=_("punto de contacto"),
        on_delete=models.CASCADE,
        related_name="activities",
    )
    title = models.CharField(_("título"), max_length=200)
    line_of_work = models.CharField(
        _("línea de trabajo"), max_length=20, choices=LineOfWork.choices
    )
    description = models.TextField(_("descripción"), max_length=5000, blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsable"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pncs_activities_responsible",
    )
    responsible_name = models.CharField(
        _("responsable (otra persona)"),
        max_length=150,
        blank=True,
        help_text=_("Si la persona responsable no es parte del personal del PNCS."),
    )
    starts_on = models.DateField(_("inicio"))
    ends_on = models.DateField(
        _("término"), null=True, blank=True, help_text=_("Déjalo vacío si aún no tiene fecha.")
    )
    status = models.CharField(
        _("estado"), max_length=12, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    chapters = models.ManyToManyField(
        "chapters.Chapter",
        verbose_name=_("capítulos vinculados"),
        related_name="pncs_activities",
        blank=True,
    )
    # Only members who consented to PNCS search (checked by the form, see pncs.forms).
    members = models.ManyToManyField(
        "members.Member",
        verbose_name=_("miembros vinculados"),
        related_name="pncs_activities",
        blank=True,
    )
    outcomes = models.TextField(_("resultados"), max_length=5000, blank=True)
    created_at = models.DateTimeField(_("creada"), auto_now_add=True)
    updated_at = models.DateTimeField(_("actualizada"), auto_now=True)

    class Meta:
        verbose_name = _("actividad del programa de trabajo")
        verbose_name_plural = _("actividades del programa de trabajo")
        ordering = ["-starts_on", "title", "pk"]
        indexes = [
            models.Index(fields=["contact_point", "status"], name="pncs_activity_cp_status_idx"),
            models.Index(
                fields=["contact_point", "line_of_work"], name="pncs_activity_cp_line_idx"
            ),
            models.Index(fields=["-starts_on"], name="pncs_activity_starts_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="pncs_activity_ends_after_starts",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ActivityStatus.values), name="pncs_activity_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(line_of_work__in=LineOfWork.values), name="pncs_activity_line_valid"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("pncs_workspace:activity_detail", kwargs={"pk": self.pk})

    @property
    def responsible_display(self):
        """Who is responsible, by name (never an email address), or ''."""
        if self.responsible_id:
            return self.responsible.full_name or _("Cuenta sin nombre")
        return self.responsible_name


class ActivityStatusChange(StatusChange):
    """One change of an activity's status (its creation too, from no status): the history."""

    activity = models.ForeignKey(
        WorkProgrammeActivity,
        verbose_name=_("actividad"),
        on_delete=models.CASCADE,
        related_name="history",
    )
    from_status = models.CharField(
        _("de"), max_length=12, choices=ActivityStatus.choices, blank=True
    )
    to_status = models.CharField(_("a"), max_length=12, choices=ActivityStatus.choices)

    class Meta(StatusChange.Meta):
        verbose_name = _("cambio de estado de una actividad")
        verbose_name_plural = _("cambios de estado de las actividades")
        constraints = [
            models.CheckConstraint(
                condition=Q(to_status__in=ActivityStatus.values),
                name="pncs_statuschange_to_valid",
            ),
            models.CheckConstraint(
                condition=Q(from_status__in=["", *ActivityStatus.values]),
                name="pncs_statuschange_from_valid",
            ),
        ]

    def __str__(self):
        return f"{self.activity} · {self.get_to_status_display()}"
