"""Sitemap entries for each chapter's page and its news (registered in redtalentos.sitemaps)."""

from django.contrib.sitemaps import Sitemap

from .models import Chapter, ChapterNews


class ChapterSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "weekly"

    def items(self):
        return Chapter.objects.order_by("name")


class ChapterNewsSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "monthly"

    def items(self):
        return ChapterNews.objects.published().select_related("chapter").order_by("pk")

    def lastmod(self, news):
        return news.published_at
