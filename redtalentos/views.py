"""Site pages: home, privacy notice, health check, robots.txt, and the error pages Django does not
render on its own terms (a form refused by the CSRF check, the database unavailable)."""

import logging

from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from chapters.models import Chapter
from members.models import Member
from pncs.models import Sector

logger = logging.getLogger(__name__)


def home(request):
    figures = {
        "members": Member.objects.filter(user__is_active=True).count(),
        "chapters": Chapter.objects.count(),
        "sectors": Sector.objects.count(),
    }
    return render(
        request,
        "redtalentos/home.html",
        {"figures": figures, "sectors": Sector.objects.all()},
    )


def privacy_notice(request):
    return render(request, "redtalentos/privacy_notice.html")


@require_GET
@cache_control(no_store=True)
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


@require_GET
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
