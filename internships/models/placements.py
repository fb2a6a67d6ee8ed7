"""The internship itself once an offer is accepted, and the evaluations at its end;
PLACEMENT_TRANSITIONS is the one table of allowed status changes."""

from uuid import uuid4

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from redtalentos.lib.workflows import Stateful, StatusChange, TransitionRefused, Workflow

from .applications import Application


class PlacementStatus(models.TextChoices):
    PLANNED = "planned", _("Por iniciar")
    IN_PROGRESS = "in_progress", _("En curso")
    COMPLETED = "completed", _("Concluida")
    CANCELLED = "cancelled", _("Cancelada")


PL = PlacementStatus
# The only changes a placement's status may make. Accepting an offer plans it; IME marks it in
# progress and, once its end date has passed, completed (the certificate follows); withdrawing the
# accepted place cancels it (internships.selection). Completed and cancelled are final.
PLACEMENT_TRANSITIONS = {
    PL.PLANNED: {PL.IN_PROGRESS, PL.COMPLETED, PL.CANCELLED},
    PL.IN_PROGRESS: {PL.COMPLETED, PL.CANCELLED},
    PL.COMPLETED: set(),
    PL.CANCELLED: set(),
}


PLACEMENT_WORKFLOW = Workflow(
    PlacementStatus,
    PLACEMENT_TRANSITIONS,
    refused=_("Una estancia «%(current)s» no puede pasar a «%(wanted)s»."),
    refusals={(PL.COMPLETED, PL.COMPLETED): _("Esta estancia ya estaba concluida.")},
)


def placement_refusal(current, wanted, *, ends_on=None, today=None):
    """Why a placement cannot go from `current` to `wanted` (None when it can): the table, and
    a placement is completed only once its end date has passed."""
    refusal = PLACEMENT_WORKFLOW.refusal(current, wanted)
    if refusal:
        return refusal
    today = today or timezone.localdate()
    if wanted == PL.COMPLETED and ends_on is not None and today < ends_on:
        return gettext("La estancia termina el %(day)s: se marca concluida después.") % {
            "day": ends_on.isoformat()
        }
    return None


class PlacementQuerySet(models.QuerySet):
    def counted(self):
        """Placements that happened or will (the cancelled ones left out)."""
        return self.exclude(status=PlacementStatus.CANCELLED)


class Placement(Stateful, models.Model):
    """The internship itself, once a student accepted an offer: its dates and how it went. Its
    certificate of completion is a certificates.Certificate with source ("internships",
    "placement:<uuid>"), issued when IME marks it completed (internships.placements)."""

    Status = PlacementStatus

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    application = models.OneToOneField(
        Application,
        verbose_name=_("postulación"),
        on_delete=models.PROTECT,
        related_name="placement",
    )
    starts_on = models.DateField(_("inicio"))
    ends_on = models.DateField(_("fin"))
    status = models.CharField(
        _("estado"), max_length=12, choices=PlacementStatus.choices, default=PlacementStatus.PLANNED
    )
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("concluida por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="internship_placements_completed",
    )
    completed_at = models.DateTimeField(_("concluida el"), null=True, blank=True)
    created_at = models.DateTimeField(_("creada"), auto_now_add=True)
    updated_at = models.DateTimeField(_("actualizada"), auto_now=True)

    objects = PlacementQuerySet.as_manager()
    workflow = PLACEMENT_WORKFLOW

    class Meta:
        verbose_name = _("estancia")
        verbose_name_plural = _("estancias")
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="internships_placement_dates_in_order",
            ),
            models.CheckConstraint(
                condition=Q(status__in=PlacementStatus.values),
                name="internships_placement_status_valid",
            ),
        ]

    def __str__(self):
        return str(self.application)

    def get_absolute_url(self):
        return reverse("internships:placement_detail", kwargs={"uuid": self.uuid})

    @property
    def certificate_key(self):
        return f"placement:{self.uuid}"

    def is_over(self, today=None):
        return (today or timezone.localdate()) > self.ends_on

    def stage(self, today=None):
        """The status a person reads: a planned placement whose first day came is in progress."""
        today = today or timezone.localdate()
        if self.status == PL.PLANNED and today >= self.starts_on:
            return PL.IN_PROGRESS
        return PlacementStatus(self.status)

    def move_to(self, wanted, *, actor, note="", now=None):
        """Changes the status along PLACEMENT_TRANSITIONS and keeps it in the history; raises
        TransitionRefused otherwise. The caller holds the row's lock (internships.placements)."""
        now = now or timezone.now()
        refusal = placement_refusal(
            self.status, wanted, ends_on=self.ends_on, today=timezone.localdate(now)
        )
        if refusal:
            raise TransitionRefused(refusal)
        if wanted == PL.COMPLETED:
            self.completed_by, self.completed_at = actor, now
        self.workflow.move(self, wanted, actor=actor, note=note, at=now)
        return self


class PlacementStatusChange(StatusChange):
    """One change of a placement's status; its creation is the first row (from empty)."""

    placement = models.ForeignKey(
        Placement,
        verbose_name=_("estancia"),
        on_delete=models.CASCADE,
        related_name="history",
    )
    from_status = models.CharField(
        _("de"), max_length=12, choices=PlacementStatus.choices, blank=True
    )
    to_status = models.CharField(_("a"), max_length=12, choices=PlacementStatus.choices)

    class Meta(StatusChange.Meta):
        verbose_name = _("cambio de estado de una estancia")
        verbose_name_plural = _("cambios de estado de las estancias")

    def __str__(self):
        return f"{self.placement} · {self.get_to_status_display()}"


class EvaluationAuthor(models.TextChoices):
    HOST = "host", _("Persona anfitriona")
    STUDENT = "student", _("Estudiante")


class Evaluation(models.Model):
    """The short evaluation each side fills at the end of a placement (one per side)."""

    Author = EvaluationAuthor

    placement = models.ForeignKey(
        Placement,
        verbose_name=_("estancia"),
        on_delete=models.CASCADE,
        related_name="evaluations",
    )
    author_role = models.CharField(
        _("de parte de"), max_length=10, choices=EvaluationAuthor.choices
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("autor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="internship_evaluations",
    )
    rating = models.PositiveSmallIntegerField(_("calificación (1 a 5)"))
    comment = models.TextField(_("comentario"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("fecha"), auto_now_add=True)

    class Meta:
        verbose_name = _("evaluación de una estancia")
        verbose_name_plural = _("evaluaciones de las estancias")
        ordering = ["placement", "author_role"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5),
                name="internships_evaluation_rating_range",
            ),
            models.CheckConstraint(
                condition=Q(author_role__in=EvaluationAuthor.values),
                name="internships_evaluation_author_valid",
            ),
            models.UniqueConstraint(
                fields=["placement", "author_role"], name="internships_evaluation_one_per_side"
            ),
        ]

    def __str__(self):
        return f"{self.placement} · {self.get_author_role_display()}"
