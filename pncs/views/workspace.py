"""The PNCS staff workspace at /pncs/: a contact point's home, its work programme (list, detail,
create, edit, CSV export, printable report) and IME's overview of all contact points."""

import csv
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from chapters.models import Chapter
from pncs import people
from pncs.figures import figures_for
from pncs.filters import ActivityFilter
from pncs.forms import ActivityForm
from pncs.models import ActivityStatus, ContactPoint, LineOfWork, WorkProgrammeActivity
from pncs.origins import origins_of
from pncs.permissions import (
    get_activity_for_staff,
    get_contact_point_for_staff,
    is_ime_admin,
    require_workspace,
)
from pncs.services import save_activity
from redtalentos.lib.workflows import TransitionRefused

PER_PAGE = 25
PRINT_LIMIT = 500


def _render(request, template, context):
    # The workspace menu offers IME's overview only to IME.
    return render(request, template, {"is_ime": is_ime_admin(request.user), **context})


# Home of a contact point


def _staff_prefetch():
    return Prefetch(
        "staff",
        queryset=get_user_model()
        .objects.filter(is_active=True)
        .only("full_name")
        .order_by("full_name"),
        to_attr="active_staff",
    )


@require_safe
@login_required
def home(request):
    contact_points = require_workspace(request)
    if len(contact_points) == 1 and not is_ime_admin(request.user):
        return _contact_point_page(request, contact_points[0])
    contact_points = ContactPoint.objects.filter(
        pk__in=[cp.pk for cp in contact_points]
    ).prefetch_related("sectors", _staff_prefetch())
    return _render(request, "pncs/contact_point_list.html", {"contact_points": contact_points})


@require_safe
@login_required
def contact_point_home(request, slug):
    contact_points = require_workspace(request)
    contact_point = get_contact_point_for_staff(request, slug)
    return _contact_point_page(request, contact_point, several=len(contact_points) > 1)


def _contact_point_page(request, contact_point, *, several=False):
    sectors = list(contact_point.sectors.all())
    staff = list(
        contact_point.staff.filter(is_active=True).only("full_name").order_by("full_name", "pk")
    )
    counts = WorkProgrammeActivity.objects.filter(contact_point=contact_point).aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in ActivityStatus.values}
    )
    status_counts = [(value, label, counts[value]) for value, label in ActivityStatus.choices]
    return _render(
        request,
        "pncs/contact_point_detail.html",
        {
            "contact_point": contact_point,
            "sectors": sectors,
            "staff": staff,
            # The staff's introductions and the sectors' newest members come from members.
            **people.contact_point_home(
                [sector.pk for sector in sectors], [person.pk for person in staff]
            ),
            "status_counts": status_counts,
            "several_contact_points": several,
        },
    )


# Work programme


def _filtered(request, contact_points):
    """The activities the user may see, filtered by the query string (invalid filters are shown
    as form errors and ignored)."""
    activities = WorkProgrammeActivity.objects.select_related("contact_point", "responsible")
    if not is_ime_admin(request.user):
        activities = activities.filter(contact_point__in=[cp.pk for cp in contact_points])
    return ActivityFilter(request.GET or None, activities, contact_points=contact_points)


def _page(request, queryset, filter_query):
    # get_page turns garbage, negative and too-large numbers into a valid page.
    page = Paginator(queryset, PER_PAGE).get_page(request.GET.get("pagina"))

    def url(number):
        return "?" + urlencode({**filter_query, "pagina": number})

    page.previous_url = url(page.previous_page_number()) if page.has_previous() else ""
    page.next_url = url(page.next_page_number()) if page.has_next() else ""
    return page


@require_safe
@login_required
def activity_list(request):
    contact_points = require_workspace(request)
    filterset = _filtered(request, contact_points)
    filter_query = filterset.applied()
    page = _page(request, filterset.qs, filter_query)
    return _render(
        request,
        "pncs/activity_list.html",
        {
            "filterset": filterset,
            "page": page,
            "filter_query": urlencode(filter_query),
            "several_contact_points": len(contact_points) > 1,
            "is_ime": is_ime_admin(request.user),
            "figures": figures_for(_sector_ids(request, contact_points)),
        },
    )


def _sector_ids(request, contact_points):
    """The sectors whose figures the viewer reads: all for IME (None), their contact points'."""
    if is_ime_admin(request.user):
        return None
    return set(
        ContactPoint.sectors.through.objects.filter(
            contactpoint_id__in=[cp.pk for cp in contact_points]
        ).values_list("sector_id", flat=True)
    )


@require_safe
@login_required
def activity_detail(request, pk):
    require_workspace(request)
    activity = get_activity_for_staff(request, pk)
    return _render(
        request,
        "pncs/activity_detail.html",
        {
            "activity": activity,
            "chapters": activity.chapters.order_by("name"),
            # A member who withdrew their consent (or whose account was closed) drops out.
            "members": activity.members.findable_by_pncs()
            .only("full_name", "slug")
            .order_by("full_name"),
            "history": activity.history.select_related("actor"),
            "origins": origins_of([activity]).get(activity.pk, []),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def activity_create(request):
    contact_points = require_workspace(request)
    if not contact_points:
        messages.info(request, _("Primero registra un punto de contacto en la administración."))
        return redirect("pncs_workspace:home")
    form = ActivityForm(
        request.POST if request.method == "POST" else None, contact_points=contact_points
    )
    if request.method == "POST" and form.is_valid():
        activity = save_activity(form=form, actor=request.user)
        messages.success(request, _("Agregamos la actividad al programa de trabajo."))
        return redirect(activity)
    return _render(request, "pncs/activity_form.html", {"form": form, "activity": None})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def activity_edit(request, pk):
    contact_points = require_workspace(request)
    activity = get_activity_for_staff(request, pk)
    form = ActivityForm(
        request.POST if request.method == "POST" else None,
        instance=activity,
        contact_points=contact_points,
    )
    if request.method == "POST" and form.is_valid():
        try:
            activity = save_activity(form=form, actor=request.user)
        except TransitionRefused as refused:
            form.add_error("status", refused.message)
        else:
            messages.success(request, _("Guardamos los cambios de la actividad."))
            return redirect(activity)
    return _render(request, "pncs/activity_form.html", {"form": form, "activity": activity})


def _chapter_names():
    return Prefetch("chapters", queryset=Chapter.objects.only("name").order_by("name"))


class _Echo:
    """A file-like object whose write returns the line, for streaming csv.writer output."""

    def write(self, value):
        return value


def _cell(value):
    # A cell starting with one of these is a formula to spreadsheets (CSV injection).
    text = str(value)
    return "'" + text if text.startswith(("=", "+", "-", "@", "\t", "\r")) else text


def _export_rows(activities):
    writer = csv.writer(_Echo())
    yield "\ufeff"  # so that spreadsheets read the file as UTF-8
    yield writer.writerow(
        [
            _("Punto de contacto"),
            _("Título"),
            _("Línea de trabajo"),
            _("Estado"),
            _("Inicio"),
            _("Término"),
            _("Responsable"),
            _("Capítulos vinculados"),
            _("Miembros vinculados"),
            _("Descripción"),
            _("Resultados"),
        ]
    )
    for activity in activities.iterator(chunk_size=500):
        yield writer.writerow(
            [
                _cell(value)
                for value in (
                    activity.contact_point.name,
                    activity.title,
                    activity.get_line_of_work_display(),
                    activity.get_status_display(),
                    activity.starts_on.isoformat(),
                    activity.ends_on.isoformat() if activity.ends_on else "",
                    activity.responsible_display,
                    "; ".join(chapter.name for chapter in activity.chapters.all()),
                    activity.member_count,
                    activity.description,
                    activity.outcomes,
                )
            ]
        )


@require_safe
@login_required
def activity_export(request):
    contact_points = require_workspace(request)
    filterset = _filtered(request, contact_points)
    # Only the linked members who still consent to PNCS search count, as on the detail page.
    findable = Q(members__findable_by_pncs=True, members__user__is_active=True)
    activities = filterset.qs.annotate(
        member_count=Count("members", filter=findable, distinct=True)
    ).prefetch_related(_chapter_names())
    people.record_export(
        viewer=request.user,
        rows=filterset.qs.count(),
        detail={"source": "pncs_work_programme", "format": "csv", "filters": filterset.applied()},
    )
    response = StreamingHttpResponse(
        _export_rows(activities), content_type="text/csv; charset=utf-8"
    )
    filename = f"programa-de-trabajo-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _filter_summary(filterset):
    """[(label, value shown)] of the filters applied, for the heading of the printed report."""
    applied = filterset.applied()
    summary = []
    for name in applied:
        value = filterset.form.cleaned_data[name]
        field = filterset.form.fields[name]
        if hasattr(value, "pk"):
            shown = str(value)
        else:
            shown = dict(getattr(field, "choices", ())).get(value, value)
        summary.append((field.label, shown))
    return summary


@require_safe
@login_required
def activity_print(request):
    contact_points = require_workspace(request)
    filterset = _filtered(request, contact_points)
    # Grouped by contact point in the report.
    activities = list(
        filterset.qs.prefetch_related(_chapter_names()).order_by(
            "contact_point__name", "contact_point_id", "-starts_on", "title", "pk"
        )[: PRINT_LIMIT + 1]
    )
    return _render(
        request,
        "pncs/activity_print.html",
        {
            "filterset": filterset,
            "activities": activities[:PRINT_LIMIT],
            "truncated": len(activities) > PRINT_LIMIT,
            "limit": PRINT_LIMIT,
            "filter_query": urlencode(filterset.applied()),
            "filter_summary": _filter_summary(filterset),
            "today": timezone.localdate(),
        },
    )


# IME overview


@require_safe
@login_required
def overview(request):
    if not is_ime_admin(request.user):
        raise PermissionDenied
    statuses = {f"status_{value}": Q(activities__status=value) for value in ActivityStatus.values}
    lines = {f"line_{value}": Q(activities__line_of_work=value) for value in LineOfWork.values}
    contact_points = ContactPoint.objects.annotate(
        total=Count("activities"),
        **{name: Count("activities", filter=condition) for name, condition in statuses.items()},
        **{name: Count("activities", filter=condition) for name, condition in lines.items()},
    ).order_by("name")
    rows = [
        {
            "contact_point": cp,
            "total": cp.total,
            "statuses": [getattr(cp, f"status_{value}") for value in ActivityStatus.values],
            "lines": [getattr(cp, f"line_{value}") for value in LineOfWork.values],
        }
        for cp in contact_points
    ]
    return _render(
        request,
        "pncs/activity_overview.html",
        {
            "rows": rows,
            "statuses": ActivityStatus.choices,
            "lines": LineOfWork.choices,
        },
    )
