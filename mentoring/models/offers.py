"""What mentors offer: their sectors, topics, format and capacity, the hours they can meet
(hours_mask) and the words the suggestions search."""

import datetime
import zoneinfo

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Language

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
