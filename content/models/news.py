"""News beyond the chapters (/noticias/): national news written by IME, sector news written by
the PNCS staff of the sector, and chapter news that a chapter's leadership proposes for the
national front page (IME promotes or declines it). The allowed status changes are the table
below; content.news_services refuses every other one with a message and keeps each change."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from redtalentos.lib.workflows import Stateful, StatusChange, Workflow

MARKDOWN_HELP = _("Markdown sencillo: párrafos, *cursivas*, **negritas**, listas y enlaces.")


class NewsLanguage(models.TextChoices):
    ES = "es", _("Español")
    EN = "en", _("Inglés")


class NewsScope(models.TextChoices):
    NATIONAL = "national", _("Nacional")
    SECTOR = "sector", _("Sector")
    # A chapter's proposal for the national front page: promoted, it becomes national and keeps
    # its chapter (the per-chapter feed follows those).
    CHAPTER = "chapter", _("Propuesta de un capítulo")


class NewsStatus(models.TextChoices):
    DRAFT = "draft", _("Borrador")
    IN_REVIEW = "in_review", _("En revisión")
    PUBLISHED = "published", _("Publicada")
    DECLINED = "declined", _("Declinada")


NS = NewsStatus
# The only changes a news item's status may make (content.news_services refuses the rest).
# A draft is published by who wrote it (IME, or the PNCS of its sector); a proposal is born in
# review and IME promotes or declines it (with a comment); IME, or the PNCS of a sector item,
# unpublishes a published item back to a draft. A declined proposal stays declined: its comment
# is the answer, and the chapter keeps its own news item.
NEWS_TRANSITIONS = {
    NS.DRAFT: {NS.PUBLISHED},
    NS.IN_REVIEW: {NS.PUBLISHED, NS.DECLINED},
    NS.PUBLISHED: {NS.DRAFT},
    NS.DECLINED: set(),
}
NEWS_WORKFLOW = Workflow(
    NewsStatus,
    NEWS_TRANSITIONS,
    refused=_("Una noticia «%(current)s» no puede pasar a «%(wanted)s»."),
)
# Paths under /noticias/ that a news item's slug must never take.
RESERVED_SLUGS = frozenset({"nueva", "revision", "feed", "sector", "capitulo", "idioma"})


class NewsItemQuerySet(models.QuerySet):
    def published(self, now=None):
        """Published and past their scheduled time: what visitors see."""
        return self.filter(status=NS.PUBLISHED, published_at__lte=now or timezone.now())

    def national(self):
        return self.filter(scope=NewsScope.NATIONAL)


class NewsItem(Stateful, models.Model):
    Scope = NewsScope
    Status = NewsStatus
    workflow = NEWS_WORKFLOW
    Language = NewsLanguage

    title = models.CharField(_("título"), max_length=200)
    slug = models.SlugField(_("identificador en URL"), max_length=220, unique=True)
    summary = models.CharField(
        _("resumen"), max_length=300, help_text=_("Una o dos frases: aparecen en la lista.")
    )
    body = models.TextField(_("texto"), max_length=20_000, help_text=MARKDOWN_HELP)
    language = models.CharField(
        _("idioma"),
        max_length=2,
        choices=NewsLanguage.choices,
        default=NewsLanguage.ES,
        help_text=_("Cada noticia se escribe en un solo idioma."),
    )
    scope = models.CharField(_("alcance"), max_length=10, choices=NewsScope.choices)
    sector = models.ForeignKey(
        "pncs.Sector",
        verbose_name=_("sector"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="news_items",
    )
    chapter = models.ForeignKey(
        "chapters.Chapter",
        verbose_name=_("capítulo"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="national_news",
    )
    # The chapter news item a proposal copies (its text is copied: IME approves, and publishes,
    # exactly the text it read). One proposal per chapter news item.
    source_news = models.OneToOneField(
        "chapters.ChapterNews",
        verbose_name=_("noticia del capítulo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposal",
    )
    status = models.CharField(
        _("estado"), max_length=10, choices=NewsStatus.choices, default=NS.DRAFT
    )
    publish_at = models.DateTimeField(
        _("publicar a partir de"),
        null=True,
        blank=True,
        help_text=_("Opcional: la noticia publicada aparece desde ese momento."),
    )
    published_at = models.DateTimeField(_("publicada"), null=True, blank=True, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("autor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="news_written",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revisada por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="news_reviewed",
    )
    review_comment = models.TextField(_("comentario de la revisión"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("creada"), auto_now_add=True)
    updated_at = models.DateTimeField(_("actualizada"), auto_now=True)

    objects = NewsItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("noticia")
        verbose_name_plural = _("noticias")
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="content_news_published_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(scope=NewsScope.SECTOR) | Q(sector__isnull=False),
                name="content_newsitem_sector_news_has_sector",
            ),
            models.CheckConstraint(
                condition=~Q(scope=NewsScope.CHAPTER) | Q(chapter__isnull=False),
                name="content_newsitem_proposal_has_chapter",
            ),
            models.CheckConstraint(
                condition=~Q(status=NS.PUBLISHED) | Q(published_at__isnull=False),
                name="content_newsitem_published_has_date",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("content:news_detail", kwargs={"slug": self.slug})

    @property
    def is_live(self):
        return (
            self.status == NS.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )


class NewsChange(StatusChange):
    """One change of a news item's status: who (empty once their account is gone), from, to,
    comment."""

    news = models.ForeignKey(NewsItem, on_delete=models.CASCADE, related_name="history")
    # Empty for the item's creation (a draft, or a proposal born in review).
    from_status = models.CharField(_("de"), max_length=10, choices=NewsStatus.choices, blank=True)
    to_status = models.CharField(_("a"), max_length=10, choices=NewsStatus.choices)

    class Meta(StatusChange.Meta):
        verbose_name = _("cambio de una noticia")
        verbose_name_plural = _("cambios de las noticias")
