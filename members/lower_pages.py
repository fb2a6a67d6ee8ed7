"""The members' data shown on pages of the apps below members (pncs, chapters): each function is
registered in that app's registry (pncs.people, chapters.people) by MembersConfig.ready(), so
that those apps show it without importing members (DESIGN.md: imports run downhill)."""

from django.db.models import Case, CharField, Count, F, IntegerField, Value, When
from django_countries import countries

from chapters.models import Chapter

from .models import IntroductionRequest, Member, StaffAccess, Visibility

FEATURED_LIMIT = 12
RECENT_MEMBERS = 10
RECENT_INTRODUCTIONS = 20
PUBLIC = Visibility.PUBLIC


# chapters


def profile_of(user):
    return Member.objects.filter(user=user).first()


def visible_members(chapter):
    return (
        Member.objects.filter(chapter=chapter, visible_to_chapter=True, user__is_active=True)
        .only("full_name", "slug", "headline")
        .order_by("full_name", "pk")
    )


# pncs: the public page of a sector


def _listed_members(sector):
    """Members of `sector` in the public directory (consent to public listing, active account)
    who also made their sectors public: for the others, being in `sector` is not public."""
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
    named = []
    for row in rows:
        name = row["shown_chapter"]
        url = Chapter(slug=row["shown_chapter_slug"]).get_absolute_url() if name else ""
        named.append((name, url, row["count"]))
    return sorted(named, key=lambda item: (item[0] == "", -item[2], item[0]))


def sector_page(sector):
    by_country = members_by_country(sector)
    featured = (
        _listed_members(sector)
        .only("full_name", "headline", "slug")
        .order_by("-created_at", "-pk")[:FEATURED_LIMIT]
    )
    return {
        "members_total": sum(count for _name, count in by_country),
        "by_country": by_country,
        "by_chapter": members_by_chapter(sector),
        "featured": featured,
    }


# pncs: the staff workspace


def contact_point_home(sector_ids, staff_ids):
    pending = IntroductionRequest.Status.PENDING
    introductions = (
        IntroductionRequest.objects.filter(requester__in=staff_ids)
        .select_related("member", "requester")
        .order_by(
            Case(When(status=pending, then=0), default=1, output_field=IntegerField()),
            "-created_at",
        )[:RECENT_INTRODUCTIONS]
    )
    recent_members = (
        Member.objects.findable_by_pncs()
        .filter(sectors__in=sector_ids)
        .only("full_name", "headline", "slug", "created_at")
        .distinct()
        .order_by("-created_at", "-pk")[:RECENT_MEMBERS]
    )
    return {"introductions": introductions, "recent_members": recent_members}


def findable_members(contact_point, slugs):
    return {
        member.slug: member
        for member in Member.objects.findable_by_pncs()
        .filter(slug__in=slugs, sectors__contact_points=contact_point)
        .distinct()
    }


def record_export(viewer, rows, detail):
    StaffAccess.objects.create(
        viewer=viewer, kind=StaffAccess.Kind.EXPORT, rows=rows, detail=detail
    )
