"""The agenda of the Jornadas: editions, their tracks (one per sector, plus plenaries), rooms and
sessions."""

from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from redtalentos.lib.markdown import render_markdown
from redtalentos.lib.workflows import Stateful, StatusChange, Workflow


def _in_english():
    return (get_language() or "").startswith("en")


def _translated(spanish, english):
    """The English text on English pages when there is one, else the Spanish source."""
    return english if _in_english() and english else spanish


class EditionStatus(models.TextChoices):
    DRAFT = "draft", _("Borrador")
    PUBLISHED = "published", _("Publicada")


# IME publishes an edition and may take it back to draft; the admin refuses that while anyone
# holds or awaits a place in it (jornadas.admin), whose pages would disappear.
EDITION_TRANSITIONS = {
    EditionStatus.DRAFT: {EditionStatus.PUBLISHED},
    EditionStatus.PUBLISHED: {EditionStatus.DRAFT},
}
EDITION_WORKFLOW = Workflow(
    EditionStatus,
    EDITION_TRANSITIONS,
    refused=_("Una edición «%(current)s» no puede pasar a «%(wanted)s»."),
)


class SessionKind(models.TextChoices):
    TALK = "talk", _("Charla")
    PANEL = "panel", _("Panel")
    WORKSHOP = "workshop", _("Taller")
    SECTOR_MEETING = "sector_meeting", _("Reunión sectorial")
    PLENARY = "plenary", _("Plenaria")


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


class Edition(Stateful, models.Model):
    """One Jornada Informativa: the yearly meeting IME holds with the network."""

    Status = EditionStatus
    workflow = EDITION_WORKFLOW

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


class EditionChange(StatusChange):
    """One change of an edition's status, made in the admin; its creation is the first row."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("edición"), on_delete=models.CASCADE, related_name="history"
    )
    from_status = models.CharField(
        _("de"), max_length=10, choices=EditionStatus.choices, blank=True
    )
    to_status = models.CharField(_("a"), max_length=10, choices=EditionStatus.choices)

    class Meta(StatusChange.Meta):
        verbose_name = _("cambio de estado de una edición")
        verbose_name_plural = _("cambios de estado de las ediciones")


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
