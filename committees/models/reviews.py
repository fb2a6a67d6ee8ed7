"""The committee at work: reviewers and their declarations, conflicts of interest, assignments,
reviews with their scores, exports, and the log of who opened which document."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .calls import Call, Criterion
from .proposals import Proposal, ProposalDocument


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
