"""The news feeds, RSS and Atom (/noticias/feed/…): all published news, and the news of one
sector, of one chapter (its proposals IME promoted) or in one language. Each feed is one query."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext_lazy as _

from chapters.models import Chapter
from pncs.models import Sector

from .models import NewsItem, NewsLanguage

FEED_SIZE = 30


class NewsFeed(Feed):
    """All published news. One Feed instance serves every request: nothing on `self`."""

    feed_type = Rss201rev2Feed
    title = _("Noticias de la Red de Talentos Mexicanos")
    description = _("Noticias nacionales, de los sectores y de los capítulos de la Red.")

    def link(self, obj=None):
        return reverse("content:news_list")

    def subtitle(self, obj=None):
        return self.description

    def filter(self, items, obj):
        return items

    def items(self, obj=None):
        items = NewsItem.objects.published().select_related("sector", "chapter", "author")
        return self.filter(items, obj)[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        return f"tag:redtalentos,news:{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return max(item.published_at, item.updated_at)

    def item_author_name(self, item):
        if item.chapter_id:
            return str(item.chapter)
        if item.sector_id:
            return str(item.sector)
        return "IME"

    def item_categories(self, item):
        return [str(what) for what in (item.sector, item.chapter) if what is not None]


class NewsAtomFeed(NewsFeed):
    feed_type = Atom1Feed


class SectorNewsFeed(NewsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Sector, slug=slug)

    def title(self, obj):
        return _("Noticias del sector %(name)s") % {"name": obj}

    def link(self, obj):
        return reverse("content:news_list") + f"?sector={obj.slug}"

    def filter(self, items, obj):
        return items.filter(sector=obj)


class SectorNewsAtomFeed(SectorNewsFeed):
    feed_type = Atom1Feed


class ChapterNewsFeed(NewsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Chapter, slug=slug)

    def title(self, obj):
        return _("Noticias del capítulo %(name)s") % {"name": obj}

    def link(self, obj):
        return reverse("content:news_list") + f"?capitulo={obj.slug}"

    def filter(self, items, obj):
        return items.filter(chapter=obj)


class ChapterNewsAtomFeed(ChapterNewsFeed):
    feed_type = Atom1Feed


class LanguageNewsFeed(NewsFeed):
    def get_object(self, request, language):
        if language not in NewsLanguage.values:
            raise Http404
        return language

    def title(self, obj):
        return _("Noticias en español") if obj == NewsLanguage.ES else _("Noticias en inglés")

    def link(self, obj):
        return reverse("content:news_list") + f"?idioma={obj}"

    def filter(self, items, obj):
        return items.filter(language=obj)


class LanguageNewsAtomFeed(LanguageNewsFeed):
    feed_type = Atom1Feed
