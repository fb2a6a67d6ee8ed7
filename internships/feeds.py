"""The Atom feed of new postings (/pasantias/feed/): the latest published postings of the cycles
shown today, with the public list's filters (?sector=salud&pais=US) so that a feed reader can
follow one sector or country."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from .posting_views import listed_postings

FEED_SIZE = 50


class PostingFeed(Feed):
    feed_type = Atom1Feed
    title = _("Pasantías de la Red de Talentos Mexicanos")
    subtitle = _("Plazas nuevas en organizaciones de miembros de la red en el exterior.")

    def get_object(self, request):
        """The filtered postings (one Feed instance serves every request: nothing on `self`)."""
        filterset, _cycles = listed_postings(request.GET)
        return filterset

    def link(self):
        return reverse("internships:posting_list")

    def items(self, filterset):
        return filterset.qs[:FEED_SIZE]

    def item_title(self, item):
        return f"{item.title} · {item.organisation}"

    def item_description(self, item):
        return Truncator(item.description).words(60)

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_at

    def item_author_name(self, item):
        return item.organisation

    def item_categories(self, item):
        return [sector.display_name for sector in item.sectors.all()]
