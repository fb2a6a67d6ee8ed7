"""After the edition: follow-up actions per sector, and the attendees' feedback survey."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .agenda import Edition, Session
from .registration import Registration


class FollowUp(models.Model):
    """A follow-up action of an edition for one sector. The action itself (what, responsible, due
    date, status and its history) is an activity of the work programme of a PNCS of that sector,
    line of work Jornadas, so that it appears in that programme with its filters, export and
    printed report; this row links it back to the edition (jornadas.follow_ups)."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("edición"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    sector = models.ForeignKey(
        "pncs.Sector",
        verbose_name=_("sector"),
        on_delete=models.PROTECT,
        related_name="jornadas_follow_ups",
    )
    activity = models.OneToOneField(
        "pncs.WorkProgrammeActivity",
        verbose_name=_("actividad del programa de trabajo"),
        on_delete=models.CASCADE,
        related_name="jornadas_follow_up",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrada por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="jornadas_follow_ups_created",
    )
    created_at = models.DateTimeField(_("registrada"), auto_now_add=True)

    class Meta:
        verbose_name = _("acción de seguimiento")
        verbose_name_plural = _("acciones de seguimiento")
        ordering = ["edition", "sector__position", "activity__ends_on", "pk"]
        indexes = [
            models.Index(fields=["edition", "sector"], name="jornadas_followup_sector_idx"),
        ]

    def __str__(self):
        return self.activity.title

    def get_absolute_url(self):
        return reverse(
            "jornadas:follow_up_detail", kwargs={"slug": self.edition.slug, "pk": self.pk}
        )


class SurveyResponse(models.Model):
    """An attendee's answer to an edition's feedback survey. IME reads the answers without names:
    the registration is kept only so that nobody answers twice and so that the answer goes with
    the account (jornadas.personal_data)."""

    registration = models.OneToOneField(
        Registration,
        verbose_name=_("registro"),
        on_delete=models.CASCADE,
        related_name="survey_response",
    )
    rating = models.PositiveSmallIntegerField(_("calificación general"))
    comment = models.TextField(_("comentario"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("respondida"), auto_now_add=True)

    class Meta:
        verbose_name = _("respuesta a la encuesta")
        verbose_name_plural = _("respuestas a la encuesta")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1) & Q(rating__lte=5),
                name="jornadas_surveyresponse_rating_1_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.rating}/5"


class SessionRating(models.Model):
    """The rating an attendee gave to one session of their agenda in the survey."""

    response = models.ForeignKey(
        SurveyResponse,
        verbose_name=_("respuesta"),
        on_delete=models.CASCADE,
        related_name="session_ratings",
    )
    session = models.ForeignKey(
        Session, verbose_name=_("sesión"), on_delete=models.CASCADE, related_name="ratings"
    )
    rating = models.PositiveSmallIntegerField(_("calificación"))

    class Meta:
        verbose_name = _("calificación de una sesión")
        verbose_name_plural = _("calificaciones de las sesiones")
        ordering = ["session__starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "session"], name="jornadas_sessionrating_once_per_session"
            ),
            models.CheckConstraint(
                condition=Q(rating__gte=1) & Q(rating__lte=5),
                name="jornadas_sessionrating_rating_1_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.session} · {self.rating}/5"
