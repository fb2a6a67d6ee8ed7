"""The sitemap: every public page, in both languages. The browser checks walk the same list."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class StaticViewSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "weekly"

    def items(self):
        return ["home", "privacy_notice", "chapters:chapter_list", "pncs:sector_list"]

    def location(self, item):
        return reverse(item)


sitemaps = {"pages": StaticViewSitemap}
