"""Introduction requests: the brokered channel to a member, who shares their address only if
they accept."""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .accounts import User
from .profiles import Member


class IntroductionRequest(models.Model):
    """A request to be put in touch with a member; emails are shared only if they accept."""

    class Purpose(models.TextChoices):
        COLLABORATION = "collaboration", _("Colaboración profesional")
        MENTORING = "mentoring", _("Mentoría")
        PROJECT = "project", _("Proyecto binacional")
        INTERNSHIP = "internship", _("Pasantía o estancia")
        EVENT = "event", _("Evento o conferencia en México")
        EVALUATION = "evaluation", _("Comité de evaluación")
        OTHER = "other", _("Otro")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pendiente")
        ACCEPTED = "accepted", _("Aceptada")
        DECLINED = "declined", _("Declinada")
        EXPIRED = "expired", _("Vencida")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Both sides survive an account deletion as anonymised records (audit trail).
    requester = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        related_name="introductions_sent",
        verbose_name=_("solicitante"),
    )
    member = models.ForeignKey(
        Member,
        on_delete=models.SET_NULL,
        null=True,
        related_name="introductions_received",
        verbose_name=_("miembro"),
    )
    purpose = models.CharField(_("propósito"), max_length=20, choices=Purpose.choices)
    message = models.TextField(_("mensaje"), max_length=1000)
    status = models.CharField(
        _("estado"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("enviada"), default=timezone.now)
    answered_at = models.DateTimeField(_("respondida"), null=True, blank=True)

    class Meta:
        verbose_name = _("solicitud de presentación")
        verbose_name_plural = _("solicitudes de presentación")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["member", "created_at"], name="members_intro_member_idx"),
            models.Index(fields=["requester", "status"], name="members_intro_requester_idx"),
        ]

    def __str__(self):
        return f"{self.get_purpose_display()} · {self.get_status_display()}"
