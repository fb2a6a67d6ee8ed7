"""Sitemap entries for the published news and open-data snapshots (registered in
redtalentos.sitemaps)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import DataSnapshot, NewsItem


class NewsSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "monthly"

    def items(self):
        return NewsItem.objects.published().order_by("pk")

    def lastmod(self, item):
        return max(item.published_at, item.updated_at)


class SnapshotSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "yearly"

    def items(self):
        return DataSnapshot.objects.defer("csv", "json").order_by("period")

    def location(self, item):
        return reverse("content:snapshot_detail", args=[item.period])

    def lastmod(self, item):
        return item.published_at
