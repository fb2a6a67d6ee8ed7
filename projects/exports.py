"""IME's streamed CSV export of opportunities (the admin's action): what each offers or seeks,
its kind, status, sectors and countries, its author by name, its dates and how many people
expressed interest. Never an email address, nor who was interested nor what they wrote. Logged
like the other staff exports (members.models.StaffAccess, kind export, with the number of rows)
and streamed row by row (redtalentos.lib.exports.stream_csv)."""

from django.db.models import Count
from django.http import StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from members.models import StaffAccess
from pncs.models import Sector
from redtalentos.lib.exports import stream_csv

from .models import Opportunity

BATCH = 500

HEADER = [
    _("tipo"),
    _("título"),
    _("en pocas palabras"),
    _("estado"),
    _("sectores"),
    _("países"),
    _("organización"),
    _("autor"),
    _("publicada"),
    _("vence"),
    _("fecha límite"),
    _("intereses"),
]


def _day(value):
    return value.isoformat() if value else ""


def _moment(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def export_opportunities(request, opportunities):
    """A streamed CSV of `opportunities` (a queryset), logged as the request user's export."""
    rows = (
        Opportunity.objects.filter(pk__in=opportunities.values("pk"))
        .select_related("author")
        .defer("description", "review_comment", "search")
        .annotate(interest_count=Count("interests"))
        .order_by("-published_at", "-pk")
    )
    StaffAccess.objects.create(
        viewer=request.user,
        kind=StaffAccess.Kind.EXPORT,
        rows=rows.count(),
        detail={"source": "projects_opportunities", "format": "csv"},
    )
    language = translation.get_language()
    with translation.override(language):
        header = [str(heading) for heading in HEADER]

    def line(row, sectors):
        return [
            row.get_kind_display(),
            row.title,
            row.summary,
            row.get_status_display(),
            "; ".join(sectors[pk] for pk in row.sector_ids if pk in sectors),
            "; ".join(countries.name(code) for code in row.countries),
            row.organisation,
            row.author.get_full_name(),
            _moment(row.published_at),
            _moment(row.expires_at),
            _day(row.deadline),
            row.interest_count,
        ]

    def lines():
        # The streamed body runs after the view returns: keep the request's language.
        with translation.override(language):
            sectors = {sector.pk: sector.display_name for sector in Sector.objects.all()}
            for row in rows.iterator(chunk_size=BATCH):
                yield line(row, sectors)

    response = StreamingHttpResponse(
        stream_csv(header, lines()), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="oportunidades-{stamp}.csv"'
    response["Cache-Control"] = "no-store"
    return response
