"""The relationship itself: a mentorship proposed through the brokered channel, the history of
its status (MENTORSHIP_TRANSITIONS is the one table of allowed changes) and its check-ins."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from redtalentos.lib.workflows import Stateful, StatusChange, Workflow

from .requests import Request

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
MENTORSHIP_WORKFLOW = Workflow(
    MentorshipStatus,
    MENTORSHIP_TRANSITIONS,
    refused=_("Una mentoría «%(current)s» no puede pasar a «%(wanted)s»."),
)
HOLDS_A_PLACE = (MS.PROPOSED, MS.ACTIVE)  # what counts in the mentor's load


class Mentorship(Stateful, models.Model):
    workflow = MENTORSHIP_WORKFLOW

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

    @property
    def mentor_name(self):
        return self.mentor.full_name if self.mentor is not None else _("Cuenta eliminada")


class MentorshipChange(StatusChange):
    """One change of a mentorship's status: who (empty for the system), from, to, why, when."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(_("de"), max_length=10, choices=MentorshipStatus.choices)
    to_status = models.CharField(_("a"), max_length=10, choices=MentorshipStatus.choices)

    class Meta(StatusChange.Meta):
        verbose_name = _("cambio de una mentoría")
        verbose_name_plural = _("cambios de las mentorías")


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
