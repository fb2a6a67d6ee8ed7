"""Proposals submitted to a call, their documents and the history of every change;
PROPOSAL_TRANSITIONS is the one table of allowed status changes."""

import uuid

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from redtalentos.lib.documents import private_storage, upload_to
from redtalentos.lib.workflows import Stateful, StatusChange, Workflow

from .calls import LANGUAGES, Call, RequiredDocument


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
PROPOSAL_WORKFLOW = Workflow(
    ProposalStatus,
    PROPOSAL_TRANSITIONS,
    refused=_("Una propuesta «%(current)s» no puede pasar a «%(wanted)s»."),
)
DECIDED = (PS.ACCEPTED, PS.REJECTED)


def _proposal_document():
    return SearchVector("title", "summary", config="rt_es") + SearchVector(
        "title", "summary", config="rt_en"
    )


class Proposal(Stateful, models.Model):
    """A proposal to a call by a participant (an institution in Mexico) or a member."""

    Status = ProposalStatus
    workflow = PROPOSAL_WORKFLOW

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


class ProposalChange(StatusChange):
    """One change of a proposal's status: who, from, to, why, when."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(
        _("de"), max_length=10, choices=ProposalStatus.choices, blank=True
    )
    to_status = models.CharField(_("a"), max_length=10, choices=ProposalStatus.choices)

    class Meta(StatusChange.Meta):
        verbose_name = _("cambio de una propuesta")
        verbose_name_plural = _("cambios de las propuestas")
