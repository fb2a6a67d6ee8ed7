"""Public pages about the PNCS sectors: /sectores/ and /sectores/<slug>/."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from pncs import people
from pncs.models import ContactPoint, Sector


def _contact_points():
    return Prefetch(
        "contact_points", queryset=ContactPoint.objects.only("name", "slug", "public_contact")
    )


@require_safe
def sector_list(request):
    sectors = Sector.objects.prefetch_related(_contact_points())
    return render(request, "pncs/sector_list.html", {"sectors": sectors})


@require_safe
def sector_detail(request, slug):
    sector = get_object_or_404(Sector.objects.prefetch_related(_contact_points()), slug=slug)
    # What the page says about the sector's members comes from members (pncs.people).
    return render(
        request, "pncs/sector_detail.html", {"sector": sector, **people.sector_page(sector)}
    )
