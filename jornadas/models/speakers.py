"""Who speaks at each session, the invitations sent to speakers through the brokered channel,
and the materials they share (private files, each view logged)."""

from uuid import uuid4

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from redtalentos.lib.documents import private_storage, upload_to

from .agenda import Session


class SpeakerRole(models.TextChoices):
    SPEAKER = "speaker", _("Ponente")
    MODERATOR = "moderator", _("Moderación")


class SessionSpeaker(models.Model):
    """A person on a session's agenda: a member of the network, or a guest typed by name.

    Speakers agreed to appear on the agenda, so their name is shown; their profile is linked only
    when the member shows it publicly (jornadas.agenda).
    """

    Role = SpeakerRole

    session = models.ForeignKey(
        Session, verbose_name=_("sesión"), on_delete=models.CASCADE, related_name="speakers"
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("miembro"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="jornadas_sessions",
        help_text=_("Vacío para una persona invitada sin perfil en la red."),
    )
    name_override = models.CharField(
        _("nombre en la agenda"),
        max_length=150,
        blank=True,
        help_text=_("Obligatorio sin miembro; si no, sustituye al nombre del perfil."),
    )
    affiliation = models.CharField(_("institución en la agenda"), max_length=200, blank=True)
    role = models.CharField(
        _("papel"), max_length=10, choices=SpeakerRole.choices, default=SpeakerRole.SPEAKER
    )
    order = models.PositiveSmallIntegerField(_("orden"), default=0)

    class Meta:
        verbose_name = _("ponente")
        verbose_name_plural = _("ponentes")
        ordering = ["session", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "member"],
                condition=Q(member__isnull=False),
                name="jornadas_speaker_once_per_session",
            ),
            models.CheckConstraint(
                condition=Q(member__isnull=False) | ~Q(name_override=""),
                name="jornadas_speaker_has_a_name",
            ),
            models.CheckConstraint(
                condition=Q(role__in=SpeakerRole.values), name="jornadas_speaker_role_valid"
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        if self.name_override:
            return self.name_override
        return self.member.full_name if self.member_id else ""


# Speakers and materials


class SpeakerInvitation(models.Model):
    """IME or a PNCS invites a member to speak at a session. The invitation is an introduction
    request of members' brokered channel (the member's budget, pause and answer; addresses only
    on acceptance); this row says which session it is for. On acceptance the member becomes one
    of the session's speakers (jornadas.speakers)."""

    Role = SpeakerRole

    introduction = models.OneToOneField(
        "members.IntroductionRequest",
        verbose_name=_("solicitud de presentación"),
        on_delete=models.CASCADE,
        related_name="speaker_invitation",
    )
    session = models.ForeignKey(
        Session,
        verbose_name=_("sesión"),
        on_delete=models.CASCADE,
        related_name="speaker_invitations",
    )
    role = models.CharField(
        _("papel"), max_length=10, choices=SpeakerRole.choices, default=SpeakerRole.SPEAKER
    )
    created_at = models.DateTimeField(_("enviada"), auto_now_add=True)

    class Meta:
        verbose_name = _("invitación como ponente")
        verbose_name_plural = _("invitaciones como ponente")
        ordering = ["-created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=SpeakerRole.values), name="jornadas_invitation_role_valid"
            ),
        ]

    def __str__(self):
        return f"{self.session} · {self.introduction.get_status_display()}"


class SessionMaterial(models.Model):
    """A PDF a speaker uploaded for their session (slides, a paper). Checked by
    redtalentos.lib.documents and stored privately; before the edition publishes its materials
    only the session's speakers, IME and the PNCS of the session's sector may fetch it, after that
    everyone (jornadas.permissions.material_access)."""

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    session = models.ForeignKey(
        Session, verbose_name=_("sesión"), on_delete=models.CASCADE, related_name="materials"
    )
    # Empty once the account is deleted by IME in the admin: the file stays for the edition's
    # record (a person's own deletion deletes their materials, jornadas.personal_data).
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("subido por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="jornadas_materials",
    )
    title = models.CharField(_("título"), max_length=200)
    file = models.FileField(
        _("archivo"),
        upload_to=upload_to("jornadas/materials"),
        storage=private_storage,
        max_length=200,
    )
    size = models.PositiveIntegerField(_("tamaño en bytes"), default=0)
    pages = models.PositiveIntegerField(_("páginas"), default=0)
    created_at = models.DateTimeField(_("subido"), auto_now_add=True)

    class Meta:
        verbose_name = _("material de una sesión")
        verbose_name_plural = _("materiales de las sesiones")
        ordering = ["session__starts_at", "session_id", "created_at", "pk"]
        indexes = [
            models.Index(fields=["session", "created_at"], name="jornadas_material_session_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "jornadas:material_download",
            kwargs={"slug": self.session.edition.slug, "uuid": self.uuid},
        )

    @property
    def is_public(self):
        return self.session.edition.materials_published


class MaterialAccess(models.Model):
    """Each time a material is fetched: who (empty for a visitor, or once the account is gone),
    as what, when. IME reads it in the admin."""

    class Role(models.TextChoices):
        SPEAKER = "speaker", _("Ponente de la sesión")
        IME = "ime", _("IME")
        PNCS = "pncs", _("Personal del PNCS del sector")
        PUBLIC = "public", _("Público (materiales publicados)")

    material = models.ForeignKey(
        SessionMaterial,
        verbose_name=_("material"),
        on_delete=models.CASCADE,
        related_name="accesses",
    )
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("quién"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="jornadas_material_accesses",
    )
    role = models.CharField(_("como"), max_length=10, choices=Role.choices)
    created_at = models.DateTimeField(_("fecha"), auto_now_add=True)

    class Meta:
        verbose_name = _("descarga de material")
        verbose_name_plural = _("descargas de materiales")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=["speaker", "ime", "pncs", "public"]),
                name="jornadas_materialaccess_role_valid",
            ),
        ]

    def __str__(self):
        return f"{self.material} · {self.get_role_display()}"
