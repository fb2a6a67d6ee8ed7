"""Public pages about the PNCS sectors: /sectores/ and /sectores/<slug>/."""

from django.apps import apps
from django.db.models import Case, CharField, Count, F, Prefetch, Value, When
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe
from django_countries import countries

from pncs.models import ContactPoint, Sector

FEATURED_LIMIT = 12
# members.Visibility.PUBLIC: aggregates count a field only where its owner made it public.
PUBLIC = "public"


def _contact_points():
    return Prefetch(
        "contact_points", queryset=ContactPoint.objects.only("name", "slug", "public_contact")
    )


@require_safe
def sector_list(request):
    sectors = Sector.objects.prefetch_related(_contact_points())
    return render(request, "pncs/sector_list.html", {"sectors": sectors})


def _listed_members(sector):
    """Members of `sector` in the public directory (consent to public listing, active account)
    who also made their sectors public: for the others, being in `sector` is not public."""
    Member = apps.get_model("members", "Member")
    return Member.objects.listed_publicly().filter(sectors=sector, visibility_expertise=PUBLIC)


def members_by_country(sector):
    """[(country name, count)] of publicly listed members, largest first; members who keep their
    residence non-public are counted under "" (one GROUP BY query)."""
    rows = (
        _listed_members(sector)
        .annotate(
            shown_country=Case(
                When(visibility_location=PUBLIC, then=F("country")),
                default=Value(""),
                output_field=CharField(),
            )
        )
        .values("shown_country")
        .annotate(count=Count("pk"))
        .order_by()
    )
    named = [(countries.name(row["shown_country"]), row["count"]) for row in rows]
    return sorted(named, key=lambda item: (item[0] == "", -item[1], item[0]))


def members_by_chapter(sector):
    """[(chapter name, chapter url or "", count)] of publicly listed members, largest first; no
    chapter or a non-public one counts under "" (one GROUP BY query)."""
    public_chapter = {"visibility_chapter": PUBLIC, "chapter__isnull": False}
    rows = (
        _listed_members(sector)
        .annotate(
            shown_chapter=Case(
                When(**public_chapter, then=F("chapter__name")),
                default=Value(""),
                output_field=CharField(),
            ),
            shown_chapter_slug=Case(
                When(**public_chapter, then=F("chapter__slug")),
                default=Value(""),
                output_field=CharField(),
            ),
        )
        .values("shown_chapter", "shown_chapter_slug")
        .annotate(count=Count("pk"))
        .order_by()
    )
    Chapter = apps.get_model("chapters", "Chapter")
    named = []
    for row in rows:
        name = row["shown_chapter"]
        url = Chapter(slug=row["shown_chapter_slug"]).get_absolute_url() if name else ""
        named.append((name, url, row["count"]))
    return sorted(named, key=lambda item: (item[0] == "", -item[2], item[0]))


@require_safe
def sector_detail(request, slug):
    sector = get_object_or_404(Sector.objects.prefetch_related(_contact_points()), slug=slug)
    by_country = members_by_country(sector)
    featured = (
        _listed_members(sector)
        .only("full_name", "headline", "slug")
        .order_by("-created_at", "-pk")[:FEATURED_LIMIT]
    )
    return render(
        request,
        "pncs/sector_detail.html",
        {
            "sector": sector,
            "members_total": sum(count for _name, count in by_country),
            "by_country": by_country,
            "by_chapter": members_by_chapter(sector),
            "featured": featured,
        },
    )
