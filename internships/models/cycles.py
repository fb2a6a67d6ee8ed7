"""The internship cycle: its milestone dates, the stage they put it in on a given day, and its
settings (offer days, direct offers by hosts)."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .base import _in_english


class CycleStage(models.TextChoices):
    """Where a cycle is on a given day, from its milestone dates."""

    UPCOMING = "upcoming", _("Próximo")
    POSTINGS = "postings", _("Recibiendo plazas")
    APPLICATIONS = "applications", _("Postulaciones abiertas")
    REVIEW = "review", _("Revisión de postulaciones")
    OFFERS = "offers", _("Selección y ofertas")
    PREPARATION = "preparation", _("Preparación de las estancias")
    PLACEMENT = "placement", _("Estancias en curso")
    FINISHED = "finished", _("Concluido")


def default_offer_days():
    return settings.INTERNSHIP_OFFER_DAYS


class CycleQuerySet(models.QuerySet):
    def visible(self, today=None):
        """Cycles whose published postings are listed: postings open and placements not over."""
        today = today or timezone.localdate()
        return self.filter(postings_open__lte=today, placement_end__gte=today)

    def accepting_postings(self, today=None):
        """Cycles in which a host may still post a place (until applications close)."""
        today = today or timezone.localdate()
        return self.filter(applications_close__gte=today)

    def accepting_applications(self, today=None):
        today = today or timezone.localdate()
        return self.filter(applications_open__lte=today, applications_close__gte=today)


class Cycle(models.Model):
    """One round of internships (e.g. "Verano 2027") and its milestones, in order. Dates are days
    in the portal's time zone; a milestone's day is included in the stage it opens or closes."""

    Stage = CycleStage

    name = models.CharField(_("nombre"), max_length=120, unique=True)
    name_en = models.CharField(_("nombre en inglés"), max_length=120, blank=True)
    slug = models.SlugField(_("identificador en URL"), max_length=80, unique=True)
    description = models.TextField(_("descripción"), max_length=5000, blank=True)
    postings_open = models.DateField(
        _("apertura de plazas"), help_text=_("Desde este día se publican las plazas aprobadas.")
    )
    applications_open = models.DateField(_("apertura de postulaciones"))
    applications_close = models.DateField(
        _("cierre de postulaciones"), help_text=_("Último día para enviar una postulación.")
    )
    selection_on = models.DateField(
        _("selección"), help_text=_("Día en que IME corre la asignación y salen las ofertas.")
    )
    offers_until = models.DateField(_("fin de las ofertas"))
    offer_days = models.PositiveSmallIntegerField(
        _("días para responder una oferta"), default=default_offer_days
    )
    placement_start = models.DateField(_("inicio de las estancias"))
    placement_end = models.DateField(_("fin de las estancias"))
    allow_direct_offers = models.BooleanField(
        _("ofertas directas"),
        default=False,
        help_text=_("Las personas anfitrionas pueden ofrecer una plaza sin esperar la asignación."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("creado por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="internship_cycles_created",
    )
    created_at = models.DateTimeField(_("creado"), auto_now_add=True)

    objects = CycleQuerySet.as_manager()

    class Meta:
        verbose_name = _("ciclo de pasantías")
        verbose_name_plural = _("ciclos de pasantías")
        ordering = ["-applications_open", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(applications_open__gte=models.F("postings_open"))
                & Q(applications_close__gte=models.F("applications_open"))
                & Q(selection_on__gte=models.F("applications_close"))
                & Q(offers_until__gte=models.F("selection_on"))
                & Q(placement_start__gte=models.F("offers_until"))
                & Q(placement_end__gte=models.F("placement_start")),
                name="internships_cycle_milestones_in_order",
            ),
            models.CheckConstraint(
                condition=Q(offer_days__gte=1, offer_days__lte=60),
                name="internships_cycle_offer_days_range",
            ),
        ]
        indexes = [
            models.Index(
                fields=["postings_open", "placement_end"], name="internships_cycle_window_idx"
            ),
        ]

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("internships:cycle_detail", kwargs={"slug": self.slug})

    @property
    def display_name(self):
        return self.name_en if _in_english() and self.name_en else self.name

    # The milestones in the order they must come (equal days allowed), as the constraint says.
    MILESTONE_ORDER = [
        "postings_open",
        "applications_open",
        "applications_close",
        "selection_on",
        "offers_until",
        "placement_start",
        "placement_end",
    ]

    def clean(self):
        """Names the first milestone out of order (the admin's form shows it on its field)."""
        super().clean()
        previous = None
        for name in self.MILESTONE_ORDER:
            day = getattr(self, name)
            if day is None:
                return
            if previous is not None and day < getattr(self, previous):
                raise ValidationError(
                    {
                        name: gettext("Esta fecha no puede ser anterior a «%(before)s».")
                        % {"before": self._meta.get_field(previous).verbose_name}
                    }
                )
            previous = name

    def milestones(self):
        """(label, first day) of each stage after "upcoming", in order, for the pages."""
        return [
            (CycleStage.POSTINGS, self.postings_open),
            (CycleStage.APPLICATIONS, self.applications_open),
            (CycleStage.REVIEW, self.applications_close + datetime.timedelta(days=1)),
            (CycleStage.OFFERS, self.selection_on),
            (CycleStage.PREPARATION, self.offers_until + datetime.timedelta(days=1)),
            (CycleStage.PLACEMENT, self.placement_start),
            (CycleStage.FINISHED, self.placement_end + datetime.timedelta(days=1)),
        ]

    def stage_on(self, today):
        """The stage on `today`: the last milestone whose first day has come."""
        current = CycleStage.UPCOMING
        for stage, first_day in self.milestones():
            if today >= first_day:
                current = stage
        return current

    @property
    def stage(self):
        return self.stage_on(timezone.localdate())

    def accepts_applications(self, today=None):
        today = today or timezone.localdate()
        return self.applications_open <= today <= self.applications_close

    def accepts_postings(self, today=None):
        today = today or timezone.localdate()
        return today <= self.applications_close
