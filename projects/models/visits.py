"""Expert visits to Mexico (/proyectos/visitas/): a Mexican institution or a PNCS asks for a
member's visit (objectives, a window of two to six weeks, what the host covers, the expertise
needed); the staff of its sector suggest experts from the directory, invite them through the
brokered channel and record the visit (itinerary, activities, the expert's report afterwards).
The allowed status changes are the table below (projects.visits refuses the rest with a
message); every change is kept in the history."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from redtalentos.lib.workflows import Stateful, StatusChange, Workflow

MIN_WINDOW_DAYS = 14
MAX_WINDOW_DAYS = 42
MIN_WINDOW = timedelta(days=MIN_WINDOW_DAYS)
MAX_WINDOW = timedelta(days=MAX_WINDOW_DAYS)


class VisitStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Recibida")
    IN_REVIEW = "in_review", _("En revisión")
    EXPERT_INVITED = "expert_invited", _("Experto invitado")
    CONFIRMED = "confirmed", _("Confirmada")
    COMPLETED = "completed", _("Realizada")
    CANCELLED = "cancelled", _("Cancelada")


VS = VisitStatus
# The only changes a visit request's status may make. `expert_invited` is entered by inviting
# an expert and `confirmed` by their acceptance (projects.visits); an invitation declined lets
# the staff go back to the review and invite someone else.
VISIT_TRANSITIONS = {
    VS.SUBMITTED: {VS.IN_REVIEW, VS.CANCELLED},
    VS.IN_REVIEW: {VS.EXPERT_INVITED, VS.CANCELLED},
    VS.EXPERT_INVITED: {VS.CONFIRMED, VS.IN_REVIEW, VS.CANCELLED},
    VS.CONFIRMED: {VS.COMPLETED, VS.CANCELLED},
}
VISIT_WORKFLOW = Workflow(
    VisitStatus,
    VISIT_TRANSITIONS,
    refused=_("Una solicitud de visita «%(current)s» no puede pasar a «%(wanted)s»."),
)
# Moves made by the services themselves, never through the status buttons.
SYSTEM_MOVES = {(VS.IN_REVIEW, VS.EXPERT_INVITED), (VS.EXPERT_INVITED, VS.CONFIRMED)}
# What the requester may do with their own request: withdraw it before it is confirmed.
REQUESTER_MOVES = {
    (VS.SUBMITTED, VS.CANCELLED),
    (VS.IN_REVIEW, VS.CANCELLED),
    (VS.EXPERT_INVITED, VS.CANCELLED),
}


class VisitRequest(Stateful, models.Model):
    Status = VisitStatus
    workflow = VISIT_WORKFLOW

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("solicitante"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="visit_requests",
    )
    institution = models.CharField(_("institución anfitriona"), max_length=200)
    city = models.CharField(_("ciudad"), max_length=120)
    sector = models.ForeignKey(
        "pncs.Sector",
        verbose_name=_("sector"),
        on_delete=models.PROTECT,
        related_name="visit_requests",
    )
    objectives = models.TextField(_("objetivos de la visita"), max_length=4000)
    expertise = models.CharField(_("experiencia que se busca"), max_length=300)
    window_start = models.DateField(_("desde"))
    window_end = models.DateField(_("hasta"))
    covers_lodging = models.BooleanField(_("hospedaje"), default=False)
    covers_per_diem = models.BooleanField(_("viáticos"), default=False)
    covers_local_transport = models.BooleanField(_("transporte local"), default=False)
    status = models.CharField(
        _("estado"), max_length=14, choices=VisitStatus.choices, default=VS.SUBMITTED
    )
    created_at = models.DateTimeField(_("creada"), default=timezone.now)
    updated_at = models.DateTimeField(_("actualizada"), auto_now=True)

    class Meta:
        verbose_name = _("solicitud de visita")
        verbose_name_plural = _("solicitudes de visita")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["sector", "status"], name="projects_visitreq_sector_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(window_end__gte=F("window_start") + MIN_WINDOW)
                & Q(window_end__lte=F("window_start") + MAX_WINDOW),
                name="projects_visitrequest_window_2_to_6_weeks",
            )
        ]

    def __str__(self):
        return f"{self.institution} · {self.expertise}"

    def get_absolute_url(self):
        return reverse("projects:visit_detail", kwargs={"uuid": self.uuid})

    def covers(self):
        """The labels of what the host covers."""
        return [
            str(self._meta.get_field(name).verbose_name)
            for name in ("covers_lodging", "covers_per_diem", "covers_local_transport")
            if getattr(self, name)
        ]


class VisitChange(StatusChange):
    """One change of a visit request's status: who, from, to, why, when."""

    request = models.ForeignKey(
        VisitRequest, on_delete=models.CASCADE, related_name="history", verbose_name=_("solicitud")
    )
    from_status = models.CharField(_("de"), max_length=14, choices=VisitStatus.choices)
    to_status = models.CharField(_("a"), max_length=14, choices=VisitStatus.choices)

    class Meta(StatusChange.Meta):
        verbose_name = _("cambio de una solicitud de visita")
        verbose_name_plural = _("cambios de las solicitudes de visita")


class VisitInvitation(models.Model):
    """The staff's invitation to an expert: an introduction request of the brokered channel (the
    member's budget and pause count; addresses are shared only on acceptance). Accepting records
    the visit with the expert (projects.visits)."""

    request = models.ForeignKey(
        VisitRequest,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("solicitud"),
    )
    introduction = models.OneToOneField(
        "members.IntroductionRequest",
        on_delete=models.CASCADE,
        related_name="visit_invitation",
    )
    created_at = models.DateTimeField(_("enviada"), default=timezone.now)

    class Meta:
        verbose_name = _("invitación a una visita")
        verbose_name_plural = _("invitaciones a visitas")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.request} · {self.introduction_id}"


class Visit(models.Model):
    """The visit agreed with the expert: dates, itinerary, activities and their report."""

    request = models.OneToOneField(
        VisitRequest, on_delete=models.CASCADE, related_name="visit", verbose_name=_("solicitud")
    )
    expert = models.ForeignKey(
        "members.Member",
        verbose_name=_("experto"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="visits",
    )
    arrives_on = models.DateField(_("llegada"), null=True, blank=True)
    leaves_on = models.DateField(_("salida"), null=True, blank=True)
    itinerary = models.TextField(_("itinerario"), max_length=6000, blank=True)
    report = models.TextField(_("informe del experto"), max_length=6000, blank=True)
    report_at = models.DateTimeField(_("informe entregado"), null=True, blank=True)

    class Meta:
        verbose_name = _("visita")
        verbose_name_plural = _("visitas")
        ordering = ["-arrives_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(leaves_on__gte=F("arrives_on"))
                | Q(leaves_on__isnull=True)
                | Q(arrives_on__isnull=True),
                name="projects_visit_leaves_after_arrival",
            )
        ]

    def __str__(self):
        return str(self.request)

    def get_absolute_url(self):
        return self.request.get_absolute_url()


class VisitActivity(models.Model):
    """A talk, meeting, mentoring session or Jornadas session of the visit."""

    class Kind(models.TextChoices):
        TALK = "talk", _("Charla")
        MEETING = "meeting", _("Reunión")
        MENTORING = "mentoring", _("Sesión de mentoría")
        JORNADAS = "jornadas", _("Sesión de las Jornadas")

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(_("tipo"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("título"), max_length=200)
    when = models.DateTimeField(_("cuándo"))
    place = models.CharField(_("lugar"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("actividad de la visita")
        verbose_name_plural = _("actividades de las visitas")
        ordering = ["when", "pk"]

    def __str__(self):
        return self.title
