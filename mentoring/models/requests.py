"""What people in Mexico ask for: requests for a mentor, alone or in a cohort, whose places are
the capacity engine's seats (CohortPlace)."""

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from members.models import Language
from redtalentos.lib.capacity import SeatLog, SeatRequest
from redtalentos.lib.workflows import Stateful, StatusChange, Workflow

from .offers import HOURS, MEXICO_ZONE, hours_mask

# Cohorts


class CohortQuerySet(models.QuerySet):
    def open(self, today=None):
        today = today or timezone.localdate()
        return self.filter(applications_close__gte=today)


class Cohort(models.Model):
    """A group opened by IME or a PNCS (e.g. "Mentoría a pymes agroalimentarias 2027"): its dates,
    sectors and places. Applications take a place first come, first served, then wait in line
    (the capacity engine); each application with a place joins the queue of requests."""

    name = models.CharField(_("nombre"), max_length=150, unique=True)
    name_en = models.CharField(_("nombre en inglés"), max_length=150, blank=True)
    slug = models.SlugField(_("identificador en URL"), max_length=80, unique=True)
    description = models.TextField(_("descripción"), max_length=5000)
    sectors = models.ManyToManyField(
        "pncs.Sector", verbose_name=_("sectores"), related_name="mentoring_cohorts"
    )
    places = models.PositiveSmallIntegerField(
        _("lugares"), validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )
    applications_close = models.DateField(_("cierre de solicitudes"))
    starts_on = models.DateField(_("inicio"))
    ends_on = models.DateField(_("fin"))
    mentee_picks = models.BooleanField(
        _("quien pide elige a su mentor"),
        default=False,
        help_text=_(
            "Quien tiene lugar en el grupo elige entre las sugerencias, sin esperar al personal."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("abierto por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentoring_cohorts_created",
    )
    created_at = models.DateTimeField(_("creado"), auto_now_add=True)

    objects = CohortQuerySet.as_manager()

    class Meta:
        verbose_name = _("grupo de mentoría")
        verbose_name_plural = _("grupos de mentoría")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__gte=F("applications_close"))
                & Q(ends_on__gte=F("starts_on")),
                name="mentoring_cohort_dates_in_order",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("mentoring:cohort_detail", kwargs={"slug": self.slug})

    @property
    def display_name(self):
        return (
            self.name_en if self.name_en and (get_language() or "").startswith("en") else self.name
        )

    def accepts_applications(self, today=None):
        return (today or timezone.localdate()) <= self.applications_close


# Requests


class RequestStatus(models.TextChoices):
    WAITLISTED = "waitlisted", _("En lista de espera del grupo")
    OPEN = "open", _("Buscando mentor")
    PROPOSED = "proposed", _("Propuesta enviada a un mentor")
    MATCHED = "matched", _("Con mentor")
    COMPLETED = "completed", _("Mentoría concluida")
    WITHDRAWN = "withdrawn", _("Retirada")
    CLOSED = "closed", _("Cerrada por el personal")


RS = RequestStatus
# The only changes a request's status may make. A request in a cohort waits for its place, then
# joins the queue (open); a proposal to a mentor makes it proposed, their acceptance matched; a
# declined, expired or cancelled proposal, or a mentorship ended by the mentor or staff, sends it
# back to the queue. The mentee may withdraw it, staff close one still waiting, and a cohort
# place offered and not taken closes it. Completed, withdrawn and closed are final.
REQUEST_TRANSITIONS = {
    RS.WAITLISTED: {RS.OPEN, RS.CLOSED, RS.WITHDRAWN},
    RS.OPEN: {RS.PROPOSED, RS.CLOSED, RS.WITHDRAWN},
    RS.PROPOSED: {RS.MATCHED, RS.OPEN, RS.WITHDRAWN},
    RS.MATCHED: {RS.COMPLETED, RS.OPEN, RS.WITHDRAWN},
}
REQUEST_WORKFLOW = Workflow(
    RequestStatus,
    REQUEST_TRANSITIONS,
    refused=_("Una solicitud de mentoría «%(current)s» no puede pasar a «%(wanted)s»."),
)


class Request(Stateful, models.Model):
    """Someone in Mexico asking for a mentor: what for, on what, in which languages and when."""

    Status = RequestStatus
    workflow = REQUEST_WORKFLOW

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    mentee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("quien pide"),
        on_delete=models.CASCADE,
        related_name="mentoring_requests",
    )
    cohort = models.ForeignKey(
        Cohort,
        verbose_name=_("grupo"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
    )
    goal = models.TextField(_("objetivo"), max_length=2000)
    organisation = models.CharField(
        _("institución, empresa o programa"), max_length=200, blank=True
    )
    sector = models.ForeignKey(
        "pncs.Sector",
        verbose_name=_("sector"),
        on_delete=models.PROTECT,
        related_name="mentoring_requests",
    )
    topics = models.CharField(_("temas"), max_length=500)
    languages = ArrayField(
        models.CharField(max_length=5, choices=Language.choices),
        verbose_name=_("idiomas"),
        default=list,
    )
    time_zone = models.CharField(_("zona horaria"), max_length=64, default=MEXICO_ZONE)
    hours_from = models.PositiveSmallIntegerField(
        _("horario preferido desde"), choices=HOURS[:24], default=9
    )
    hours_to = models.PositiveSmallIntegerField(
        _("horario preferido hasta"), choices=HOURS[1:], default=18
    )
    utc_hours = models.IntegerField(default=0, editable=False)
    status = models.CharField(
        _("estado"), max_length=12, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    closing_note = models.TextField(_("motivo del cierre"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("creada"), default=timezone.now)
    updated_at = models.DateTimeField(_("actualizada"), auto_now=True)

    class Meta:
        verbose_name = _("solicitud de mentoría")
        verbose_name_plural = _("solicitudes de mentoría")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["status", "sector", "created_at"], name="mentoring_request_queue"),
            models.Index(fields=["mentee", "status"], name="mentoring_request_mentee"),
        ]

    def __str__(self):
        return f"{self.goal[:60]}"

    def save(self, *args, **kwargs):
        self.utc_hours = hours_mask(self.time_zone, self.hours_from, self.hours_to)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "utc_hours"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("mentoring:request_detail", kwargs={"uuid": self.uuid})

    @property
    def is_open(self):
        return self.status in (RequestStatus.WAITLISTED, RequestStatus.OPEN, RequestStatus.PROPOSED)

    @property
    def topic_list(self):
        return [topic.strip() for topic in self.topics.split(",") if topic.strip()][:10]


class RequestChange(StatusChange):
    """One change of a request's status; its creation is the first row (from empty)."""

    request = models.ForeignKey(
        Request, verbose_name=_("solicitud"), on_delete=models.CASCADE, related_name="history"
    )
    from_status = models.CharField(
        _("de"), max_length=10, choices=RequestStatus.choices, blank=True
    )
    to_status = models.CharField(_("a"), max_length=10, choices=RequestStatus.choices)

    class Meta(StatusChange.Meta):
        verbose_name = _("cambio de estado de una solicitud de mentoría")
        verbose_name_plural = _("cambios de estado de las solicitudes de mentoría")


class CohortPlace(SeatRequest):
    """A request's place in its cohort (the capacity engine's seat)."""

    holder_field = "cohort"

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="seats")
    request = models.OneToOneField(Request, on_delete=models.CASCADE, related_name="place")

    class Meta:
        verbose_name = _("lugar en un grupo")
        verbose_name_plural = _("lugares en grupos")
        indexes = [models.Index(fields=["cohort", "status"], name="mentoring_place_holder")]

    @classmethod
    def capacity_of(cls, holder):
        return holder.places

    def notify(self, action):
        from ..services import place_moved

        place_moved(self, action)


class CohortPlaceLog(SeatLog):
    request = models.ForeignKey(CohortPlace, on_delete=models.CASCADE, related_name="log")
