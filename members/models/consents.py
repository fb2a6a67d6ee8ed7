"""Consents: the append-only log of each person's decisions about each purpose."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .accounts import User


class Consent(models.Model):
    """One decision of a person about one purpose. Append-only: the latest row is in force."""

    class Purpose(models.TextChoices):
        PUBLIC_LISTING = "public_listing", _("Aparecer en el directorio público")
        PNCS_SEARCH = (
            "pncs_search",
            _("Ser localizable por el personal de los PNCS de mis sectores"),
        )
        CHAPTER = "chapter", _("Ser visible para los miembros de mi capítulo")
        NEWS = "news", _("Recibir las noticias de la red")

    user = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consents",
        verbose_name=_("cuenta"),
    )
    purpose = models.CharField(_("finalidad"), max_length=20, choices=Purpose.choices)
    granted = models.BooleanField(_("otorgado"))
    notice_version = models.CharField(_("versión del aviso de privacidad"), max_length=20)
    created_at = models.DateTimeField(_("fecha"), default=timezone.now)

    class Meta:
        verbose_name = _("consentimiento")
        verbose_name_plural = _("consentimientos")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["user", "purpose", "-created_at"], name="members_consent_latest_idx"
            )
        ]

    def __str__(self):
        state = _("otorgado") if self.granted else _("retirado")
        return f"{self.get_purpose_display()}: {state}"
