"""Brokered introductions: members or PNCS staff ask; addresses are shared only on accept."""

import datetime
import zoneinfo

from django.conf import settings
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from redtalentos.lib import emails
from redtalentos.lib.workflows import Refused

from .models import IntroductionRequest, Member, User
from .permissions import MEMBER, can_request_introduction, viewer_level
from .visibility import sees

# The budget month follows the network's calendar, wherever the member lives.
BUDGET_TIMEZONE = zoneinfo.ZoneInfo("America/Mexico_City")


# Sent inside answer_introduction's transaction, after the answer is saved: the apps above members
# that brokered the request (a speaker invitation of the Jornadas) act on it in the same commit.
# Arguments: introduction, accepted.
introduction_answered = Signal()


def max_pending_per_requester():
    return getattr(settings, "INTRO_MAX_PENDING_PER_REQUESTER", 3)


class IntroductionRefused(Refused):
    """A request or an answer the rules do not allow."""


def month_start(now=None):
    """The first instant of the current calendar month in Mexico City time."""
    local = (now or timezone.now()).astimezone(BUDGET_TIMEZONE)
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def requests_this_month(member):
    """Requests `member` received this month, whatever became of them (the budget counts all)."""
    start = month_start()
    next_month = (start + datetime.timedelta(days=32)).replace(day=1)
    return IntroductionRequest.objects.filter(
        member=member, created_at__gte=start, created_at__lt=next_month
    ).count()


def closed_reason(member):
    """Why `member` takes no requests right now (pause, no budget), or None when they do."""
    name = member.full_name
    if member.intro_paused:
        return _("%(name)s pausó las solicitudes de presentación por ahora.") % {"name": name}
    if member.intro_monthly_limit == 0:
        return _("%(name)s no está recibiendo solicitudes de presentación.") % {"name": name}
    if requests_this_month(member) >= member.intro_monthly_limit:
        return _(
            "%(name)s ya recibió este mes todas las solicitudes de presentación que acepta. "
            "Podrás escribirle a partir del próximo mes."
        ) % {"name": name}
    return None


def refusal_reason(*, requester, member, may_ask=None):
    """The first rule that stops `requester` from asking `member` now, or None.

    Used to show the state before the form and, under a row lock, to decide in the service.
    `may_ask` is the rule of another app on who may ask (a speaker invitation: IME, or the PNCS
    of the session's sector), in place of the profile's; the member's budget, pause and the
    requester's pending requests count the same.
    """
    if member.user_id == requester.pk:
        return _("No puedes pedir una presentación contigo.")
    if may_ask is None:
        may_ask = (
            can_request_introduction(requester) and viewer_level(requester, member) is not None
        )
    if not may_ask:
        return _("Tu cuenta no puede pedir presentaciones con este perfil.")
    reason = closed_reason(member)
    if reason:
        return reason
    pending = IntroductionRequest.objects.filter(
        requester=requester, status=IntroductionRequest.Status.PENDING
    )
    if pending.filter(member=member).exists():
        return _(
            "Ya tienes una solicitud pendiente con %(name)s. Espera su respuesta antes de "
            "enviar otra."
        ) % {"name": member.full_name}
    limit = max_pending_per_requester()
    if pending.count() >= limit:
        return ngettext(
            "Ya tienes %(count)d solicitud esperando respuesta, el máximo a la vez. Podrás "
            "enviar otra cuando sea respondida.",
            "Ya tienes %(count)d solicitudes esperando respuesta, el máximo a la vez. Podrás "
            "enviar otra cuando alguna de ellas sea respondida.",
            limit,
        ) % {"count": limit}
    return None


def requester_summary(user):
    """Name and affiliation of the person who asks, as the member sees them (never the email).

    Reads `user.member` and `user.contact_points` so that a list can select/prefetch them.
    """
    if user is None:
        return {"name": _("Cuenta eliminada"), "affiliation": ""}
    profile = getattr(user, "member", None)
    if profile is not None:
        name = profile.full_name
        affiliation = ""
        # The work group goes along only if the requester shows it to members of the network.
        if sees(MEMBER, profile.visibility_work):
            affiliation = ", ".join(p for p in (profile.position, profile.organisation) if p)
        return {"name": name or _("Miembro de la red"), "affiliation": affiliation}
    contact_points = ", ".join(cp.name for cp in user.contact_points.all())
    affiliation = (
        _("Personal de %(names)s (PNCS)") % {"names": contact_points} if contact_points else ""
    )
    return {"name": user.full_name or _("Persona de la red"), "affiliation": affiliation}


# `with muted():` mails none of the requests and answers made inside (demo data).
muted = emails.Muting("introductions")


def _send_after_commit(send, *args, **kwargs):
    if muted.active:
        return
    # The callback may run after the request's language is gone: keep the one of this moment.
    language = translation.get_language()

    def callback():
        with translation.override(language):
            send(*args, **kwargs)

    transaction.on_commit(callback)


@transaction.atomic
def request_introduction(*, requester, member, purpose, message, base_url, may_ask=None):
    """Records a request to `member` and emails them; IntroductionRefused when a rule says no
    (`may_ask`: see refusal_reason).

    The member row is locked so that two requests at once cannot both take the last place of the
    budget; the requester row too, for the same reason with their pending cap.
    """
    User.objects.select_for_update().filter(pk=requester.pk).first()
    member = (
        Member.objects.select_for_update(of=("self",))
        .select_related("user")
        .prefetch_related("sectors")
        .get(pk=member.pk)
    )
    reason = refusal_reason(requester=requester, member=member, may_ask=may_ask)
    if reason:
        raise IntroductionRefused(reason)
    introduction = IntroductionRequest.objects.create(
        requester=requester, member=member, purpose=purpose, message=message
    )
    _send_after_commit(
        emails.send_introduction_requested,
        introduction,
        sender=requester_summary(requester),
        base_url=base_url,
    )
    return introduction


@transaction.atomic
def answer_introduction(*, introduction, member, accept, base_url):
    """Accepts (both sides get both addresses) or declines (the requester hears politely)."""
    introduction = (
        IntroductionRequest.objects.select_for_update(of=("self",))
        .select_related("requester", "member__user")
        .get(pk=introduction.pk)
    )
    if introduction.member_id != member.pk:
        raise IntroductionRefused(_("Esta solicitud no es para ti."))
    if introduction.status != IntroductionRequest.Status.PENDING:
        raise IntroductionRefused(
            _("Ya respondiste a esta solicitud (%(status)s); no cambió nada.")
            % {"status": introduction.get_status_display().lower()}
        )
    requester = introduction.requester
    if accept and (requester is None or not requester.is_active):
        raise IntroductionRefused(
            _("La cuenta que pidió la presentación ya no existe; solo puedes declinarla.")
        )
    introduction.status = (
        IntroductionRequest.Status.ACCEPTED if accept else IntroductionRequest.Status.DECLINED
    )
    introduction.answered_at = timezone.now()
    introduction.save(update_fields=["status", "answered_at"])
    introduction_answered.send(
        sender=IntroductionRequest, introduction=introduction, accepted=accept
    )
    if accept:
        _send_after_commit(
            emails.send_introduction_accepted,
            introduction,
            sender=requester_summary(requester),
            base_url=base_url,
        )
    elif requester is not None and requester.is_active:
        _send_after_commit(
            emails.send_introduction_declined,
            introduction,
            sender=requester_summary(requester),
            base_url=base_url,
        )
    return introduction
