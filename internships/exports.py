"""IME's streamed CSV exports of a cycle: its postings, its applications (names, statuses and
ranks, never a CV nor the motivation) and its placements. Each export is logged like the
experts' and the Jornadas registrations' exports (members.models.StaffAccess, kind export, with
the number of rows), and streamed row by row (redtalentos.lib.exports.stream_csv)."""

from django.http import StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from members.models import StaffAccess
from redtalentos.lib.exports import stream_csv

from .models import Application, Placement, Posting

BATCH = 500


def _day(value):
    return value.isoformat() if value else ""


def _moment(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _postings(cycles):
    rows = (
        Posting.objects.filter(cycle__in=cycles)
        .select_related("cycle", "host")
        .order_by("cycle__placement_start", "title", "pk")
    )
    header = [
        _("ciclo"),
        _("plaza"),
        _("organización"),
        _("persona anfitriona"),
        _("ciudad"),
        _("país"),
    ]
    header += [_("a distancia"), _("semanas"), _("lugares"), _("estado"), _("publicada")]

    def line(row, yes, no):
        return [
            row.cycle.name,
            row.title,
            row.organisation,
            row.host.full_name if row.host else "",
            row.city,
            row.country.name if row.country else "",
            yes if row.remote else no,
            row.duration_weeks,
            row.seats,
            row.get_status_display(),
            _moment(row.published_at),
        ]

    return header, rows, line


def _applications(cycles):
    rows = (
        Application.objects.filter(cycle__in=cycles)
        .select_related("cycle", "posting", "student")
        .order_by("cycle__placement_start", "posting__title", "host_rank", "pk")
    )
    header = [
        _("ciclo"),
        _("plaza"),
        _("organización"),
        _("estudiante"),
        _("universidad"),
        _("carrera"),
    ]
    header += [_("semestre"), _("estado"), _("preferencia"), _("orden de la persona anfitriona")]
    header += [_("elección de la persona anfitriona"), _("enviada")]

    def line(row, yes, no):
        return [
            row.cycle.name,
            row.posting.title,
            row.posting.organisation,
            row.student.get_full_name(),
            row.university,
            row.programme,
            row.semester or "",
            row.get_status_display(),
            row.rank or "",
            row.host_rank or "",
            row.get_host_choice_display(),
            _moment(row.submitted_at),
        ]

    return header, rows, line


def _placements(cycles):
    rows = (
        Placement.objects.filter(application__cycle__in=cycles)
        .select_related("application__cycle", "application__posting", "application__student")
        .order_by("application__cycle__placement_start", "starts_on", "pk")
    )
    header = [
        _("ciclo"),
        _("plaza"),
        _("organización"),
        _("estudiante"),
        _("inicio"),
        _("fin"),
        _("estado"),
    ]
    header += [_("concluida el")]

    def line(row, yes, no):
        application = row.application
        return [
            application.cycle.name,
            application.posting.title,
            application.posting.organisation,
            application.student.get_full_name(),
            _day(row.starts_on),
            _day(row.ends_on),
            row.get_status_display(),
            _moment(row.completed_at),
        ]

    return header, rows, line


KINDS = {
    "postings": ("plazas", _postings),
    "applications": ("postulaciones", _applications),
    "placements": ("estancias", _placements),
}


def export_cycles(request, cycles, kind):
    """A streamed CSV of `kind` ("postings", "applications", "placements") of `cycles`, logged
    as the request user's staff export."""
    filename, build = KINDS[kind]
    cycles = list(cycles)
    header, rows, line = build(cycles)
    StaffAccess.objects.create(
        viewer=request.user,
        kind=StaffAccess.Kind.EXPORT,
        rows=rows.count(),
        detail={
            "source": f"internships_{kind}",
            "format": "csv",
            "cycles": sorted(cycle.slug for cycle in cycles),
        },
    )
    language = translation.get_language()
    with translation.override(language):
        header = [str(heading) for heading in header]

    def lines():
        # The streamed body runs after the view returns: keep the request's language.
        with translation.override(language):
            yes, no = gettext("sí"), gettext("no")
            for row in rows.iterator(chunk_size=BATCH):
                yield line(row, yes, no)

    response = StreamingHttpResponse(
        stream_csv(header, lines()), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="pasantias-{filename}-{stamp}.csv"'
    response["Cache-Control"] = "no-store"
    return response
