"""Mentoring: members abroad offer to mentor (MentorOffer), people in Mexico ask for it (Request),
alone or through a cohort that IME or a PNCS opens (Cohort, whose places are the capacity
engine's seats: CohortPlace), staff or the mentee propose a mentor and the mentor answers through
the brokered channel (Mentorship, proposed with an introduction request), and the relationship
keeps monthly check-ins until it is completed or cancelled.

A mentor's load (proposals waiting plus active mentorships) is kept on their offer row, changed
only by mentoring.services under that row's lock, so that no number of simultaneous proposals
and acceptances takes a mentor over the capacity they set.
"""

import datetime
import uuid
import zoneinfo

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from members.models import Language
from redtalentos.lib.capacity import SeatLog, SeatRequest

MEXICO_ZONE = "America/Mexico_City"
HOURS = [(hour, f"{hour:02d}:00") for hour in range(25)]


def hours_mask(zone, start, end, *, on=None):
    """The hours of the day (UTC) from `start` to `end` o'clock in `zone`, as 24 bits (bit h is
    the hour h:00-h:59 UTC), with the zone's offset on `on` (today). `end` ≤ `start` wraps past
    midnight; equal hours are a whole day."""
    on = on or timezone.now().date()
    offset = datetime.datetime.combine(on, datetime.time(12), zoneinfo.ZoneInfo(zone)).utcoffset()
    shift = round(offset.total_seconds() / 3600)
    length = (end - start) % 24 or 24
    mask = 0
    for hour in range(start, start + length):
        mask |= 1 << ((hour - shift) % 24)
    return mask


class Format(models.TextChoices):
    VIDEO = "video", _("Videollamada")
    EMAIL = "email", _("Correo electrónico")
    IN_PERSON = "in_person", _("En persona, durante visitas a México")


def _search_document():
    # The offer's own words: what the mentor says they mentor on, in Spanish and in English.
    return SearchVector("topics", config="rt_es") + SearchVector("topics", config="rt_en")


class MentorOffer(models.Model):
    """A member's offer to mentor: how many mentees at once, on what, in which languages, when
    (their hours in their time zone) and how; they may pause it. `load` counts proposals waiting
    for their answer and active mentorships."""

    member = models.OneToOneField(
        "members.Member",
        verbose_name=_("miembro"),
        on_delete=models.CASCADE,
        related_name="mentor_offer",
    )
    capacity = models.PositiveSmallIntegerField(
        _("mentorías a la vez"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    sectors = models.ManyToManyField(
        "pncs.Sector", verbose_name=_("sectores"), related_name="mentor_offers"
    )
    topics = models.TextField(
        _("temas"),
        max_length=1000,
        help_text=_("En qué puedes orientar, separado por comas: «exportación, inocuidad, …»."),
    )
    languages = ArrayField(
        models.CharField(max_length=5, choices=Language.choices),
        verbose_name=_("idiomas"),
        default=list,
    )
    time_zone = models.CharField(_("zona horaria"), max_length=64)
    hours_from = models.PositiveSmallIntegerField(
        _("disponible desde"), choices=HOURS[:24], default=9
    )
    hours_to = models.PositiveSmallIntegerField(
        _("disponible hasta"), choices=HOURS[1:], default=18
    )
    utc_hours = models.IntegerField(default=0, editable=False)  # hours_mask(), kept by save()
    formats = ArrayField(
        models.CharField(max_length=10, choices=Format.choices),
        verbose_name=_("formatos"),
        default=list,
    )
    hours_per_month = models.PositiveSmallIntegerField(
        _("horas al mes"), default=2, validators=[MinValueValidator(1), MaxValueValidator(40)]
    )
    paused = models.BooleanField(
        _("en pausa"),
        default=False,
        help_text=_("Mientras está en pausa no te proponemos mentorías nuevas."),
    )
    load = models.PositiveSmallIntegerField(_("mentorías en curso o propuestas"), default=0)
    # The sectors' ids, copied by mentoring.services.save_offer for the suggestions' filter.
    sector_ids = ArrayField(models.IntegerField(), default=list, editable=False)
    search = models.GeneratedField(
        expression=_search_document(), output_field=SearchVectorField(), db_persist=True
    )
    created_at = models.DateTimeField(_("creada"), auto_now_add=True)
    updated_at = models.DateTimeField(_("actualizada"), auto_now=True)

    class Meta:
        verbose_name = _("oferta de mentoría")
        verbose_name_plural = _("ofertas de mentoría")
        indexes = [
            # The mentors who take proposals now: by their words, or by their sectors (the m2m).
            GinIndex(
                fields=["search"], name="mentoring_offer_search_idx", condition=Q(paused=False)
            ),
            GinIndex(
                fields=["sector_ids"],
                name="mentoring_offer_sectors_idx",
                condition=Q(paused=False),
            ),
        ]

    def __str__(self):
        return str(self.member)

    def save(self, *args, **kwargs):
        self.utc_hours = hours_mask(self.time_zone, self.hours_from, self.hours_to)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "utc_hours"}
        super().save(*args, **kwargs)

    @property
    def free_places(self):
        return max(self.capacity - self.load, 0)

    @property
    def takes_proposals(self):
        return not self.paused and self.free_places > 0


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


class Request(models.Model):
    """Someone in Mexico asking for a mentor: what for, on what, in which languages and when."""

    Status = RequestStatus

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
        from .services import place_moved

        place_moved(self, action)


class CohortPlaceLog(SeatLog):
    request = models.ForeignKey(CohortPlace, on_delete=models.CASCADE, related_name="log")


# The relationship


class MentorshipStatus(models.TextChoices):
    PROPOSED = "proposed", _("Propuesta")
    ACTIVE = "active", _("Activa")
    COMPLETED = "completed", _("Concluida")
    CANCELLED = "cancelled", _("Cancelada")
    DECLINED = "declined", _("Declinada por el mentor")
    EXPIRED = "expired", _("Propuesta vencida")


MS = MentorshipStatus
# The only changes a mentorship's status may make. Declined and expired proposals end there and
# send the request back to the queue; completed and cancelled are the relationship's endings.
MENTORSHIP_TRANSITIONS = {
    MS.PROPOSED: {MS.ACTIVE, MS.DECLINED, MS.EXPIRED, MS.CANCELLED},
    MS.ACTIVE: {MS.COMPLETED, MS.CANCELLED},
}
HOLDS_A_PLACE = (MS.PROPOSED, MS.ACTIVE)  # what counts in the mentor's load


class Mentorship(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    request = models.ForeignKey(
        Request, verbose_name=_("solicitud"), on_delete=models.CASCADE, related_name="mentorships"
    )
    # Empty once the mentor's account is deleted: the mentee keeps the record of what they did
    # (their deletion ends every live mentorship first: mentoring.personal_data).
    mentor = models.ForeignKey(
        "members.Member",
        verbose_name=_("mentor"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="mentorships",
    )
    introduction = models.OneToOneField(
        "members.IntroductionRequest",
        verbose_name=_("solicitud de presentación"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentorship",
    )
    status = models.CharField(
        _("estado"), max_length=10, choices=MentorshipStatus.choices, default=MS.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("propuesta por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentorships_proposed",
    )
    reasons = models.JSONField(_("razones de la sugerencia"), default=list, blank=True)
    proposed_at = models.DateTimeField(_("propuesta"), default=timezone.now)
    expires_at = models.DateTimeField(_("vence"))
    started_on = models.DateField(_("inicio"), null=True, blank=True)
    ended_on = models.DateField(_("fin"), null=True, blank=True)
    end_reason = models.TextField(_("motivo del final"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("mentoría")
        verbose_name_plural = _("mentorías")
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            # One proposal or relationship at a time per request.
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(status__in=HOLDS_A_PLACE),
                name="mentoring_one_live_mentorship_per_request",
            ),
            # A mentor is never proposed twice for the same request.
            models.UniqueConstraint(fields=["request", "mentor"], name="mentoring_mentor_once"),
        ]
        indexes = [
            models.Index(fields=["mentor", "status"], name="mentoring_mentorship_mentor"),
            models.Index(fields=["status", "expires_at"], name="mentoring_mentorship_expiry"),
        ]

    def __str__(self):
        return f"{self.mentor} · {self.get_status_display()}"

    def get_absolute_url(self):
        return reverse("mentoring:mentorship_detail", kwargs={"uuid": self.uuid})

    def allows(self, status):
        return status in MENTORSHIP_TRANSITIONS.get(self.status, set())

    @property
    def mentor_name(self):
        return self.mentor.full_name if self.mentor is not None else _("Cuenta eliminada")


class MentorshipChange(models.Model):
    """One change of a mentorship's status: who (empty for the system), from, to, why, when."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="history")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("quién"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentorship_changes",
    )
    from_status = models.CharField(_("de"), max_length=10, choices=MentorshipStatus.choices)
    to_status = models.CharField(_("a"), max_length=10, choices=MentorshipStatus.choices)
    note = models.TextField(_("nota"), max_length=2000, blank=True)
    at = models.DateTimeField(_("cuándo"), default=timezone.now)

    class Meta:
        verbose_name = _("cambio de una mentoría")
        verbose_name_plural = _("cambios de las mentorías")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.from_status} → {self.to_status}"


class CheckIn(models.Model):
    """A month of an active mentorship: the mentee's progress, the mentor's feedback and hours.
    The reminders (`remind_mentoring_check_ins`) make the row of a month that has none."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="check_ins")
    month = models.DateField(_("mes"))  # its first day
    progress = models.TextField(_("avance"), max_length=3000, blank=True)
    progress_at = models.DateTimeField(null=True, blank=True)
    feedback = models.TextField(_("retroalimentación"), max_length=3000, blank=True)
    hours = models.DecimalField(
        _("horas"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(200)],
    )
    feedback_at = models.DateTimeField(null=True, blank=True)
    mentee_reminded_at = models.DateTimeField(null=True, blank=True)
    mentor_reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("seguimiento mensual")
        verbose_name_plural = _("seguimientos mensuales")
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["mentorship", "month"], name="mentoring_checkin_month"),
            models.CheckConstraint(
                condition=Q(hours__isnull=True) | Q(hours__gte=0),
                name="mentoring_checkin_hours_positive",
            ),
        ]

    def __str__(self):
        return f"{self.mentorship_id} · {self.month:%Y-%m}"

    @property
    def complete(self):
        return bool(self.progress_at and self.feedback_at)
