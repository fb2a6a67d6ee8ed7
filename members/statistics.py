"""The members' figures for the statistics (registered in redtalentos.lib.statistics).

Public, as the privacy notice says ("Estadísticas de la red"): members with an active account by
country of residence, Mexican state of origin, sector, chapter and month of registration, with
small cells withheld. For IME only: the verification backlog and how introductions are answered.
Each figure is one aggregate query over the members table whatever its size.
"""

from datetime import date, timedelta

from django.db import connection
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from chapters.models import Chapter
from pncs.models import Sector
from redtalentos.lib import statistics
from redtalentos.lib.statistics import Row

from .models import IntroductionRequest, Member, MexicanState

UNKNOWN = ""


def _members(until):
    return Member.objects.filter(account_active=True, created_at__lt=until)


def _grouped(until, field):
    rows = _members(until).values(field).annotate(n=Count("pk")).order_by()
    return [Row(str(row[field] or UNKNOWN), row["n"]) for row in rows]


def by_country(until):
    return _grouped(until, "country")


def country_labels(keys):
    return {key: (countries.name(key) or key) if key else _("Sin dato") for key in keys}


def by_state(until):
    return _grouped(until, "state_of_origin")


def state_labels(keys):
    return {key: MexicanState(key).label if key else _("Sin dato") for key in keys}


def by_chapter(until):
    return _grouped(until, "chapter_id")


def chapter_labels(keys):
    names = dict(
        Chapter.objects.filter(pk__in=[key for key in keys if key]).values_list("pk", "name")
    )
    return {key: names.get(int(key), key) if key else _("Sin capítulo") for key in keys}


def by_sector(until):
    """A member counts once in each of their sectors (the sum counts mentions, not people) and
    once under "no sector" when they named none."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT sector, count(*)
            FROM members_member m,
                 unnest(CASE WHEN m.sector_ids = '{}' THEN ARRAY[0] ELSE m.sector_ids END) sector
            WHERE m.account_active AND m.created_at < %s
            GROUP BY sector
            """,
            [until],
        )
        return [Row(str(sector) if sector else UNKNOWN, n) for sector, n in cursor.fetchall()]


def sector_labels(keys):
    sectors = {str(s.pk): str(s) for s in Sector.objects.filter(pk__in=[k for k in keys if k])}
    return {key: sectors.get(key, key) if key else _("Sin sector") for key in keys}


def by_month(until):
    rows = (
        _members(until)
        .annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [Row(row["month"].strftime("%Y-%m"), row["n"]) for row in rows]


def month_labels(keys):
    return {
        key: formats.date_format(date(int(key[:4]), int(key[5:7]), 1), "YEAR_MONTH_FORMAT")
        for key in keys
    }


# IME's figures.
WAITING_BUCKETS = ("verified", "week", "month", "older")


def verification_backlog(until):
    """Verified profiles, and those waiting by how long they have waited."""
    week_ago, month_ago = until - timedelta(days=7), until - timedelta(days=30)
    waiting = Q(verified_at__isnull=True)
    counts = _members(until).aggregate(
        verified=Count("pk", filter=Q(verified_at__isnull=False)),
        week=Count("pk", filter=waiting & Q(created_at__gte=week_ago)),
        month=Count("pk", filter=waiting & Q(created_at__lt=week_ago, created_at__gte=month_ago)),
        older=Count("pk", filter=waiting & Q(created_at__lt=month_ago)),
    )
    return [Row(key, counts[key]) for key in WAITING_BUCKETS]


def backlog_labels(keys):
    names = {
        "verified": _("Verificados"),
        "week": _("Esperan desde hace menos de 7 días"),
        "month": _("Esperan de 7 a 30 días"),
        "older": _("Esperan más de 30 días"),
    }
    return {key: names[key] for key in keys}


def introduction_answers(until):
    """The share of the introduction requests of each of the last twelve months that were
    answered (accepted or declined), in percent; the requests counted are the contributors."""
    since = (timezone.localtime(until) - timedelta(days=365)).replace(day=1)
    rows = (
        IntroductionRequest.objects.filter(created_at__gte=since, created_at__lt=until)
        .annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(
            sent=Count("pk"),
            answered=Count("pk", filter=Q(answered_at__isnull=False)),
        )
        .order_by()
    )
    return [
        Row(
            row["month"].strftime("%Y-%m"),
            round(100 * row["answered"] / row["sent"], 1),
            contributors=row["sent"],
        )
        for row in rows
    ]


def register():
    for figure in (
        statistics.Figure(
            key="members_by_country",
            title=gettext_lazy("Miembros por país de residencia"),
            unit=gettext_lazy("miembros"),
            compute=by_country,
            labels=country_labels,
            chart=statistics.MAP,
            order=10,
        ),
        statistics.Figure(
            key="members_by_state",
            title=gettext_lazy("Miembros por estado de origen en México"),
            unit=gettext_lazy("miembros"),
            compute=by_state,
            labels=state_labels,
            order=20,
        ),
        statistics.Figure(
            key="members_by_sector",
            title=gettext_lazy("Miembros por sector"),
            unit=gettext_lazy("menciones"),
            compute=by_sector,
            labels=sector_labels,
            order=30,
            note=gettext_lazy(
                "Quien trabaja en varios sectores cuenta en cada uno; el total suma menciones."
            ),
        ),
        statistics.Figure(
            key="members_by_chapter",
            title=gettext_lazy("Miembros por capítulo regional"),
            unit=gettext_lazy("miembros"),
            compute=by_chapter,
            labels=chapter_labels,
            order=40,
        ),
        statistics.Figure(
            key="members_by_month",
            title=gettext_lazy("Crecimiento: nuevos miembros por mes"),
            unit=gettext_lazy("miembros"),
            compute=by_month,
            labels=month_labels,
            chart=statistics.COLUMNS,
            order=50,
        ),
        statistics.Figure(
            key="verification_backlog",
            title=gettext_lazy("Verificación de perfiles"),
            unit=gettext_lazy("perfiles"),
            compute=verification_backlog,
            labels=backlog_labels,
            audience=statistics.IME,
            order=210,
        ),
        statistics.Figure(
            key="introduction_answers",
            title=gettext_lazy("Solicitudes de presentación respondidas por mes"),
            unit=gettext_lazy("porcentaje respondido"),
            compute=introduction_answers,
            labels=month_labels,
            chart=statistics.COLUMNS,
            audience=statistics.IME,
            count=False,
            summable=False,
            order=220,
            note=gettext_lazy(
                "Porcentaje de las solicitudes enviadas cada mes que ya recibieron respuesta "
                "(aceptada o declinada); el total no aplica."
            ),
        ),
    ):
        statistics.register(figure)
