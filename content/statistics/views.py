"""/estadisticas/ (everyone: the public figures, withheld cells marked), /estadisticas/ime/ (IME:
every figure without suppression, refresh and publish), /datos/ (the quarterly snapshots and
their DCAT catalogue). Each page reads the stored figures in a fixed number of queries."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from redtalentos.lib import statistics
from redtalentos.lib.roles import is_ime_admin

from ..models import DataSnapshot, FigureTable
from . import snapshots
from .charts import shown
from .refresh import refresh

SNAPSHOTS_ON_PAGE = 40  # ten years of quarters


def _figures(audience, *, suppressed):
    """[Shown] of the stored figures for `audience` (None: all), in their order (two queries)."""
    wanted = statistics.figures(audience)
    tables = {
        table.key: table
        for table in FigureTable.objects.filter(
            key__in=[figure.key for figure in wanted]
        ).prefetch_related("cells")
    }
    return [
        shown(figure, tables[figure.key], suppressed=suppressed)
        for figure in wanted
        if figure.key in tables
    ]


def _latest_snapshot():
    return DataSnapshot.objects.defer("csv", "json").first()


@require_safe
def statistics_page(request):
    figures = _figures(statistics.PUBLIC, suppressed=True)
    return render(
        request,
        "content/statistics/statistics.html",
        {
            "figures": figures,
            "computed_at": figures[0].computed_at if figures else None,
            "threshold": statistics.THRESHOLD,
            "snapshot": _latest_snapshot(),
        },
    )


def _require_ime(request):
    if not is_ime_admin(request.user):
        raise PermissionDenied


@require_safe
@login_required
def analytics(request):
    _require_ime(request)
    figures = _figures(None, suppressed=False)
    period, _starts, _ends = snapshots.previous_quarter()
    return render(
        request,
        "content/statistics/analytics.html",
        {
            "figures": figures,
            "computed_at": figures[0].computed_at if figures else None,
            "threshold": statistics.THRESHOLD,
            "period": period,
            "published": DataSnapshot.objects.filter(period=period).exists(),
        },
    )


@require_POST
@login_required
def analytics_refresh(request):
    _require_ime(request)
    count = refresh()
    messages.success(request, _("Se recalcularon %(count)d cifras.") % {"count": count})
    return redirect("content:statistics_ime")


@require_POST
@login_required
def snapshot_publish(request):
    _require_ime(request)
    try:
        snapshot = snapshots.publish()
    except snapshots.SnapshotRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("content:statistics_ime")
    messages.success(
        request,
        _("Se publicó la instantánea %(period)s en los datos abiertos.")
        % {"period": snapshot.period},
    )
    return redirect("content:snapshot_detail", period=snapshot.period)


@require_safe
def open_data(request):
    published = list(DataSnapshot.objects.described()[:SNAPSHOTS_ON_PAGE])
    return render(
        request,
        "content/statistics/open_data.html",
        {
            "snapshots": published,
            "catalog": snapshots.as_json_ld(snapshots.catalog(published)),
            "licence_url": snapshots.LICENCE_URL,
        },
    )


@require_safe
def open_data_catalog(request):
    catalog = snapshots.catalog(DataSnapshot.objects.described())
    return HttpResponse(snapshots.as_json_ld(catalog), content_type="application/ld+json")


def _snapshot(period, queryset):
    try:
        period, _starts, _ends = snapshots.parse_period(period)
    except ValueError:
        raise Http404 from None
    return get_object_or_404(queryset, period=period)


@require_safe
def snapshot_detail(request, period):
    snapshot = _snapshot(period, DataSnapshot.objects.described())
    document = snapshots.dataset(snapshot)
    document["@context"] = snapshots.CONTEXT
    return render(
        request,
        "content/statistics/snapshot.html",
        {
            "snapshot": snapshot,
            "dataset": snapshots.as_json_ld(document),
            "licence_url": snapshots.LICENCE_URL,
        },
    )


FILES = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "json": ("application/json; charset=utf-8", "json"),
}


@require_safe
def snapshot_file(request, period, kind):
    if kind not in FILES:
        raise Http404
    content_type, field = FILES[kind]
    snapshot = _snapshot(period, DataSnapshot.objects.only("period", field))
    response = HttpResponse(getattr(snapshot, field), content_type=content_type)
    filename = f"redtalentos-estadisticas-{snapshot.period}.{kind}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
