"""IME's streamed CSV export of mentorships (the admin's action): who mentors whom, in which
sector and cohort, the status and its dates, and the hours recorded in the check-ins. Never an
email address, nor what the mentee or the mentor wrote (the goal, the check-ins, the reason of
an ending): those are read on the mentorship's page. Logged like the other staff exports
(members.models.StaffAccess, kind export, with the number of rows) and streamed row by row
(redtalentos.lib.exports.stream_csv)."""

from django.db.models import Count, Sum
from django.http import StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from members.models import StaffAccess
from redtalentos.lib.exports import stream_csv

from .models import Mentorship

BATCH = 500

HEADER = [
    _("mentor(a)"),
    _("país del mentor(a)"),
    _("persona mentorada"),
    _("institución, empresa o programa"),
    _("sector"),
    _("grupo"),
    _("estado"),
    _("propuesta"),
    _("inicio"),
    _("fin"),
    _("seguimientos"),
    _("horas registradas"),
]


def _day(value):
    return value.isoformat() if value else ""


def _moment(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _line(row):
    request = row.request
    return [
        row.mentor_name,
        row.mentor.country.name if row.mentor and row.mentor.country else "",
        request.mentee.get_full_name(),
        request.organisation,
        request.sector.name,
        request.cohort.name if request.cohort else "",
        row.get_status_display(),
        _moment(row.proposed_at),
        _day(row.started_on),
        _day(row.ended_on),
        row.check_in_count,
        row.hours_recorded if row.hours_recorded is not None else "",
    ]


def export_mentorships(request, mentorships):
    """A streamed CSV of `mentorships` (a queryset), logged as the request user's staff export."""
    rows = (
        Mentorship.objects.filter(pk__in=mentorships.values("pk"))
        .select_related("mentor", "request__mentee", "request__sector", "request__cohort")
        .annotate(check_in_count=Count("check_ins"), hours_recorded=Sum("check_ins__hours"))
        .order_by("-proposed_at", "-pk")
    )
    StaffAccess.objects.create(
        viewer=request.user,
        kind=StaffAccess.Kind.EXPORT,
        rows=rows.count(),
        detail={"source": "mentoring_mentorships", "format": "csv"},
    )
    language = translation.get_language()
    with translation.override(language):
        header = [str(heading) for heading in HEADER]

    def lines():
        # The streamed body runs after the view returns: keep the request's language.
        with translation.override(language):
            for row in rows.iterator(chunk_size=BATCH):
                yield _line(row)

    response = StreamingHttpResponse(
        stream_csv(header, lines()), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="mentorias-{stamp}.csv"'
    response["Cache-Control"] = "no-store"
    return response
