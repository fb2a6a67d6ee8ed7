"""Texts of the site that IME edits without a deploy, and the messages sent through /contacto/."""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

MAX_TEXT_LENGTH = 10_000
MAX_MESSAGE_LENGTH = 5_000


class SiteTextKey(models.TextChoices):
    """The fixed places of the site that show an editable text: a key is a slot in a template,
    so IME edits the texts but never adds or removes keys."""

    HOME_LEAD = "home_lead", _("Inicio: presentación")
    HOME_MISSION = "home_mission", _("Inicio: misión")
    ABOUT = "about", _("Acerca de la red")
    CONTACT_INFO = "contact_info", _("Información de contacto")


class SiteTextQuerySet(models.QuerySet):
    def for_page(self, *keys):
        """{key: SiteText} for `keys` in one query; a key without a row is missing."""
        return {text.key: text for text in self.filter(key__in=keys)}


class SiteText(models.Model):
    key = models.CharField(_("lugar"), max_length=40, choices=SiteTextKey.choices, unique=True)
    text_es = models.TextField(
        _("texto en español"),
        max_length=MAX_TEXT_LENGTH,
        help_text=_("Markdown sencillo: párrafos, *cursivas*, **negritas**, listas y enlaces."),
    )
    text_en = models.TextField(
        _("texto en inglés"),
        max_length=MAX_TEXT_LENGTH,
        blank=True,
        help_text=_(
            "Si se deja vacío, la versión en inglés del sitio muestra el texto en español."
        ),
    )
    updated_at = models.DateTimeField(_("actualizado"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actualizado por"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = SiteTextQuerySet.as_manager()

    class Meta:
        ordering = ["key"]
        verbose_name = _("texto del sitio")
        verbose_name_plural = _("textos del sitio")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(key__in=SiteTextKey.values), name="content_sitetext_key_known"
            ),
        ]

    def __str__(self):
        return str(SiteTextKey(self.key).label) if self.key in SiteTextKey.values else self.key

    def text(self, language=None):
        """The text in `language` (the active one by default); English falls back to Spanish."""
        language = (language or get_language() or "es").lower()
        if language.startswith("en") and self.text_en.strip():
            return self.text_en
        return self.text_es


class ContactSubject(models.TextChoices):
    GENERAL = "general", _("Consulta general")
    MEMBERSHIP = "membership", _("Registro y membresía")
    CHAPTERS = "chapters", _("Capítulos regionales")
    SECTORS = "sectors", _("PNCS y sectores")
    PRIVACY = "privacy", _("Privacidad y derechos ARCO")
    OTHER = "other", _("Otro asunto")


class ContactMessageQuerySet(models.QuerySet):
    def sent_by(self, email):
        """Messages sent from `email`, whatever its case (the data download and the deletion)."""
        return self.filter(email__iexact=email)


class ContactMessage(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("Nuevo")
        ANSWERED = "answered", _("Respondido")

    name = models.CharField(_("nombre"), max_length=200)
    email = models.EmailField(_("correo electrónico"), max_length=254)
    subject = models.CharField(_("asunto"), max_length=20, choices=ContactSubject.choices)
    message = models.TextField(_("mensaje"), max_length=MAX_MESSAGE_LENGTH)
    language = models.CharField(_("idioma"), max_length=10, default="es-mx")
    status = models.CharField(
        _("estado"), max_length=10, choices=Status.choices, default=Status.NEW
    )
    created_at = models.DateTimeField(_("recibido"), auto_now_add=True, db_index=True)

    objects = ContactMessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("mensaje de contacto")
        verbose_name_plural = _("mensajes de contacto")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["new", "answered"]),
                name="content_contactmessage_status_known",
            ),
        ]

    def __str__(self):
        return f"{self.get_subject_display()} · {self.name}"
