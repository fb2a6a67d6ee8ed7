"""Places that members abroad post at their organisations, reviewed by IME before they are
published; POSTING_TRANSITIONS is the one table of allowed status changes."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from members.models import Language
from redtalentos.lib.workflows import Stateful, StatusChange, Workflow

from .cycles import Cycle


class PostingStatus(models.TextChoices):
    DRAFT = "draft", _("Borrador")
    SUBMITTED = "submitted", _("En revisión")
    APPROVED = "approved", _("Publicada")
    RETURNED = "returned", _("Devuelta con comentarios")
    CLOSED = "closed", _("Cerrada")


PS = PostingStatus
# The only changes a posting's status may make. Approval publishes; closing takes it off the list.
POSTING_TRANSITIONS = {
    PS.DRAFT: {PS.SUBMITTED},
    PS.SUBMITTED: {PS.APPROVED, PS.RETURNED},
    PS.RETURNED: {PS.SUBMITTED},
    PS.APPROVED: {PS.CLOSED},
    PS.CLOSED: set(),
}
POSTING_EDITABLE = (PS.DRAFT, PS.RETURNED)  # the host may change the text


POSTING_WORKFLOW = Workflow(
    PostingStatus,
    POSTING_TRANSITIONS,
    refused=_("Una plaza «%(current)s» no puede pasar a «%(wanted)s»."),
)


class PostingQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=PostingStatus.APPROVED)

    def listed(self, today=None):
        """Published postings of the cycles whose postings are shown today."""
        return self.published().filter(cycle__in=Cycle.objects.visible(today))

    def awaiting_review(self):
        return self.filter(status=PostingStatus.SUBMITTED)


class Posting(Stateful, models.Model):
    """A place a member abroad offers at their organisation for one cycle. PNCS staff of one of
    its sectors review it before it is published."""

    Status = PostingStatus

    cycle = models.ForeignKey(
        Cycle, verbose_name=_("ciclo"), on_delete=models.PROTECT, related_name="postings"
    )
    # Empty once the host's profile is deleted: students' applications to it stay theirs
    # (internships.personal_data closes the posting).
    host = models.ForeignKey(
        "members.Member",
        verbose_name=_("persona anfitriona"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="internship_postings",
    )
    title = models.CharField(_("título"), max_length=200)
    slug = models.SlugField(_("identificador en URL"), max_length=100, unique=True)
    organisation = models.CharField(_("organización"), max_length=160)
    city = models.CharField(_("ciudad"), max_length=120, blank=True)
    country = CountryField(_("país"), blank=True)
    remote = models.BooleanField(_("a distancia"), default=False)
    duration_weeks = models.PositiveSmallIntegerField(_("duración en semanas"))
    seats = models.PositiveSmallIntegerField(_("plazas"), default=1)
    sectors = models.ManyToManyField(
        "pncs.Sector", verbose_name=_("sectores"), related_name="internship_postings"
    )
    skills = models.ManyToManyField(
        "members.Skill",
        verbose_name=_("habilidades buscadas"),
        blank=True,
        related_name="internship_postings",
    )
    languages = ArrayField(
        models.CharField(max_length=5, choices=Language.choices),
        verbose_name=_("idiomas"),
        default=list,
        blank=True,
    )
    stipend = models.BooleanField(_("apoyo económico"), default=False)
    lodging = models.BooleanField(_("alojamiento"), default=False)
    visa_letter = models.BooleanField(_("carta para la visa"), default=False)
    support_note = models.CharField(
        _("detalles del apoyo"),
        max_length=300,
        blank=True,
        help_text=_("Por ejemplo, el monto mensual o el tipo de alojamiento."),
    )
    description = models.TextField(_("descripción"), max_length=5000)
    learning_outcomes = models.TextField(_("qué aprenderá la persona"), max_length=3000)
    # Accounts have no language of their own: the one the host last used writing the posting,
    # for the review emails (internships.postings).
    language = models.CharField(
        _("idioma de los avisos"), max_length=10, choices=settings.LANGUAGES, blank=True
    )
    status = models.CharField(
        _("estado"), max_length=10, choices=PostingStatus.choices, default=PostingStatus.DRAFT
    )
    review_comment = models.TextField(
        _("comentario de la revisión"),
        max_length=3000,
        blank=True,
        help_text=_("Lo que la persona anfitriona debe cambiar antes de volver a enviarla."),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revisada por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="internship_postings_reviewed",
    )
    reviewed_at = models.DateTimeField(_("revisada"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("enviada a revisión"), null=True, blank=True)
    published_at = models.DateTimeField(_("publicada"), null=True, blank=True)
    created_at = models.DateTimeField(_("creada"), auto_now_add=True)
    updated_at = models.DateTimeField(_("actualizada"), auto_now=True)

    objects = PostingQuerySet.as_manager()
    workflow = POSTING_WORKFLOW

    class Meta:
        verbose_name = _("plaza de pasantía")
        verbose_name_plural = _("plazas de pasantía")
        ordering = ["-published_at", "-created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=PostingStatus.values),
                name="internships_posting_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(seats__gte=1, seats__lte=50), name="internships_posting_seats_range"
            ),
            models.CheckConstraint(
                condition=Q(duration_weeks__gte=1, duration_weeks__lte=104),
                name="internships_posting_duration_range",
            ),
            models.CheckConstraint(
                condition=Q(remote=True) | ~Q(country=""),
                name="internships_posting_place_known",
            ),
            models.CheckConstraint(
                condition=~Q(status=PostingStatus.APPROVED) | Q(published_at__isnull=False),
                name="internships_posting_published_dated",
            ),
        ]
        indexes = [
            # The public list: published postings of a cycle in its order (-published_at, -pk),
            # and the countries offered in its filter.
            models.Index(
                fields=["cycle", "-published_at", "-id"],
                condition=Q(status="approved"),
                name="internships_post_list_idx",
            ),
            models.Index(
                fields=["cycle", "country"],
                condition=Q(status="approved"),
                name="internships_post_country_idx",
            ),
            models.Index(
                fields=["cycle"],
                condition=Q(status="approved", remote=True),
                name="internships_post_remote_idx",
            ),
            models.Index(
                fields=["cycle"],
                condition=Q(status="approved", stipend=True),
                name="internships_post_stipend_idx",
            ),
            models.Index(
                fields=["cycle"],
                condition=Q(status="approved", lodging=True),
                name="internships_post_lodging_idx",
            ),
            models.Index(
                fields=["cycle"],
                condition=Q(status="approved", visa_letter=True),
                name="internships_post_visa_idx",
            ),
            GinIndex(fields=["languages"], name="internships_post_lang_idx"),
            # The list's search: icontains is UPPER(column) LIKE '%WORD%' on these three.
            GinIndex(
                OpClass(Upper("title"), name="gin_trgm_ops"),
                OpClass(Upper("organisation"), name="gin_trgm_ops"),
                OpClass(Upper("description"), name="gin_trgm_ops"),
                condition=Q(status="approved"),
                name="internships_post_search_idx",
            ),
            models.Index(fields=["host", "-created_at"], name="internships_post_host_idx"),
        ]

    def __str__(self):
        return f"{self.title} · {self.organisation}"

    def get_absolute_url(self):
        return reverse("internships:posting_detail", kwargs={"slug": self.slug})

    @property
    def is_published(self):
        return self.status == PostingStatus.APPROVED

    @property
    def is_editable(self):
        return self.status in POSTING_EDITABLE

    def move_to(self, wanted, *, actor, comment="", now=None):
        """Changes the status along POSTING_TRANSITIONS and keeps it in the history; raises
        TransitionRefused otherwise. The caller holds the row's lock and sends the mail."""
        self.workflow.check(self.status, wanted)
        now = now or timezone.now()
        if wanted == PS.SUBMITTED:
            self.submitted_at = now
        elif wanted in (PS.APPROVED, PS.RETURNED):
            self.reviewed_by, self.reviewed_at, self.review_comment = actor, now, comment
            if wanted == PS.APPROVED:
                self.published_at = now
        self.workflow.move(self, wanted, actor=actor, note=comment, at=now)
        return self


class PostingStatusChange(StatusChange):
    """One change of a posting's status; the note is the reviewer's comment."""

    posting = models.ForeignKey(
        Posting, verbose_name=_("plaza"), on_delete=models.CASCADE, related_name="history"
    )
    from_status = models.CharField(
        _("de"), max_length=10, choices=PostingStatus.choices, blank=True
    )
    to_status = models.CharField(_("a"), max_length=10, choices=PostingStatus.choices)

    class Meta(StatusChange.Meta):
        verbose_name = _("cambio de estado de una plaza")
        verbose_name_plural = _("cambios de estado de las plazas")

    def __str__(self):
        return f"{self.posting} · {self.get_to_status_display()}"
