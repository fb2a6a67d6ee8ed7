"""The PNCS sectors (contact points and work programmes arrive with the structure issue)."""

from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Sector(models.Model):
    """One of the nine sectors around which the PNCS work with the network."""

    name = models.CharField(_("nombre"), max_length=120, unique=True)
    name_en = models.CharField(_("nombre en inglés"), max_length=120)
    slug = models.SlugField(_("identificador en URL"), max_length=80, unique=True)
    position = models.PositiveSmallIntegerField(_("orden"), default=0)

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectores")
        ordering = ["position", "name"]

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("pncs:sector_list") + f"#{self.slug}"

    @property
    def display_name(self):
        """The name in the language of the current request."""
        if (get_language() or "").startswith("en") and self.name_en:
            return self.name_en
        return self.name
