"""The matching runs that IME reviews and approves before their offers go out."""

from uuid import uuid4

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .cycles import Cycle


class MatchingStatus(models.TextChoices):
    DRAFT = "draft", _("Por revisar")
    APPROVED = "approved", _("Aprobada")
    DISCARDED = "discarded", _("Descartada")


class MatchingRun(models.Model):
    """One run of the student-proposing deferred acceptance over a cycle: the inputs it read
    (students' ranks, hosts' ranks, seats) and the result, kept as they were. IME reviews a draft
    and approves it (the offers go out then) or discards it; a cycle has at most one approved
    run."""

    Status = MatchingStatus

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    cycle = models.ForeignKey(
        Cycle, verbose_name=_("ciclo"), on_delete=models.PROTECT, related_name="matching_runs"
    )
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("corrida por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="internship_matching_runs",
    )
    created_at = models.DateTimeField(_("fecha"), default=timezone.now)
    inputs = models.JSONField(_("datos de entrada"), default=dict)
    result = models.JSONField(_("resultado"), default=dict)
    status = models.CharField(
        _("estado"), max_length=10, choices=MatchingStatus.choices, default=MatchingStatus.DRAFT
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aprobada por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="internship_matching_approvals",
    )
    approved_at = models.DateTimeField(_("aprobada"), null=True, blank=True)

    class Meta:
        verbose_name = _("asignación")
        verbose_name_plural = _("asignaciones")
        ordering = ["cycle", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=MatchingStatus.values),
                name="internships_matchingrun_status_valid",
            ),
            models.UniqueConstraint(
                fields=["cycle"],
                condition=Q(status="approved"),
                name="internships_matchingrun_one_approved",
            ),
        ]

    def __str__(self):
        return gettext("Asignación de %(cycle)s, %(when)s") % {
            "cycle": self.cycle,
            "when": timezone.localtime(self.created_at).strftime("%Y-%m-%d %H:%M"),
        }
