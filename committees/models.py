"""Evaluation committees (/convocatorias/): IME or a PNCS opens a call with weighted criteria,
required documents and review rules; participants and members submit proposals until the
deadline; experts who consented to the PNCS search form the committee (invited through the
brokered channel); conflicts of interest are declared (once in the profile, and per proposal) and
detected from what the portal holds; proposals are assigned automatically and adjusted by hand;
reviews follow the call's phases; staff decide with a rationale and reviewers get a certificate.

The allowed status changes of calls and proposals are the tables below (committees.services
refuses the rest with a message); every change of a proposal is kept in its history."""

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from redtalentos.lib.documents import private_storage, upload_to

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


class Call(models.Model):
    """A call for proposals and the rules of its review."""

    Status = CallStatus

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

    def allows(self, status):
        return status in CALL_TRANSITIONS.get(self.status, set())

    def accepts_proposals(self, now=None):
        now = now or timezone.now()
        return self.status == CS.PUBLISHED and self.opens_at <= now < self.closes_at


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


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Enviada")
    IN_REVIEW = "in_review", _("En revisión")
    ACCEPTED = "accepted", _("Aceptada")
    REJECTED = "rejected", _("Rechazada")
    WITHDRAWN = "withdrawn", _("Retirada")


PS = ProposalStatus
PROPOSAL_TRANSITIONS = {
    PS.SUBMITTED: {PS.IN_REVIEW, PS.WITHDRAWN},
    PS.IN_REVIEW: {PS.ACCEPTED, PS.REJECTED, PS.WITHDRAWN},
}
DECIDED = (PS.ACCEPTED, PS.REJECTED)


def _proposal_document():
    return SearchVector("title", "summary", config="rt_es") + SearchVector(
        "title", "summary", config="rt_en"
    )


class Proposal(models.Model):
    """A proposal to a call by a participant (an institution in Mexico) or a member."""

    Status = ProposalStatus

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="proposals")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("quien propone"),
        on_delete=models.CASCADE,
        related_name="call_proposals",
    )
    applicant_name = models.CharField(_("nombre de quien propone"), max_length=150)
    organisation = models.CharField(_("institución que propone"), max_length=200)
    # The domain of the applicant's address when they submitted (for conflicts; never shown).
    email_domain = models.CharField(max_length=120, blank=True, editable=False)
    title = models.CharField(_("título"), max_length=200)
    summary = models.TextField(_("resumen"), max_length=5_000)
    language = models.CharField(_("idioma"), max_length=2, choices=LANGUAGES, default="es")
    status = models.CharField(
        _("estado"), max_length=10, choices=ProposalStatus.choices, default=PS.SUBMITTED
    )
    rationale = models.TextField(_("fundamento de la decisión"), max_length=3_000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decidida por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="call_proposals_decided",
    )
    decided_at = models.DateTimeField(_("decidida el"), null=True, blank=True)
    search = models.GeneratedField(
        expression=_proposal_document(), output_field=SearchVectorField(), db_persist=True
    )
    submitted_at = models.DateTimeField(_("enviada"), default=timezone.now)

    class Meta:
        verbose_name = _("propuesta")
        verbose_name_plural = _("propuestas")
        ordering = ["submitted_at", "pk"]
        indexes = [
            models.Index(fields=["call", "status"], name="committees_proposal_call_idx"),
            models.Index(fields=["applicant"], name="committees_proposal_appl_idx"),
            GinIndex(fields=["search"], name="committees_proposal_search_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("committees:proposal_detail", kwargs={"uuid": self.uuid})

    def allows(self, status):
        return status in PROPOSAL_TRANSITIONS.get(self.status, set())


class ProposalDocument(models.Model):
    """A PDF of a proposal (checked by redtalentos.lib.documents, stored privately; its
    applicant, the staff and its reviewers without a conflict fetch it, each fetch logged)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="documents")
    required = models.ForeignKey(
        RequiredDocument,
        verbose_name=_("documento requerido"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    name = models.CharField(_("documento"), max_length=160)
    file = models.FileField(
        _("archivo"),
        upload_to=upload_to("committees/proposals"),
        storage=private_storage,
        max_length=200,
    )
    size = models.PositiveIntegerField(_("tamaño en bytes"), default=0)
    pages = models.PositiveIntegerField(_("páginas"), default=0)
    created_at = models.DateTimeField(_("subido"), default=timezone.now)

    class Meta:
        verbose_name = _("documento de una propuesta")
        verbose_name_plural = _("documentos de las propuestas")
        ordering = ["pk"]

    def __str__(self):
        return self.name


class ProposalChange(models.Model):
    """One change of a proposal's status: who, from, to, why, when."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="history")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("quién"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    from_status = models.CharField(
        _("de"), max_length=10, choices=ProposalStatus.choices, blank=True
    )
    to_status = models.CharField(_("a"), max_length=10, choices=ProposalStatus.choices)
    note = models.TextField(_("nota"), max_length=3_000, blank=True)
    at = models.DateTimeField(_("cuándo"), default=timezone.now)

    class Meta:
        verbose_name = _("cambio de una propuesta")
        verbose_name_plural = _("cambios de las propuestas")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.from_status} → {self.to_status}"


class Reviewer(models.Model):
    """An expert of the call's committee, invited through the brokered channel (an
    introduction request: their budget and pause count, addresses shared only on acceptance)."""

    class Status(models.TextChoices):
        INVITED = "invited", _("Invitado")
        ACCEPTED = "accepted", _("Acepta")
        DECLINED = "declined", _("Declinó")

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="reviewers")
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("experto"),
        on_delete=models.CASCADE,
        related_name="committee_seats",
    )
    introduction = models.OneToOneField(
        "members.IntroductionRequest",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="committee_invitation",
    )
    status = models.CharField(
        _("estado"), max_length=10, choices=Status.choices, default=Status.INVITED
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invitado por"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("invitado el"), default=timezone.now)

    class Meta:
        verbose_name = _("evaluador")
        verbose_name_plural = _("evaluadores")
        ordering = ["call", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["call", "member"], name="committees_reviewer_once")
        ]

    def __str__(self):
        return f"{self.member} · {self.call}"


class Declaration(models.Model):
    """An expert's standing declaration of a conflict of interest, kept in their profile: an
    institution (where they work or worked, advise, hold shares) or a person (a relative, a
    co-author, a student)."""

    class Kind(models.TextChoices):
        INSTITUTION = "institution", _("Institución")
        PERSON = "person", _("Persona")

    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("miembro"),
        on_delete=models.CASCADE,
        related_name="conflict_declarations",
    )
    kind = models.CharField(_("tipo"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("nombre"), max_length=200)
    created_at = models.DateTimeField(_("declarada el"), default=timezone.now)

    class Meta:
        verbose_name = _("declaración de conflicto de interés")
        verbose_name_plural = _("declaraciones de conflicto de interés")
        ordering = ["kind", "name", "pk"]

    def __str__(self):
        return self.name


class ConflictSource(models.TextChoices):
    DECLARED = "declared", _("Declarado para esta propuesta")
    STANDING = "standing", _("Declaración permanente del experto")
    ORGANISATION = "organisation", _("Misma organización, actual o anterior")
    EDUCATION = "education", _("Misma institución en su formación")
    PROJECT = "project", _("Mismo proyecto binacional")
    MENTORING = "mentoring", _("Relación de mentoría")
    CHAPTER = "chapter", _("Dirige el capítulo de la otra persona")
    EMAIL_DOMAIN = "email_domain", _("Mismo dominio de correo institucional")


class Conflict(models.Model):
    """A conflict between a reviewer and a proposal, declared or detected. It blocks the
    assignment unless staff waive it with a written reason (logged here)."""

    Source = ConflictSource

    reviewer = models.ForeignKey(Reviewer, on_delete=models.CASCADE, related_name="conflicts")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="conflicts")
    source = models.CharField(_("origen"), max_length=14, choices=ConflictSource.choices)
    detail = models.CharField(_("detalle"), max_length=300, blank=True)
    waived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dispensado por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    waived_at = models.DateTimeField(_("dispensado el"), null=True, blank=True)
    waiver_reason = models.TextField(_("motivo de la dispensa"), max_length=2_000, blank=True)
    created_at = models.DateTimeField(_("detectado el"), default=timezone.now)

    class Meta:
        verbose_name = _("conflicto de interés")
        verbose_name_plural = _("conflictos de interés")
        ordering = ["proposal", "reviewer", "source"]
        constraints = [
            models.UniqueConstraint(
                fields=["reviewer", "proposal", "source"], name="committees_conflict_once"
            ),
            models.CheckConstraint(
                condition=Q(waived_at__isnull=True) | ~Q(waiver_reason=""),
                name="committees_conflict_waiver_has_reason",
            ),
        ]

    def __str__(self):
        return self.get_source_display()


class Assignment(models.Model):
    """A proposal given to a reviewer, by the automatic proposal or by hand."""

    reviewer = models.ForeignKey(Reviewer, on_delete=models.CASCADE, related_name="assignments")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="assignments")
    automatic = models.BooleanField(_("propuesta automática"), default=False)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asignada por"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("asignada el"), default=timezone.now)

    class Meta:
        verbose_name = _("asignación")
        verbose_name_plural = _("asignaciones")
        ordering = ["proposal", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["reviewer", "proposal"], name="committees_assignment_once"
            )
        ]

    def __str__(self):
        return f"{self.reviewer} · {self.proposal}"


class Review(models.Model):
    """A reviewer's review of an assigned proposal: a score per criterion, the weighted total
    (0 to 100), a comment to the applicant and one to the committee. A draft until submitted."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    assignment = models.OneToOneField(Assignment, on_delete=models.CASCADE, related_name="review")
    total = models.DecimalField(
        _("total ponderado"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    comment_to_applicant = models.TextField(
        _("comentario para quien propone"), max_length=5_000, blank=True
    )
    comment_to_committee = models.TextField(
        _("comentario para el comité"), max_length=5_000, blank=True
    )
    submitted_at = models.DateTimeField(_("enviada"), null=True, blank=True)
    updated_at = models.DateTimeField(_("actualizada"), auto_now=True)

    class Meta:
        verbose_name = _("evaluación")
        verbose_name_plural = _("evaluaciones")
        ordering = ["pk"]

    def __str__(self):
        return str(self.assignment)


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.PositiveSmallIntegerField(_("puntuación"))

    class Meta:
        verbose_name = _("puntuación")
        verbose_name_plural = _("puntuaciones")
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="committees_score_once")
        ]

    def __str__(self):
        return f"{self.criterion}: {self.value}"


class ReviewExport(models.Model):
    """Who exported a call's reviews, when, how many rows (every export)."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="exports")
    exported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("quién"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    rows = models.PositiveIntegerField(_("filas"), default=0)
    at = models.DateTimeField(_("cuándo"), default=timezone.now)

    class Meta:
        verbose_name = _("exportación de evaluaciones")
        verbose_name_plural = _("exportaciones de evaluaciones")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.call} · {self.at:%Y-%m-%d %H:%M}"


class DocumentAccess(models.Model):
    """Who fetched a proposal's document, when (every fetch)."""

    document = models.ForeignKey(
        ProposalDocument, on_delete=models.CASCADE, related_name="accesses"
    )
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("quién"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    at = models.DateTimeField(_("cuándo"), default=timezone.now)

    class Meta:
        verbose_name = _("consulta de un documento de propuesta")
        verbose_name_plural = _("consultas de documentos de propuestas")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.document_id} · {self.at:%Y-%m-%d %H:%M}"
