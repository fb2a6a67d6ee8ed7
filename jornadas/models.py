"""The Jornadas Informativas: editions, their tracks (one per sector, plus plenaries), rooms, the
sessions of the agenda and who speaks at each.

Registration: a person's Registration for an edition and their SessionChoices (the personal
agenda) are seat requests of redtalentos.lib.capacity, with their logs and the edition's
PriorityGroups. A confirmed registration carries a check-in code (jornadas.checkin).
"""

import secrets
from uuid import uuid4

from django.conf import settings
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from redtalentos.lib.capacity import ACTIVE, SeatLog, SeatRequest, SeatStatus
from redtalentos.lib.documents import private_storage, upload_to
from redtalentos.lib.markdown import render_markdown


def _in_english():
    return (get_language() or "").startswith("en")


def _translated(spanish, english):
    """The English text on English pages when there is one, else the Spanish source."""
    return english if _in_english() and english else spanish


class EditionStatus(models.TextChoices):
    DRAFT = "draft", _("Borrador")
    PUBLISHED = "published", _("Publicada")


class SessionKind(models.TextChoices):
    TALK = "talk", _("Charla")
    PANEL = "panel", _("Panel")
    WORKSHOP = "workshop", _("Taller")
    SECTOR_MEETING = "sector_meeting", _("Reunión sectorial")
    PLENARY = "plenary", _("Plenaria")


class SpeakerRole(models.TextChoices):
    SPEAKER = "speaker", _("Ponente")
    MODERATOR = "moderator", _("Moderación")


def _year_bound(month, day):
    """January 1st or December 31st of the edition's year, in SQL (PostgreSQL's make_date)."""
    return models.Func(
        F("year"), Value(month), Value(day), function="make_date", output_field=models.DateField()
    )


class EditionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=EditionStatus.PUBLISHED)

    def with_span(self):
        """`first_day` and `last_day` of each edition: its dates, or its year when the days of an
        early meeting are not known (an undated edition of the current year counts as upcoming
        until the year is over)."""
        return self.annotate(
            first_day=Coalesce("starts_on", _year_bound(1, 1)),
            last_day=Coalesce("ends_on", "starts_on", _year_bound(12, 31)),
        )

    def upcoming(self, today=None):
        """Published editions not over yet, the soonest first."""
        today = today or timezone.localdate()
        return (
            self.published().with_span().filter(last_day__gte=today).order_by("first_day", "number")
        )

    def past(self, today=None):
        """Published editions that are over, the latest first."""
        today = today or timezone.localdate()
        return (
            self.published().with_span().filter(last_day__lt=today).order_by("-last_day", "-number")
        )


class Edition(models.Model):
    """One Jornada Informativa: the yearly meeting IME holds with the network."""

    Status = EditionStatus

    number = models.PositiveSmallIntegerField(
        _("número"), unique=True, help_text=_("Número de la jornada (la cuarta fue en 2009).")
    )
    slug = models.SlugField(_("identificador en URL"), max_length=80, unique=True)
    title = models.CharField(_("título"), max_length=200)
    title_en = models.CharField(_("título en inglés"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("año"))
    starts_on = models.DateField(
        _("primer día"), null=True, blank=True, help_text=_("Vacío si no se conoce el día.")
    )
    ends_on = models.DateField(_("último día"), null=True, blank=True)
    date_note = models.CharField(
        _("fecha aproximada"),
        max_length=100,
        blank=True,
        help_text=_("Lo que se sabe de la fecha cuando no hay días, p. ej. «principios de 2009»."),
    )
    date_note_en = models.CharField(_("fecha aproximada en inglés"), max_length=100, blank=True)
    city = models.CharField(_("ciudad"), max_length=120, blank=True)
    venue = models.CharField(_("sede"), max_length=200, blank=True)
    is_online = models.BooleanField(_("en línea"), default=False)
    online_note = models.CharField(
        _("nota sobre la transmisión"),
        max_length=300,
        blank=True,
        help_text=_("Cómo se sigue en línea, p. ej. «El enlace llega a las personas registradas»."),
    )
    description = models.TextField(
        _("descripción"), max_length=10000, blank=True, help_text=_("Texto simple o Markdown.")
    )
    description_en = models.TextField(_("descripción en inglés"), max_length=10000, blank=True)
    sectors = models.ManyToManyField(
        "pncs.Sector",
        verbose_name=_("sectores"),
        related_name="jornadas_editions",
        blank=True,
        help_text=_("Los sectores en los que se centra la edición."),
    )
    status = models.CharField(
        _("estado"), max_length=10, choices=EditionStatus.choices, default=EditionStatus.DRAFT
    )
    registration_opens_at = models.DateTimeField(_("apertura del registro"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("cierre del registro"), null=True, blank=True)
    capacity = models.PositiveIntegerField(
        _("cupo"), null=True, blank=True, help_text=_("Vacío: sin límite de lugares.")
    )
    materials_published = models.BooleanField(_("materiales publicados"), default=False)
    created_at = models.DateTimeField(_("creada"), auto_now_add=True)
    updated_at = models.DateTimeField(_("actualizada"), auto_now=True)

    objects = EditionQuerySet.as_manager()

    class Meta:
        verbose_name = _("edición de las Jornadas")
        verbose_name_plural = _("ediciones de las Jornadas")
        ordering = ["-year", "-number"]
        indexes = [
            models.Index(fields=["status", "starts_on"], name="jornadas_edition_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=EditionStatus.values), name="jornadas_edition_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | (Q(starts_on__isnull=False) & Q(ends_on__gte=F("starts_on"))),
                name="jornadas_edition_ends_after_starts",
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(starts_on__year=F("year")),
                name="jornadas_edition_starts_in_its_year",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2200), name="jornadas_edition_year_range"
            ),
            models.CheckConstraint(
                condition=Q(registration_closes_at__isnull=True)
                | Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__gt=F("registration_opens_at")),
                name="jornadas_edition_registration_closes_after_opens",
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="jornadas_edition_capacity_positive",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("jornadas:edition_detail", kwargs={"slug": self.slug})

    @property
    def is_published(self):
        return self.status == EditionStatus.PUBLISHED

    @property
    def display_title(self):
        return _translated(self.title, self.title_en)

    @property
    def display_description(self):
        return _translated(self.description, self.description_en)

    @property
    def display_date_note(self):
        return _translated(self.date_note, self.date_note_en)


class Track(models.Model):
    """A line of the agenda: one PNCS sector, or the plenaries (no sector)."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("edición"), on_delete=models.CASCADE, related_name="tracks"
    )
    sector = models.ForeignKey(
        "pncs.Sector",
        verbose_name=_("sector"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="jornadas_tracks",
        help_text=_("Vacío para las plenarias."),
    )
    name = models.CharField(
        _("nombre"),
        max_length=120,
        blank=True,
        help_text=_("Vacío en un eje sectorial: se usa el nombre del sector."),
    )
    name_en = models.CharField(_("nombre en inglés"), max_length=120, blank=True)
    order = models.PositiveSmallIntegerField(_("orden"), default=0)

    class Meta:
        verbose_name = _("eje")
        verbose_name_plural = _("ejes")
        ordering = ["edition", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "sector"],
                condition=Q(sector__isnull=False),
                name="jornadas_track_one_per_sector",
            ),
            models.CheckConstraint(
                condition=Q(sector__isnull=False) | ~Q(name=""),
                name="jornadas_track_plenary_has_name",
            ),
        ]

    def __str__(self):
        return f"{self.edition} · {self.display_name}"

    @property
    def is_plenary(self):
        return self.sector_id is None

    @property
    def display_name(self):
        if self.name:
            return _translated(self.name, self.name_en)
        return self.sector.display_name if self.sector_id else ""


class Room(models.Model):
    """A room of an edition's venue."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("edición"), on_delete=models.CASCADE, related_name="rooms"
    )
    name = models.CharField(_("nombre"), max_length=120)
    capacity = models.PositiveIntegerField(_("cupo"), null=True, blank=True)

    class Meta:
        verbose_name = _("sala")
        verbose_name_plural = _("salas")
        ordering = ["edition", "name"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "name"], name="jornadas_room_unique_name"),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="jornadas_room_capacity_positive",
            ),
        ]

    def __str__(self):
        return f"{self.edition} · {self.name}"


class Session(models.Model):
    """One item of an edition's agenda."""

    Kind = SessionKind

    edition = models.ForeignKey(
        Edition, verbose_name=_("edición"), on_delete=models.CASCADE, related_name="sessions"
    )
    track = models.ForeignKey(
        Track, verbose_name=_("eje"), on_delete=models.PROTECT, related_name="sessions"
    )
    room = models.ForeignKey(
        Room,
        verbose_name=_("sala"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
    )
    kind = models.CharField(_("tipo"), max_length=20, choices=SessionKind.choices)
    title = models.CharField(_("título"), max_length=200)
    abstract = models.TextField(
        _("resumen"), max_length=5000, blank=True, help_text=_("Texto simple o Markdown.")
    )
    # The abstract as sanitised HTML (redtalentos.lib.markdown), written by save(): the agenda
    # shows every abstract of an edition, and converting each one on every view is most of the
    # page's time. Migration 0007 fills it for the rows saved before it.
    abstract_html = models.TextField(_("resumen en HTML"), blank=True, editable=False)
    starts_at = models.DateTimeField(_("inicio"))
    ends_at = models.DateTimeField(_("término"))
    capacity = models.PositiveIntegerField(
        _("cupo"), null=True, blank=True, help_text=_("Vacío: el de la sala o sin límite.")
    )
    created_at = models.DateTimeField(_("creada"), auto_now_add=True)
    updated_at = models.DateTimeField(_("actualizada"), auto_now=True)

    class Meta:
        verbose_name = _("sesión")
        verbose_name_plural = _("sesiones")
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["edition", "starts_at"], name="jornadas_session_agenda_idx"),
            models.Index(fields=["track", "starts_at"], name="jornadas_session_track_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="jornadas_session_ends_after_starts"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=SessionKind.values), name="jornadas_session_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="jornadas_session_capacity_positive",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.render_abstract()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "abstract" in update_fields:
            kwargs["update_fields"] = {*update_fields, "abstract_html"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("jornadas:session_detail", kwargs={"slug": self.edition.slug, "pk": self.pk})

    @property
    def kind_label(self):
        """get_kind_display() without rebuilding the choices on each call (the agenda shows
        hundreds)."""
        return SessionKind(self.kind).label

    def render_abstract(self):
        """Writes abstract_html from the abstract (save() calls it; so must a bulk_create)."""
        self.abstract_html = str(render_markdown(self.abstract))

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.track_id and self.edition_id and self.track.edition_id != self.edition_id:
            errors["track"] = _("El eje pertenece a otra edición.")
        if self.room_id and self.edition_id and self.room.edition_id != self.edition_id:
            errors["room"] = _("La sala pertenece a otra edición.")
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("La sesión debe terminar después de empezar.")
        if errors:
            raise ValidationError(errors)


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


# Registration: seats of an edition and of its sessions (redtalentos.lib.capacity).


class Attendance(models.TextChoices):
    IN_PERSON = "in_person", _("Presencial")
    ONLINE = "online", _("En línea")


class PriorityRole(models.TextChoices):
    """Who a person is to an edition, for its priority groups (lower number, earlier in line)."""

    SPEAKER = "speaker", _("Ponentes")
    PNCS_STAFF = "pncs_staff", _("Personal de los PNCS")
    MEMBER_ABROAD = "member_abroad", _("Miembros en el exterior")
    PARTICIPANT = "participant", _("Participantes")


DEFAULT_PRIORITIES = {
    PriorityRole.SPEAKER: 0,
    PriorityRole.PNCS_STAFF: 1,
    PriorityRole.MEMBER_ABROAD: 2,
    PriorityRole.PARTICIPANT: 3,
}


class PriorityGroup(models.Model):
    """IME's order of the line for one edition: a role's group number (DEFAULT_PRIORITIES when
    the edition has no row for it)."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("edición"), on_delete=models.CASCADE, related_name="priority_groups"
    )
    role = models.CharField(_("quiénes"), max_length=20, choices=PriorityRole.choices)
    priority = models.PositiveSmallIntegerField(
        _("grupo"), help_text=_("Menor número, antes en la fila; el mismo número, por llegada.")
    )

    class Meta:
        verbose_name = _("grupo de prioridad")
        verbose_name_plural = _("grupos de prioridad")
        ordering = ["edition", "priority", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "role"], name="jornadas_prioritygroup_one_per_role"
            ),
            models.CheckConstraint(
                condition=Q(role__in=PriorityRole.values), name="jornadas_prioritygroup_role_valid"
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.priority}"


# 16 random bytes: 22 URL-safe characters, shown as a QR code at the door; nobody can guess one.
CHECKIN_CODE_BYTES = 16


def new_checkin_code():
    return secrets.token_urlsafe(CHECKIN_CODE_BYTES)


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=ACTIVE)

    def checked_in(self):
        return self.filter(checked_in_at__isnull=False)


class Registration(SeatRequest):
    """A person's registration for an edition: a seat request of the edition (in-person
    attendance counts against its capacity; online attendance always has a place).

    The travel needs, dietary and accessibility needs are personal data for IME's logistics only:
    no page shows them to PNCS staff or other members.
    """

    Status = SeatStatus
    holder_field = "edition"

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    edition = models.ForeignKey(
        Edition, verbose_name=_("edición"), on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("persona"),
        on_delete=models.CASCADE,
        related_name="jornadas_registrations",
    )
    role = models.CharField(
        _("papel en la fila"), max_length=20, choices=PriorityRole.choices, blank=True
    )
    attendance = models.CharField(
        _("asistencia"), max_length=10, choices=Attendance.choices, default=Attendance.IN_PERSON
    )
    arrives_on = models.DateField(_("llegada"), null=True, blank=True)
    departs_on = models.DateField(_("salida"), null=True, blank=True)
    needs_invitation_letter = models.BooleanField(
        _("necesita carta de invitación para la visa"), default=False
    )
    dietary_needs = models.CharField(_("necesidades de alimentación"), max_length=300, blank=True)
    accessibility_needs = models.CharField(
        _("necesidades de accesibilidad"), max_length=300, blank=True
    )
    # Given the first time the seat is confirmed (save) and kept after: a cancelled person's code
    # is then recognised at the door and refused as cancelled, not as unknown.
    checkin_code = models.CharField(
        _("código de registro de asistencia"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        editable=False,
    )
    checked_in_at = models.DateTimeField(
        _("asistencia registrada"), null=True, blank=True, editable=False
    )
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asistencia registrada por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("creado"), auto_now_add=True)
    updated_at = models.DateTimeField(_("actualizado"), auto_now=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registro")
        verbose_name_plural = _("registros")
        ordering = ["edition", "priority", "requested_at", "pk"]
        indexes = [
            models.Index(
                fields=["edition", "status", "priority", "requested_at"],
                name="jornadas_registration_line",
            ),
            models.Index(
                fields=["status", "offer_expires_at"], name="jornadas_registration_offers"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "user"], name="jornadas_registration_once_per_edition"
            ),
            models.CheckConstraint(
                condition=Q(status__in=SeatStatus.values), name="jornadas_registration_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(attendance__in=Attendance.values),
                name="jornadas_registration_attendance_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status=SeatStatus.OFFERED) | Q(offer_expires_at__isnull=False),
                name="jornadas_registration_offer_has_expiry",
            ),
            models.CheckConstraint(
                condition=Q(departs_on__isnull=True)
                | Q(arrives_on__isnull=True)
                | Q(departs_on__gte=F("arrives_on")),
                name="jornadas_registration_departs_after_arrives",
            ),
            models.CheckConstraint(
                condition=Q(checked_in_at__isnull=True) | Q(checkin_code__isnull=False),
                name="jornadas_registration_checked_in_with_a_code",
            ),
        ]

    def __str__(self):
        return f"{self.edition} · {self.user.get_full_name()}"

    def save(self, *args, **kwargs):
        if self.status == SeatStatus.CONFIRMED and not self.checkin_code:
            self.checkin_code = new_checkin_code()
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "checkin_code"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(
            "jornadas:registration_detail", kwargs={"slug": self.edition.slug, "uuid": self.uuid}
        )

    @classmethod
    def seats_of(cls, holder):
        return cls.objects.filter(edition=holder, attendance=Attendance.IN_PERSON)

    def takes_a_seat(self):
        return self.attendance == Attendance.IN_PERSON

    def notify(self, action):
        from .notifications import registration_changed

        registration_changed(self, action)

    @property
    def is_active(self):
        return self.status in ACTIVE


class RegistrationLog(SeatLog):
    request = models.ForeignKey(
        Registration, verbose_name=_("registro"), on_delete=models.CASCADE, related_name="log"
    )

    class Meta(SeatLog.Meta):
        verbose_name = _("cambio de un registro")
        verbose_name_plural = _("bitácora de registros")


class SessionChoice(SeatRequest):
    """A session in a registered person's agenda: a seat request of the session, whose capacity
    is its own or its room's (none: no limit)."""

    Status = SeatStatus
    holder_field = "session"

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registro"),
        on_delete=models.CASCADE,
        related_name="session_choices",
    )
    session = models.ForeignKey(
        Session, verbose_name=_("sesión"), on_delete=models.CASCADE, related_name="choices"
    )
    created_at = models.DateTimeField(_("creada"), auto_now_add=True)

    class Meta:
        verbose_name = _("sesión elegida")
        verbose_name_plural = _("sesiones elegidas")
        ordering = ["session__starts_at", "pk"]
        indexes = [
            models.Index(
                fields=["session", "status", "priority", "requested_at"],
                name="jornadas_choice_line",
            ),
            models.Index(fields=["status", "offer_expires_at"], name="jornadas_choice_offers"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "session"], name="jornadas_choice_once_per_session"
            ),
            models.CheckConstraint(
                condition=Q(status__in=SeatStatus.values), name="jornadas_choice_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=SeatStatus.OFFERED) | Q(offer_expires_at__isnull=False),
                name="jornadas_choice_offer_has_expiry",
            ),
        ]

    def __str__(self):
        return f"{self.session} · {self.registration.user.get_full_name()}"

    @classmethod
    def capacity_of(cls, holder):
        return session_capacity(holder)

    @classmethod
    def seats_of(cls, holder):
        return cls.objects.filter(session=holder, registration__attendance=Attendance.IN_PERSON)

    def takes_a_seat(self):
        return self.registration.attendance == Attendance.IN_PERSON

    def notify(self, action):
        from .notifications import session_choice_changed

        session_choice_changed(self, action)


def session_capacity(session):
    """A session's seats: its own capacity, else its room's; None for no limit."""
    if session.capacity is not None:
        return session.capacity
    if session.room_id is not None:
        return session.room.capacity
    return None


class SessionChoiceLog(SeatLog):
    request = models.ForeignKey(
        SessionChoice,
        verbose_name=_("sesión elegida"),
        on_delete=models.CASCADE,
        related_name="log",
    )

    class Meta(SeatLog.Meta):
        verbose_name = _("cambio de una sesión elegida")
        verbose_name_plural = _("bitácora de sesiones elegidas")


# After the edition: follow-up actions per sector, and the attendees' feedback survey.


class FollowUp(models.Model):
    """A follow-up action of an edition for one sector. The action itself (what, responsible, due
    date, status and its history) is an activity of the work programme of a PNCS of that sector,
    line of work Jornadas, so that it appears in that programme with its filters, export and
    printed report; this row links it back to the edition (jornadas.follow_ups)."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("edición"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    sector = models.ForeignKey(
        "pncs.Sector",
        verbose_name=_("sector"),
        on_delete=models.PROTECT,
        related_name="jornadas_follow_ups",
    )
    activity = models.OneToOneField(
        "pncs.WorkProgrammeActivity",
        verbose_name=_("actividad del programa de trabajo"),
        on_delete=models.CASCADE,
        related_name="jornadas_follow_up",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrada por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="jornadas_follow_ups_created",
    )
    created_at = models.DateTimeField(_("registrada"), auto_now_add=True)

    class Meta:
        verbose_name = _("acción de seguimiento")
        verbose_name_plural = _("acciones de seguimiento")
        ordering = ["edition", "sector__position", "activity__ends_on", "pk"]
        indexes = [
            models.Index(fields=["edition", "sector"], name="jornadas_followup_sector_idx"),
        ]

    def __str__(self):
        return self.activity.title

    def get_absolute_url(self):
        return reverse(
            "jornadas:follow_up_detail", kwargs={"slug": self.edition.slug, "pk": self.pk}
        )


class SurveyResponse(models.Model):
    """An attendee's answer to an edition's feedback survey. IME reads the answers without names:
    the registration is kept only so that nobody answers twice and so that the answer goes with
    the account (jornadas.personal_data)."""

    registration = models.OneToOneField(
        Registration,
        verbose_name=_("registro"),
        on_delete=models.CASCADE,
        related_name="survey_response",
    )
    rating = models.PositiveSmallIntegerField(_("calificación general"))
    comment = models.TextField(_("comentario"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("respondida"), auto_now_add=True)

    class Meta:
        verbose_name = _("respuesta a la encuesta")
        verbose_name_plural = _("respuestas a la encuesta")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1) & Q(rating__lte=5),
                name="jornadas_surveyresponse_rating_1_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.rating}/5"


class SessionRating(models.Model):
    """The rating an attendee gave to one session of their agenda in the survey."""

    response = models.ForeignKey(
        SurveyResponse,
        verbose_name=_("respuesta"),
        on_delete=models.CASCADE,
        related_name="session_ratings",
    )
    session = models.ForeignKey(
        Session, verbose_name=_("sesión"), on_delete=models.CASCADE, related_name="ratings"
    )
    rating = models.PositiveSmallIntegerField(_("calificación"))

    class Meta:
        verbose_name = _("calificación de una sesión")
        verbose_name_plural = _("calificaciones de las sesiones")
        ordering = ["session__starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "session"], name="jornadas_sessionrating_once_per_session"
            ),
            models.CheckConstraint(
                condition=Q(rating__gte=1) & Q(rating__lte=5),
                name="jornadas_sessionrating_rating_1_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.session} · {self.rating}/5"
