"""The Atom feed of new opportunities (/proyectos/oportunidades/feed/): the latest published
opportunities, with the board's filters (?tipo=tech_offer&sector=salud) so that a feed reader
can follow one kind, sector or country."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .opportunity_views import board, label

FEED_SIZE = 50


class OpportunityFeed(Feed):
    feed_type = Atom1Feed
    title = _("Oportunidades de la Red de Talentos Mexicanos")
    subtitle = _(
        "Ofertas y demandas de tecnología y de negocio, y búsquedas de socios de investigación "
        "y desarrollo, revisadas por los PNCS."
    )

    def get_object(self, request):
        """The filtered board (one Feed instance serves every request: nothing on `self`)."""
        return board(request.GET)

    def link(self):
        return reverse("projects:opportunity_list")

    def items(self, obj):
        filterset, sectors_by_id = obj
        return [label(item, sectors_by_id) for item in filterset.qs[:FEED_SIZE]]

    def item_title(self, item):
        return f"{item.title} · {item.get_kind_display()}"

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_at

    def item_author_name(self, item):
        return item.organisation or None

    def item_categories(self, item):
        return [sector.display_name for sector in item.sector_list]
