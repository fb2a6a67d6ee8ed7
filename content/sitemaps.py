"""Sitemap entries for the published news (registered in redtalentos.sitemaps)."""

from django.contrib.sitemaps import Sitemap

from .models import NewsItem


class NewsSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "monthly"

    def items(self):
        return NewsItem.objects.published().order_by("pk")

    def lastmod(self, item):
        return max(item.published_at, item.updated_at)
