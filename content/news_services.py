"""Every change of a news item goes through here: writing and editing, publishing (now or from
a scheduled time), unpublishing, a chapter's proposal and IME's decision on it. The allowed status
changes are the table in content.models.news; every other one is refused with a message, and
each change is kept in the item's history."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from redtalentos.lib import emails
from redtalentos.lib.markdown import plain_text
from redtalentos.lib.workflows import Refused, record

from .models import NewsItem, NewsScope, NewsStatus
from .models.news import RESERVED_SLUGS

NS = NewsStatus
SUMMARY_LENGTH = 300
# `with muted():` sends none of these emails (demo data: nobody to write to).
muted = emails.Muting("content_news")


class NewsRefused(Refused):
    """A step of a news item that the rules refuse."""


def _free_slug(title):
    base = slugify(title)[:200] or "noticia"
    slug, number = base, 1
    while slug in RESERVED_SLUGS or NewsItem.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def _create(**fields):
    """Saves a new item under a free slug (a race for the same slug retries once)."""
    for _attempt in range(2):
        try:
            with transaction.atomic():
                return NewsItem.objects.create(slug=_free_slug(fields["title"]), **fields)
        except IntegrityError:
            continue
    raise NewsRefused(_("No pudimos guardar la noticia; inténtalo de nuevo."))


@transaction.atomic
def write(*, form, author):
    """A new draft from the writer's form (IME: national or sector; PNCS: their sectors)."""
    item = _create(author=author, status=NS.DRAFT, **form.cleaned_data)
    record(item, "", actor=author)
    return item


@transaction.atomic
def edit(*, item, form):
    """The text and settings of an item; published, its new text is what readers see. A
    published item given a scheduled time ahead is hidden until then."""
    for name, value in form.cleaned_data.items():
        setattr(item, name, value)
    if item.status == NS.PUBLISHED and item.publish_at and item.publish_at > timezone.now():
        item.published_at = item.publish_at
    item.save()
    return item


def _locked(item):
    return NewsItem.objects.select_for_update(of=("self",)).get(pk=item.pk)


def _move(item, status, *, actor, note=""):
    if not item.allows(status):
        raise NewsRefused(
            _("Esta noticia está «%(status)s»: ese cambio no es posible.")
            % {"status": item.get_status_display()}
        )
    if status == NS.PUBLISHED:
        now = timezone.now()
        item.published_at = max(item.publish_at, now) if item.publish_at else now
    elif status == NS.DRAFT:
        item.published_at = None
    item.workflow.move(item, status, actor=actor, note=note)
    return item


@transaction.atomic
def publish(*, item, actor):
    """A draft goes out (from its scheduled time, if it has one in the future)."""
    item = _locked(item)
    if item.status == NS.IN_REVIEW:
        raise NewsRefused(
            _("Esta noticia es una propuesta de un capítulo: promuévela o declínala.")
        )
    return _move(item, NS.PUBLISHED, actor=actor)


@transaction.atomic
def unpublish(*, item, actor):
    """Back to a draft: it leaves the list, the feeds and the home page."""
    return _move(_locked(item), NS.DRAFT, actor=actor)


@transaction.atomic
def propose(*, chapter_news, leader, language):
    """A chapter's news item proposed for the national front page: a copy of its text, in review.
    Proposed once: a second proposal of the same item is refused."""
    if NewsItem.objects.filter(source_news=chapter_news).exists():
        raise NewsRefused(_("Esta noticia del capítulo ya fue propuesta para la portada."))
    item = _create(
        title=chapter_news.title,
        summary=plain_text(chapter_news.body)[:SUMMARY_LENGTH],
        body=chapter_news.body,
        language=language,
        scope=NewsScope.CHAPTER,
        chapter=chapter_news.chapter,
        source_news=chapter_news,
        author=leader,
        status=NS.IN_REVIEW,
    )
    record(item, "", actor=leader)
    return item


@transaction.atomic
def decide(*, item, reviewer, promote, comment=""):
    """IME promotes a proposal (published, national, keeping its chapter) or declines it with a
    comment. The leader who proposed it hears either way, after the commit. Only IME reaches
    this (content.news_permissions: a proposal is IME's to edit)."""
    item = _locked(item)
    if item.status != NS.IN_REVIEW:
        raise NewsRefused(
            _("Esta noticia ya no espera revisión (%(status)s).")
            % {"status": item.get_status_display().lower()}
        )
    comment = comment.strip()
    if not promote and not comment:
        raise NewsRefused(_("Escribe un comentario para el capítulo: le dice por qué se declina."))
    if promote:
        item.scope = NewsScope.NATIONAL
    item.reviewed_by = reviewer
    item.review_comment = comment
    _move(item, NS.PUBLISHED if promote else NS.DECLINED, actor=reviewer, note=comment)
    _tell_leader(item)
    return item


def _tell_leader(item):
    author = item.author
    if muted.active or author is None or not author.email:
        return
    language = translation.get_language() or settings.LANGUAGE_CODE
    context = {
        "name": author.get_short_name() or author.get_full_name(),
        "news": item,
        "promoted": item.status == NS.PUBLISHED,
        "comment": item.review_comment,
        "url": emails.absolute(settings.SITE_URL, item.get_absolute_url()),
    }

    def callback():
        with translation.override(language):
            emails.send("content_news_decided", to=[author.email], context=context)

    transaction.on_commit(callback)
