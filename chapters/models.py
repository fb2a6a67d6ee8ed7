"""Regional chapters of the network (leadership, news and proposals arrive with their issue)."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


class ChapterQuerySet(models.QuerySet):
    def formalised(self):
        return self.filter(status=Chapter.Status.FORMALISED)


class Chapter(models.Model):
    """An autonomous regional chapter of members living in one area abroad."""

    class Status(models.TextChoices):
        FORMALISED = "formalised", _("Formalizado")
        IN_FORMATION = "in_formation", _("En formación")

    name = models.CharField(_("nombre"), max_length=120, unique=True)
    slug = models.SlugField(_("identificador en URL"), max_length=80, unique=True)
    city = models.CharField(_("ciudad o región"), max_length=120)
    country = CountryField(_("país"))
    status = models.CharField(
        _("estado"), max_length=20, choices=Status.choices, default=Status.IN_FORMATION
    )
    formalised_on = models.DateField(
        _("fecha de formalización"),
        null=True,
        blank=True,
        help_text=_("Se muestra con mes y año."),
    )

    objects = ChapterQuerySet.as_manager()

    class Meta:
        verbose_name = _("capítulo")
        verbose_name_plural = _("capítulos")
        ordering = ["formalised_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="formalised") | models.Q(formalised_on__isnull=False),
                name="chapters_chapter_formalised_has_date",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("chapters:chapter_list") + f"#{self.slug}"
