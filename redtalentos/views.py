"""Site pages: home, privacy notice, health check, robots.txt, and the error pages Django does not
render on its own terms (a form refused by the CSRF check, the database unavailable)."""

import sys

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views import defaults
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from chapters.models import Chapter
from content.models import NewsItem, SiteTextKey
from content.site_texts import texts_for
from internships.models import Cycle, Posting
from jornadas.models import Edition
from members.models import LISTED, ContributionOffer, Member
from pncs.models import Sector
from projects.models import Opportunity
from redtalentos.lib.logging import database_unavailable


@require_safe
def home(request):
    """The visitors' home. Its figures count different things and each says which: every talent
    with an active account, and of those the profiles the public directory lists (with the
    directory's own condition, so that the figure and the directory's total agree)."""
    sectors = list(Sector.objects.all())
    talents = Member.objects.filter(user__is_active=True).aggregate(
        members=Count("pk"), listed=Count("pk", filter=LISTED)
    )
    figures = {**talents, "chapters": Chapter.objects.count(), "sectors": len(sectors)}
    offers = [{"value": value, "label": label} for value, label in ContributionOffer.choices]
    # IME edits these in the admin (content.SiteText); one query for the page's four texts.
    texts = texts_for(*SiteTextKey.values)
    # The three latest national news items (promoted chapter proposals among them): one query.
    news = list(NewsItem.objects.published().national()[:3])
    # What comes next in the network: the next Jornada, the internships open to applications
    # (counted) and the newest opportunities; one query each.
    coming = {
        "edition": Edition.objects.upcoming().first(),
        "postings": Posting.objects.published()
        .filter(cycle__in=Cycle.objects.accepting_applications())
        .count(),
        "opportunities": list(Opportunity.objects.published().order_by("-published_at")[:3]),
    }
    return render(
        request,
        "redtalentos/home.html",
        {
            "figures": figures,
            "sectors": sectors,
            "offers": offers,
            "texts": texts,
            "news": news,
            "coming": coming,
        },
    )


@require_safe
def privacy_notice(request):
    return render(request, "redtalentos/privacy_notice.html")


@require_safe
@cache_control(no_store=True)
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        # Logged once, by Django, as every 5xx response.
        response = HttpResponse("database unavailable\n", status=503, content_type="text/plain")
        response["Retry-After"] = str(settings.RETRY_AFTER_SECONDS)
        return response
    return HttpResponse("ok\n", content_type="text/plain")


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /cuenta/",
        "Disallow: /en/cuenta/",
        "Disallow: /pncs/",
        "Disallow: /en/pncs/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain")


def csrf_failure(request, reason=""):
    """A form refused by the CSRF check (settings.CSRF_FAILURE_VIEW): the site's page, in the
    language of the page, instead of Django's technical one. The reason is already in the log."""
    return render(request, "403_csrf.html", status=403)


def server_error(request):
    """handler500. Django calls it while handling the exception, which sys.exc_info() gives.

    A database that cannot be reached (stopped, restarting, out of connections) is not a fault
    of the page: the visitor gets 503 with Retry-After and a short page rendered without the
    database, and Django logs the exception on one line (redtalentos.lib.logging). Django closes
    the broken connection at the end of the request, so the next one connects afresh.
    """
    if not database_unavailable(sys.exc_info()[1]):
        return defaults.server_error(request)
    # No context processors: they would load the session and the user from the database.
    html = render_to_string("503.html", {"request": request})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(settings.RETRY_AFTER_SECONDS)
    patch_cache_control(response, no_store=True)
    return response
