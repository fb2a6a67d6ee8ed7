"""The sitemap: every public page, in both languages. The browser checks walk the same list."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from chapters.sitemaps import ChapterNewsSitemap, ChapterSitemap
from content.sitemaps import NewsSitemap, SnapshotSitemap
from jornadas.sitemaps import EditionSitemap, SessionSitemap
from pncs.models import Sector


class StaticViewSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "weekly"

    def items(self):
        return [
            "home",
            "members:directory",
            "privacy_notice",
            "chapters:chapter_list",
            "pncs:sector_list",
            "jornadas:edition_list",
            "content:news_list",
            "content:statistics",
            "content:open_data",
        ]

    def location(self, item):
        return reverse(item)


class SectorSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "monthly"

    def items(self):
        return Sector.objects.all()


sitemaps = {
    "pages": StaticViewSitemap,
    "sectors": SectorSitemap,
    "chapters": ChapterSitemap,
    "chapter-news": ChapterNewsSitemap,
    "news": NewsSitemap,
    "open-data": SnapshotSitemap,
    "jornadas": EditionSitemap,
    "jornadas-sessions": SessionSitemap,
}
