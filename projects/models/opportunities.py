"""Opportunities (/proyectos/oportunidades/): typed offers and requests (technology, business,
research and development partners) that members, chapter leaders and staff publish. Staff of one
of its sectors review an opportunity before it is published; it expires after
settings.OPPORTUNITY_MONTHS months (its author is reminded and may renew it); anyone signed in
may express interest, answered by the author through the brokered channel."""

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from redtalentos.lib.workflows import Stateful, StatusChange, Workflow


class OpportunityKind(models.TextChoices):
    TECH_OFFER = "tech_offer", _("Oferta tecnológica")
    TECH_REQUEST = "tech_request", _("Demanda tecnológica")
    BUSINESS_OFFER = "business_offer", _("Oferta de negocio")
    BUSINESS_REQUEST = "business_request", _("Demanda de negocio")
    RD_PARTNER = "rd_partner", _("Búsqueda de socios de investigación y desarrollo")


class OpportunityStatus(models.TextChoices):
    DRAFT = "draft", _("Borrador")
    SUBMITTED = "submitted", _("En revisión")
    PUBLISHED = "published", _("Publicada")
    RETURNED = "returned", _("Devuelta con comentarios")
    EXPIRED = "expired", _("Vencida")
    WITHDRAWN = "withdrawn", _("Retirada")


OS = OpportunityStatus
# The only changes an opportunity's status may make (projects.opportunities refuses the rest).
# Renewing an expired or published opportunity keeps it published, with a new expiry.
OPPORTUNITY_TRANSITIONS = {
    OS.DRAFT: {OS.SUBMITTED, OS.WITHDRAWN},
    OS.RETURNED: {OS.SUBMITTED, OS.WITHDRAWN},
    OS.SUBMITTED: {OS.PUBLISHED, OS.RETURNED, OS.WITHDRAWN},
    OS.PUBLISHED: {OS.EXPIRED, OS.WITHDRAWN, OS.PUBLISHED},
    OS.EXPIRED: {OS.PUBLISHED, OS.WITHDRAWN},
}
OPPORTUNITY_WORKFLOW = Workflow(
    OpportunityStatus,
    OPPORTUNITY_TRANSITIONS,
    refused=_("Una oportunidad «%(current)s» no puede pasar a «%(wanted)s»."),
)
EDITABLE = (OS.DRAFT, OS.RETURNED)


def _search_document():
    return SearchVector("title", "summary", "description", config="rt_es") + SearchVector(
        "title", "summary", "description", config="rt_en"
    )


class OpportunityQuerySet(models.QuerySet):
    def published(self, now=None):
        return self.filter(status=OS.PUBLISHED, expires_at__gt=now or timezone.now())


class Opportunity(Stateful, models.Model):
    Kind = OpportunityKind
    Status = OpportunityStatus
    workflow = OPPORTUNITY_WORKFLOW

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("tipo"), max_length=20, choices=OpportunityKind.choices)
    title = models.CharField(_("título"), max_length=160)
    summary = models.CharField(
        _("en pocas palabras"),
        max_length=300,
        help_text=_("Lo que se ofrece o se busca, en una o dos frases."),
    )
    description = models.TextField(_("descripción"), max_length=6000)
    sectors = models.ManyToManyField(
        "pncs.Sector", verbose_name=_("sectores"), related_name="opportunities"
    )
    # The sectors' ids, copied by projects.opportunities.save_opportunity for the board's filter.
    sector_ids = ArrayField(models.IntegerField(), default=list, editable=False)
    countries = ArrayField(
        models.CharField(max_length=2), verbose_name=_("países"), default=list, blank=True
    )
    deadline = models.DateField(_("fecha límite"), null=True, blank=True)
    organisation = models.CharField(_("organización"), max_length=200, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("autor"),
        on_delete=models.CASCADE,
        related_name="opportunities",
    )
    status = models.CharField(
        _("estado"), max_length=10, choices=OpportunityStatus.choices, default=OS.DRAFT
    )
    review_comment = models.TextField(_("comentario de la revisión"), max_length=2000, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revisada por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opportunities_reviewed",
    )
    published_at = models.DateTimeField(_("publicada"), null=True, blank=True)
    expires_at = models.DateTimeField(_("vence"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("recordatorio enviado"), null=True, blank=True)
    search = models.GeneratedField(
        expression=_search_document(), output_field=SearchVectorField(), db_persist=True
    )
    created_at = models.DateTimeField(_("creada"), default=timezone.now)
    updated_at = models.DateTimeField(_("actualizada"), auto_now=True)

    objects = OpportunityQuerySet.as_manager()

    class Meta:
        verbose_name = _("oportunidad")
        verbose_name_plural = _("oportunidades")
        ordering = ["-published_at", "-pk"]
        indexes = [
            # The board: published and not expired, newest first, by kind and sector, and words.
            models.Index(
                fields=["-published_at", "-id"],
                name="projects_opp_board_idx",
                condition=Q(status="published"),
            ),
            # Every filter of the board in one index (kind through btree_gin), so that a
            # combination of them is found in the index rather than row by row in the table.
            GinIndex(
                fields=["search", "sector_ids", "countries", "kind"],
                name="projects_opp_search_idx",
                condition=Q(status="published"),
            ),
            models.Index(fields=["status", "expires_at"], name="projects_opp_expiry_idx"),
            models.Index(fields=["author", "status"], name="projects_opp_author_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("projects:opportunity_detail", kwargs={"uuid": self.uuid})

    @property
    def is_editable(self):
        return self.status in EDITABLE

    @property
    def is_live(self):
        return self.status == OS.PUBLISHED and (
            self.expires_at is None or self.expires_at > timezone.now()
        )


class OpportunityChange(StatusChange):
    """One change of an opportunity's status: who (empty for the system), from, to, comment."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(_("de"), max_length=10, choices=OpportunityStatus.choices)
    to_status = models.CharField(_("a"), max_length=10, choices=OpportunityStatus.choices)

    class Meta(StatusChange.Meta):
        verbose_name = _("cambio de una oportunidad")
        verbose_name_plural = _("cambios de las oportunidades")


class OpportunityInterest(models.Model):
    """Someone signed in is interested in an opportunity. When its author has a member profile,
    the interest is an introduction request (the brokered channel: the member's budget and pause
    count, addresses shared only on acceptance); staff authors answer it on the opportunity's
    page with the same rule (addresses emailed to both only when they accept)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pendiente")
        ACCEPTED = "accepted", _("Aceptada")
        DECLINED = "declined", _("Declinada")

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="interests")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("persona interesada"),
        on_delete=models.CASCADE,
        related_name="opportunity_interests",
    )
    message = models.TextField(_("mensaje"), max_length=1000)
    introduction = models.OneToOneField(
        "members.IntroductionRequest",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opportunity_interest",
    )
    status = models.CharField(
        _("estado"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("enviada"), default=timezone.now)
    answered_at = models.DateTimeField(_("respondida"), null=True, blank=True)

    class Meta:
        verbose_name = _("interés en una oportunidad")
        verbose_name_plural = _("intereses en oportunidades")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "person"], name="projects_interest_once")
        ]

    def __str__(self):
        return f"{self.opportunity} · {self.get_status_display()}"


class DigestSubscriber(models.Model):
    """A member's state for the weekly digest of opportunities in their sectors (sent to members
    who consented to the network's news): when the last one left, and whether they unsubscribed
    through the one-click link (no sign-in needed)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="opportunity_digest",
        verbose_name=_("persona"),
    )
    last_sent_at = models.DateTimeField(_("último envío"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("baja"), null=True, blank=True)

    class Meta:
        verbose_name = _("suscripción al resumen de oportunidades")
        verbose_name_plural = _("suscripciones al resumen de oportunidades")

    def __str__(self):
        return str(self.user_id)
