"""Expert search for PNCS staff (/pncs/expertos/, in their workspace): the directory's search
over the members of the staff member's sectors who consented to being found by PNCS staff, at
staff level, with streamed CSV and XLSX exports. Every results page and every export is written
to the staff access log.

It lives in members, whose data it searches (imports run downhill, see DESIGN.md); its URLs stay
under /pncs/ and with them the workspace's MFA requirement (members.middleware).
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from pncs.models import ContactPoint
from redtalentos.lib.exports import stream_csv, stream_xlsx
from redtalentos.lib.roles import is_ime_admin, passed_mfa

from ..directory import (
    ALL_SECTORS,
    DirectoryForm,
    country_names,
    export_rows,
    reference_lists,
    run_search,
)
from ..models import Availability, ContributionOffer, Language, StaffAccess
from ..permissions import STAFF
from ..staff_limits import ExportRefused, export_rows_left, reserve_export
from ..visibility import sees
from .directory import RESULTS

EXPORT_BATCH = 2000


def _staff_sectors(request):
    """The sectors whose experts the user may search: their contact points' sectors, read with
    the workspace check in one query; ALL_SECTORS for IME. 403 for anybody else."""
    if is_ime_admin(request.user):
        return ALL_SECTORS
    rows = list(ContactPoint.objects.filter(staff=request.user).values_list("sectors", flat=True))
    if not rows:
        raise PermissionDenied
    # Staff-level data needs MFA in this session (members.permissions.pncs_sector_ids); the
    # middleware already asks for it before any /pncs/ page.
    return {sector for sector in rows if sector is not None} if passed_mfa(request.user) else set()


def _log(request, kind, criteria, rows, **detail):
    return StaffAccess.objects.create(
        viewer=request.user,
        kind=kind,
        rows=rows,
        detail={"source": "pncs_expert_search", **criteria.as_log(), **detail},
    )


def _same_search(request):
    """The query string of the request's search, from its first page."""
    query = request.GET.copy()
    query.pop("despues", None)
    return f"?{query.urlencode()}" if query else ""


@require_safe
@login_required
def expert_search(request):
    context = run_search(request, audience=STAFF, staff_sectors=_staff_sectors(request))
    _log(request, StaffAccess.Kind.SEARCH, context["criteria"], len(context["cards"]))
    suffix = _same_search(request)
    context.update(
        {
            "audience": STAFF,
            "is_ime": is_ime_admin(request.user),
            "csv_url": reverse("members:expert_export_csv") + suffix,
            "xlsx_url": reverse("members:expert_export_xlsx") + suffix,
            "export_rows_left": export_rows_left(request.user),
        }
    )
    if request.htmx:
        return render(request, RESULTS, context)
    return render(request, "members/expert_search.html", context)


def _export_header():
    return [
        _("Nombre"),
        _("Titular"),
        _("Cargo"),
        _("Organización"),
        _("Ciudad"),
        _("País"),
        _("Sectores"),
        _("Habilidades"),
        _("Qué puede aportar"),
        _("Disponibilidad"),
        _("Idiomas"),
        _("Capítulo"),
        _("Verificado"),
        _("Perfil"),
    ]


def _labels():
    """Display labels of the coded fields in the request's language, translated once per
    export rather than once per row."""
    return {
        "offers": {key: str(label) for key, label in ContributionOffer.choices},
        "languages": {key: str(label) for key, label in Language.choices},
        "availability": {key: str(label) for key, label in Availability.choices},
        "countries": country_names(),
        "verified": {True: _("sí"), False: _("no")},
        # Profile URLs without a reverse() per row.
        "profile": reverse("members:member_detail", kwargs={"slug": "SLUG"}),
    }


def _export_values(row, sectors, chapters, labels, base_url):
    """One member as export cells: a field group the member does not show to PNCS staff stays
    empty. Emails are never exported."""

    def shows(group):
        return sees(STAFF, row[f"visibility_{group}"])

    offers, languages = labels["offers"], labels["languages"]
    expertise = shows("expertise")
    return [
        row["full_name"],
        row["headline"],
        row["position"] if shows("work") else "",
        row["organisation"] if shows("work") else "",
        row["city"] if shows("location") else "",
        labels["countries"].get(row["country"], "") if shows("location") else "",
        "; ".join(sectors[pk] for pk in row["sector_ids"] if pk in sectors) if expertise else "",
        "; ".join(row["skill_names"]) if expertise else "",
        "; ".join(offers.get(key, key) for key in row["contribution_offers"]) if expertise else "",
        labels["availability"].get(row["availability"], "") if expertise else "",
        "; ".join(languages.get(key, key) for key in row["languages"])
        if shows("languages")
        else "",
        chapters.get(row["chapter_id"], "") if shows("chapter") else "",
        labels["verified"][row["verified_at"] is not None],
        base_url + labels["profile"].replace("SLUG", row["slug"]),
    ]


def _count_rows(sql, params, *, up_to):
    """How many rows the export statement returns, counted up to `up_to` at most: beyond the
    day's budget the exact figure does not matter, and the count stays cheap."""
    with connection.cursor() as cursor:
        # The statement comes from members.directory.query, every value in it a parameter.
        counted = f"SELECT count(*) FROM ({sql} LIMIT %s) counted"  # noqa: S608
        cursor.execute(counted, [*params, up_to])
        return cursor.fetchone()[0]


def _export(request, fmt):
    staff_sectors = _staff_sectors(request)
    sectors, chapters = reference_lists()
    form = DirectoryForm(request.GET, sectors=sectors, chapters=chapters)
    form.is_valid()
    criteria = form.criteria()
    criteria.after = None
    sql, params = export_rows(criteria, audience=STAFF, staff_sectors=staff_sectors)
    count = _count_rows(sql, params, up_to=settings.PNCS_DAILY_EXPORT_ROWS + 1)
    try:
        # Logged before any row leaves, so that the day's budget counts it at once.
        entry = reserve_export(
            user=request.user,
            rows=count,
            detail={"source": "pncs_expert_search", **criteria.as_log(), "format": fmt},
        )
    except ExportRefused as refusal:
        messages.error(request, str(refusal))
        return redirect(reverse("members:expert_search") + _same_search(request))
    # Within the budget, the export holds no more than the rows counted and logged, even when
    # a member consents in between; with IME's lift for today, it holds every match.
    limit = None if entry.detail.get("lifted") else count
    sector_names = {sector.pk: sector.display_name for sector in sectors}
    chapter_names = {chapter.pk: chapter.name for chapter in chapters}
    base_url = request.build_absolute_uri("/").rstrip("/")
    labels = _labels()

    def rows():
        written = 0
        try:
            # A server-side cursor: rows arrive in batches, never all at once.
            with connection.chunked_cursor() as cursor:
                cursor.execute(sql, params)
                names = [column.name for column in cursor.description]
                while batch := cursor.fetchmany(EXPORT_BATCH):
                    for values in batch:
                        if limit is not None and written >= limit:
                            return
                        written += 1
                        yield _export_values(
                            dict(zip(names, values, strict=True)),
                            sector_names,
                            chapter_names,
                            labels,
                            base_url,
                        )
        finally:
            StaffAccess.objects.filter(pk=entry.pk).update(rows=written)

    stamp = timezone.localdate().isoformat()
    if fmt == "xlsx":
        response = StreamingHttpResponse(
            stream_xlsx(_export_header(), rows(), sheet_name=_("Expertos")),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = StreamingHttpResponse(
            stream_csv(_export_header(), rows()), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="expertos-{stamp}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response


@require_safe
@login_required
def expert_export_csv(request):
    return _export(request, "csv")


@require_safe
@login_required
def expert_export_xlsx(request):
    return _export(request, "xlsx")
