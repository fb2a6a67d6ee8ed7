"""What a staff account may take from the member data in one local day: different profiles opened
at staff level (PNCS_DAILY_PROFILE_VIEWS) and rows exported (PNCS_DAILY_EXPORT_ROWS), both
against bulk harvesting; and IME's lift of both limits for one account and one day."""

import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import StaffAccess, StaffCapLift, User

logger = logging.getLogger(__name__)


class ExportRefused(Exception):
    """An export the account may not make today; the message says why, with the figures."""


def start_of_today():
    return timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)


def lifted_today(user):
    return StaffCapLift.objects.filter(user=user, day=timezone.localdate()).exists()


def usage_today(user):
    """Different profiles `user` opened at staff level today, and rows they exported today (one
    query)."""
    usage = StaffAccess.objects.filter(viewer=user, created_at__gte=start_of_today()).aggregate(
        profiles=Count("member", distinct=True, filter=Q(kind=StaffAccess.Kind.PROFILE_VIEW)),
        rows=Sum("rows", filter=Q(kind=StaffAccess.Kind.EXPORT), default=0),
    )
    return usage["profiles"], usage["rows"]


def export_rows_left(user):
    """Rows `user` may still export today: none once the profile cap is reached; None when IME
    lifted the limits for today and they would matter."""
    profiles, rows = usage_today(user)
    if profiles >= settings.PNCS_DAILY_PROFILE_VIEWS:
        left = 0
    else:
        left = max(settings.PNCS_DAILY_EXPORT_ROWS - rows, 0)
    if left == 0 and lifted_today(user):
        return None
    return left


def _number(value):
    return formats.number_format(value, force_grouping=True)


def _refusal(user, rows):
    """Why `user` may not export `rows` more rows today, or None. `rows` above the day's budget
    may stand for "more than the budget" (the count stops there)."""
    cap = settings.PNCS_DAILY_PROFILE_VIEWS
    profiles, exported = usage_today(user)
    lift = _(
        "Si tu trabajo lo necesita, pide al IME que levante el límite de tu cuenta por hoy; "
        "la autorización queda registrada."
    )
    if profiles >= cap:
        reached = ngettext(
            "Hoy ya consultaste %(cap)s perfil con datos para el personal, el máximo por cuenta "
            "y por día, y tampoco puedes exportar resultados hasta mañana.",
            "Hoy ya consultaste %(cap)s perfiles con datos para el personal, el máximo por cuenta "
            "y por día, y tampoco puedes exportar resultados hasta mañana.",
            cap,
        ) % {"cap": _number(cap)}
        return f"{reached} {lift}"
    budget = settings.PNCS_DAILY_EXPORT_ROWS
    left = max(budget - exported, 0)
    if rows <= left:
        return None
    if rows > budget:
        size = ngettext(
            "Esta exportación tendría más de %(rows)s fila",
            "Esta exportación tendría más de %(rows)s filas",
            budget,
        ) % {"rows": _number(budget)}
    else:
        size = ngettext(
            "Esta exportación tendría %(rows)s fila",
            "Esta exportación tendría %(rows)s filas",
            rows,
        ) % {"rows": _number(rows)}
    remaining = ngettext(
        "y hoy te queda %(left)s de las %(budget)s que cada cuenta puede exportar al día.",
        "y hoy te quedan %(left)s de las %(budget)s que cada cuenta puede exportar al día.",
        left,
    ) % {"left": _number(left), "budget": _number(budget)}
    narrower = _("Acota la búsqueda para exportar menos filas.")
    return f"{size} {remaining} {narrower} {lift}"


def reserve_export(*, user, rows, detail):
    """Logs an export of `rows` rows by `user` when today's limits allow it, before any row is
    sent; raises ExportRefused otherwise, and then logs nothing.

    Check and log happen under a lock on the account's row: of two exports at once, the second
    counts only after the first is logged, so that together they cannot pass the budget.
    """
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True).get()
        refusal = _refusal(user, rows)
        lifted = refusal is not None and lifted_today(user)
        if refusal is not None and not lifted:
            logger.info("export of %s rows refused to account %s: daily limits", rows, user.pk)
            raise ExportRefused(refusal)
        if lifted:
            detail = {**detail, "lifted": True}
        return StaffAccess.objects.create(
            viewer=user, kind=StaffAccess.Kind.EXPORT, rows=rows, detail=detail
        )
