"""Regional chapters of the network: leadership roles, join requests, news and proposals."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

# Paths under /capitulos/ that are not chapters: a chapter may never take one of them as its slug.
RESERVED_SLUGS = frozenset({"proponer"})

MARKDOWN_HELP = _(
    "Texto simple o Markdown sencillo (listas, enlaces, negritas); no se admite HTML."
)


def validate_not_reserved(value):
    if value in RESERVED_SLUGS:
        raise ValidationError(
            _("«%(value)s» es una dirección reservada del sitio; elige otra."),
            code="reserved",
            params={"value": value},
        )


class ChapterQuerySet(models.QuerySet):
    def formalised(self):
        return self.filter(status=Chapter.Status.FORMALISED)

    def with_member_count(self):
        """Annotates `member_count`: members (with an active account) whose chapter this is."""
        return self.annotate(
            member_count=models.Count(
                "members", filter=models.Q(members__user__is_active=True), distinct=True
            )
        )


class Chapter(models.Model):
    """An autonomous regional chapter of members living in one area abroad."""

    class Status(models.TextChoices):
        FORMALISED = "formalised", _("Formalizado")
        IN_FORMATION = "in_formation", _("En formación")

    name = models.CharField(_("nombre"), max_length=120, unique=True)
    slug = models.SlugField(
        _("identificador en URL"), max_length=80, unique=True, validators=[validate_not_reserved]
    )
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
    description = models.TextField(
        _("descripción"), max_length=10_000, blank=True, help_text=MARKDOWN_HELP
    )
    # Each chapter defines its own, autonomously: free text rather than a shared list.
    areas_of_interest = models.TextField(
        _("áreas de interés"), max_length=5_000, blank=True, help_text=MARKDOWN_HELP
    )
    action_lines = models.TextField(
        _("líneas de acción"), max_length=5_000, blank=True, help_text=MARKDOWN_HELP
    )
    # Approximate position of the city, for the map drawn by the portal (none: not on the map).
    latitude = models.DecimalField(
        _("latitud"),
        max_digits=7,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitud"),
        max_digits=7,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
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
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True)
                | models.Q(latitude__gte=-90, latitude__lte=90),
                name="chapters_chapter_latitude_range",
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__isnull=True)
                | models.Q(longitude__gte=-180, longitude__lte=180),
                name="chapters_chapter_longitude_range",
            ),
            models.CheckConstraint(
                condition=~models.Q(slug__in=sorted(RESERVED_SLUGS)),
                name="chapters_chapter_slug_not_reserved",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("chapters:chapter_detail", kwargs={"slug": self.slug})

    @property
    def has_position(self):
        return self.latitude is not None and self.longitude is not None


class ChapterRole(models.Model):
    """A person's role in the leadership of one chapter (assigned by IME in the admin)."""

    class Role(models.TextChoices):
        PRESIDENT = "president", _("Presidencia")
        BOARD = "board", _("Mesa directiva")
        COORDINATOR = "coordinator", _("Coordinación")

    # The order in which the leadership is listed on the chapter page.
    ROLE_ORDER = {Role.PRESIDENT: 0, Role.COORDINATOR: 1, Role.BOARD: 2}

    chapter = models.ForeignKey(
        Chapter, on_delete=models.CASCADE, related_name="roles", verbose_name=_("capítulo")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="chapter_roles",
        verbose_name=_("persona"),
    )
    role = models.CharField(_("cargo"), max_length=20, choices=Role.choices)
    since = models.DateField(_("desde"), default=timezone.localdate)

    class Meta:
        verbose_name = _("cargo en un capítulo")
        verbose_name_plural = _("cargos en capítulos")
        ordering = ["chapter", "since", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["chapter", "user"], name="chapters_chapterrole_one_role_per_person"
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()} · {self.chapter}"

    def get_absolute_url(self):
        return self.chapter.get_absolute_url()


class JoinRequest(models.Model):
    """A member's request to join a chapter, answered by its leadership."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pendiente")
        APPROVED = "approved", _("Aprobada")
        DECLINED = "declined", _("Declinada")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    chapter = models.ForeignKey(
        Chapter, on_delete=models.CASCADE, related_name="join_requests", verbose_name=_("capítulo")
    )
    member = models.ForeignKey(
        "members.Member",
        on_delete=models.CASCADE,
        related_name="join_requests",
        verbose_name=_("miembro"),
    )
    message = models.TextField(_("mensaje"), max_length=1000, blank=True)
    status = models.CharField(
        _("estado"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("enviada"), default=timezone.now)
    decided_at = models.DateTimeField(_("decidida"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decidida por"),
    )

    class Meta:
        verbose_name = _("solicitud para unirse")
        verbose_name_plural = _("solicitudes para unirse")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["chapter", "status"], name="chapters_join_chapter_idx"),
        ]
        constraints = [
            # A member waits on one chapter at a time.
            models.UniqueConstraint(
                fields=["member"],
                condition=models.Q(status="pending"),
                name="chapters_joinrequest_one_pending_per_member",
            ),
            models.CheckConstraint(
                condition=models.Q(status="pending") | models.Q(decided_at__isnull=False),
                name="chapters_joinrequest_decided_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.chapter} · {self.get_status_display()}"

    def get_absolute_url(self):
        return reverse("chapters:join_request_list", kwargs={"slug": self.chapter.slug})


class ChapterNewsQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__lte=timezone.now())


class ChapterNews(models.Model):
    """A news item published by a chapter's leadership."""

    chapter = models.ForeignKey(
        Chapter, on_delete=models.CASCADE, related_name="news", verbose_name=_("capítulo")
    )
    title = models.CharField(_("título"), max_length=200)
    slug = models.SlugField(_("identificador en URL"), max_length=220)
    body = models.TextField(_("texto"), max_length=20_000, help_text=MARKDOWN_HELP)
    # Only files produced by redtalentos.lib.images (re-encoded, no metadata, random names).
    image = models.ImageField(_("imagen"), upload_to="chapters/news/", blank=True)
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_description = models.CharField(
        _("descripción de la imagen"),
        max_length=250,
        blank=True,
        help_text=_("Qué muestra la imagen, para quien no puede verla."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("autor"),
    )
    published_at = models.DateTimeField(_("publicada"), default=timezone.now)

    objects = ChapterNewsQuerySet.as_manager()

    class Meta:
        verbose_name = _("noticia de capítulo")
        verbose_name_plural = _("noticias de capítulos")
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["chapter", "-published_at"], name="chapters_news_chapter_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["chapter", "slug"], name="chapters_chapternews_unique_slug"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "chapters:news_detail", kwargs={"slug": self.chapter.slug, "news_slug": self.slug}
        )


class ChapterProposal(models.Model):
    """A member's proposal to found a new chapter, reviewed by IME in the admin."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pendiente")
        APPROVED = "approved", _("Aprobada")
        REJECTED = "rejected", _("Rechazada")

    # Empty once the proposer deleted their account: a reviewed proposal stays as IME's record.
    proposer = models.ForeignKey(
        "members.Member",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="chapter_proposals",
        verbose_name=_("propuesta por"),
    )
    city = models.CharField(_("ciudad o región"), max_length=120)
    country = CountryField(_("país"))
    founding_members = models.TextField(
        _("miembros fundadores"),
        max_length=2000,
        help_text=_("Nombres de los miembros de la red que ya aceptaron fundar el capítulo."),
    )
    purpose = models.TextField(_("propósito"), max_length=3000)
    # Accounts have no language of their own: the one the proposer wrote the proposal in, for the
    # email that tells them IME's decision.
    language = models.CharField(
        _("idioma de los avisos"), max_length=10, choices=settings.LANGUAGES, blank=True
    )
    status = models.CharField(
        _("estado"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("enviada"), default=timezone.now)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revisada por"),
    )
    reviewed_at = models.DateTimeField(_("revisada"), null=True, blank=True)
    chapter = models.ForeignKey(
        Chapter,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("capítulo creado"),
    )

    class Meta:
        verbose_name = _("propuesta de capítulo")
        verbose_name_plural = _("propuestas de capítulo")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposer"],
                condition=models.Q(status="pending"),
                name="chapters_chapterproposal_one_pending_per_proposer",
            ),
            models.CheckConstraint(
                condition=models.Q(status="pending") | models.Q(reviewed_at__isnull=False),
                name="chapters_chapterproposal_reviewed_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.city} ({self.country.name})"

    def get_absolute_url(self):
        if self.chapter_id:
            return reverse("chapters:chapter_detail", kwargs={"slug": self.chapter.slug})
        return reverse("chapters:chapter_list")
