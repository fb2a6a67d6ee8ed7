"""Sitemap entries for the published editions and their sessions (registered in
redtalentos.sitemaps)."""

from django.contrib.sitemaps import Sitemap

from .models import Edition, Session


class EditionSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "weekly"

    def items(self):
        return Edition.objects.published().order_by("number")

    def lastmod(self, edition):
        return edition.updated_at


class SessionSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "weekly"

    def items(self):
        return (
            Session.objects.filter(edition__in=Edition.objects.published())
            .select_related("edition")
            .order_by("pk")
        )

    def lastmod(self, session):
        return session.updated_at
