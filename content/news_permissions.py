"""Who may do what with the news (/noticias/). Every news view asks here.

- Published items (past their scheduled time) are public. Any other item exists only for who may
  edit it and, for a chapter's proposal, for the leaders of that chapter; for anyone else 404.
- IME (second factor passed in this session) writes, edits, publishes and unpublishes every item,
  and promotes or declines the chapters' proposals.
- PNCS staff (second factor passed) write the news of their sectors and publish or unpublish
  them themselves: a sector's news speak for its contact point. IME may unpublish them too.
- A chapter's leaders propose one of their chapter's news items for the national front page;
  the proposal is IME's to edit and decide.
- Signed in without the right: 403.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from chapters.permissions import can_lead
from members.permissions import pncs_sector_ids
from redtalentos.lib.roles import is_ime_admin

from .models import NewsItem, NewsScope


def writable_sector_ids(user):
    """None for IME (every sector), the sectors of a PNCS, an empty set for everybody else."""
    if is_ime_admin(user):
        return None
    return pncs_sector_ids(user)


def can_write(user):
    return is_ime_admin(user) or bool(pncs_sector_ids(user))


def require_writer(request):
    if not can_write(request.user):
        raise PermissionDenied


def can_edit(user, item):
    if is_ime_admin(user):
        return True
    return item.scope == NewsScope.SECTOR and item.sector_id in pncs_sector_ids(user)


def can_see(user, item):
    if item.is_live or can_edit(user, item):
        return True
    return item.chapter_id is not None and can_lead(user, item.chapter)


def get_news_for_reader(request, slug):
    """The item at `slug` for whoever may see it; 404 for everybody else."""
    item = get_object_or_404(
        NewsItem.objects.select_related("sector", "chapter", "author", "source_news__chapter"),
        slug=slug,
    )
    if not can_see(request.user, item):
        raise Http404
    return item


def get_news_for_editor(request, slug):
    """404 for who may not see it, 403 for who sees it but may not change it."""
    item = get_news_for_reader(request, slug)
    if not can_edit(request.user, item):
        raise PermissionDenied
    return item
