"""Calls for proposals: their status table (CALL_TRANSITIONS), weighted criteria, required
documents and review phases."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from redtalentos.lib.workflows import Stateful, StatusChange, Workflow

LANGUAGES = [("es", _("Español")), ("en", _("Inglés"))]


class CallStatus(models.TextChoices):
    DRAFT = "draft", _("Borrador")
    PUBLISHED = "published", _("Publicada")
    DECIDED = "decided", _("Resultados publicados")
    CANCELLED = "cancelled", _("Cancelada")


CS = CallStatus
CALL_TRANSITIONS = {
    CS.DRAFT: {CS.PUBLISHED, CS.CANCELLED},
    CS.PUBLISHED: {CS.DECIDED, CS.CANCELLED},
}
CALL_WORKFLOW = Workflow(
    CallStatus,
    CALL_TRANSITIONS,
    refused=_("Una convocatoria «%(current)s» no puede pasar a «%(wanted)s»."),
)


class Call(Stateful, models.Model):
    """A call for proposals and the rules of its review."""

    Status = CallStatus
    workflow = CALL_WORKFLOW

    slug = models.SlugField(_("identificador en URL"), max_length=80, unique=True)
    title = models.CharField(_("título"), max_length=200)
    description = models.TextField(_("descripción"), max_length=10_000)
    sectors = models.ManyToManyField(
        "pncs.Sector", verbose_name=_("sectores"), related_name="calls"
    )
    opens_at = models.DateTimeField(_("recibe propuestas desde"))
    closes_at = models.DateTimeField(_("fecha límite de las propuestas"))
    status = models.CharField(
        _("estado"), max_length=10, choices=CallStatus.choices, default=CS.DRAFT
    )
    blind = models.BooleanField(
        _("evaluación ciega"),
        default=True,
        help_text=_("Las fases nuevas ocultan a los evaluadores los nombres de quienes proponen."),
    )
    reviewers_per_proposal = models.PositiveSmallIntegerField(
        _("evaluadores por propuesta"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(9)],
    )
    max_per_reviewer = models.PositiveSmallIntegerField(
        _("máximo de propuestas por evaluador"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(200)],
    )
    languages = ArrayField(
        models.CharField(max_length=2, choices=LANGUAGES),
        verbose_name=_("idiomas de las propuestas"),
        default=list,
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("abierta por"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="calls_opened",
    )
    created_at = models.DateTimeField(_("creada"), default=timezone.now)

    class Meta:
        verbose_name = _("convocatoria")
        verbose_name_plural = _("convocatorias")
        ordering = ["-closes_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="committees_call_closes_after_opening",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("committees:call_detail", kwargs={"slug": self.slug})

    def accepts_proposals(self, now=None):
        now = now or timezone.now()
        return self.status == CS.PUBLISHED and self.opens_at <= now < self.closes_at


class CallChange(StatusChange):
    """One change of a call's status; its creation is the first row (from empty)."""

    call = models.ForeignKey(
        Call, verbose_name=_("convocatoria"), on_delete=models.CASCADE, related_name="history"
    )
    from_status = models.CharField(_("de"), max_length=10, choices=CallStatus.choices, blank=True)
    to_status = models.CharField(_("a"), max_length=10, choices=CallStatus.choices)

    class Meta(StatusChange.Meta):
        verbose_name = _("cambio de estado de una convocatoria")
        verbose_name_plural = _("cambios de estado de las convocatorias")


class Criterion(models.Model):
    """A criterion of the review: its weight in the total and the scale of its score (0 to
    `scale_max`)."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("criterio"), max_length=160)
    description = models.CharField(_("qué se valora"), max_length=500, blank=True)
    weight = models.PositiveSmallIntegerField(
        _("peso"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    scale_max = models.PositiveSmallIntegerField(
        _("puntuación máxima"), default=5, validators=[MinValueValidator(2), MaxValueValidator(10)]
    )
    position = models.PositiveSmallIntegerField(_("orden"), default=0)

    class Meta:
        verbose_name = _("criterio de evaluación")
        verbose_name_plural = _("criterios de evaluación")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.name


class RequiredDocument(models.Model):
    """A PDF every proposal to the call must carry."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="required_documents")
    name = models.CharField(_("documento"), max_length=160)
    position = models.PositiveSmallIntegerField(_("orden"), default=0)

    class Meta:
        verbose_name = _("documento requerido")
        verbose_name_plural = _("documentos requeridos")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.name


class ReviewPhase(models.Model):
    """A phase of the review: whether reviewers write, whether they see the other reviews of a
    proposal (never, or once they submitted their own) and whether applicants' names are hidden.
    Reviewers only ever see the proposals assigned to them; one phase of a call is active."""

    class OtherReviews(models.TextChoices):
        NEVER = "never", _("Nunca")
        AFTER_OWN = "after_own", _("Después de enviar la propia")

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="phases")
    name = models.CharField(_("fase"), max_length=120)
    position = models.PositiveSmallIntegerField(_("orden"), default=0)
    is_active = models.BooleanField(_("activa"), default=False)
    can_write = models.BooleanField(_("los evaluadores escriben"), default=True)
    other_reviews = models.CharField(
        _("ven las otras evaluaciones"),
        max_length=10,
        choices=OtherReviews.choices,
        default=OtherReviews.NEVER,
    )
    hide_names = models.BooleanField(_("oculta los nombres de quienes proponen"), default=True)

    class Meta:
        verbose_name = _("fase de evaluación")
        verbose_name_plural = _("fases de evaluación")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["call"],
                condition=Q(is_active=True),
                name="committees_phase_one_active_per_call",
            ),
        ]

    def __str__(self):
        return self.name
