"""Every change of an expert visit goes through here: a participant's or a PNCS's request, its
status along VISIT_TRANSITIONS (the staff's and the requester's moves, every other refused with a
message, each kept in the history), the experts suggested from the directory, their invitation
through the brokered channel, the visit recorded on acceptance, its activities and the expert's
report afterwards."""

from django.db import transaction
from django.db.models import FloatField
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _

from members.introductions import IntroductionRefused, request_introduction
from members.models import IntroductionRequest, Member
from redtalentos.lib.workflows import Refused, record

from .models import Visit, VisitActivity, VisitInvitation, VisitRequest, VisitStatus
from .models.visits import REQUESTER_MOVES, SYSTEM_MOVES, VISIT_TRANSITIONS

VS = VisitStatus
SUGGESTED = 5


class VisitRefused(Refused):
    """A change of a visit request that the rules refuse."""


@transaction.atomic
def submit(*, form, requester):
    """Saves a valid VisitRequestForm as a new request of `requester`, with its first history."""
    request = form.save(commit=False)
    request.requester = requester
    request.status = VS.SUBMITTED
    request.save()
    record(request, VS.SUBMITTED, actor=requester)
    return request


def move_refusal(visit_request, status, *, as_requester, as_staff):
    """Why the status change is refused now, or None."""
    if not visit_request.allows(status):
        return _("La solicitud está «%(status)s»: no puede pasar a «%(to)s».") % {
            "status": visit_request.get_status_display(),
            "to": VS(status).label,
        }
    move = (visit_request.status, status)
    if move in SYSTEM_MOVES:
        return _("Ese cambio ocurre al invitar a un experto o cuando acepta la invitación.")
    if not ((as_staff and move not in SYSTEM_MOVES) or (as_requester and move in REQUESTER_MOVES)):
        return _("Ese cambio de estado no te corresponde.")
    if move == (VS.CONFIRMED, VS.COMPLETED):
        visit = Visit.objects.filter(request=visit_request).first()
        if visit is None or visit.leaves_on is None or visit.leaves_on > timezone.localdate():
            return _("La visita se marca como realizada cuando ya pasó la fecha de salida.")
    return None


def _change(visit_request, status, actor, note=""):
    visit_request.workflow.move(
        visit_request, status, actor=actor, note=note, update_fields=["updated_at"]
    )


@transaction.atomic
def move(*, visit_request, status, actor, as_requester, as_staff, note=""):
    visit_request = VisitRequest.objects.select_for_update().get(pk=visit_request.pk)
    reason = move_refusal(visit_request, status, as_requester=as_requester, as_staff=as_staff)
    if reason:
        raise VisitRefused(reason)
    _change(visit_request, status, actor, note)
    return visit_request


def moves_for(visit_request, *, as_requester, as_staff):
    """[(status, refusal or None)] for the buttons the viewer's role has from the status."""
    moves = []
    for status in sorted(VISIT_TRANSITIONS.get(visit_request.status, ()), key=list(VS).index):
        move_ = (visit_request.status, status)
        if move_ in SYSTEM_MOVES:
            continue
        if as_staff or (as_requester and move_ in REQUESTER_MOVES):
            moves.append(
                (
                    VS(status),
                    move_refusal(
                        visit_request, status, as_requester=as_requester, as_staff=as_staff
                    ),
                )
            )
    return moves


def candidates(visit_request):
    """The members staff may invite: they consented to the PNCS search, in the request's sector."""
    return Member.objects.findable_by_pncs().filter(sector_ids__contains=[visit_request.sector_id])


def suggestions(visit_request):
    """Up to five experts for the request, in one query: the candidates not invited to it yet,
    ranked by how well their staff-visible profile (members' search_staff) matches any word of
    the expertise sought, in Spanish or English; ties by name."""
    words = visit_request.expertise
    # plainto_tsquery requires every word; a visit's expertise is a list of themes, any of which
    # makes an expert worth suggesting, so its ANDs become ORs.
    rank = RawSQL(
        "ts_rank(members_member.search_staff, "
        "replace(plainto_tsquery('rt_es', %s)::text, '&', '|')::tsquery || "
        "replace(plainto_tsquery('rt_en', %s)::text, '&', '|')::tsquery)",
        [words, words],
        output_field=FloatField(),
    )
    invited = IntroductionRequest.objects.filter(visit_invitation__request=visit_request).values(
        "member_id"
    )
    return list(
        candidates(visit_request)
        .exclude(pk__in=invited)
        .annotate(rank=rank)
        .order_by("-rank", "sort_name", "pk")[:SUGGESTED]
    )


def default_invitation(visit_request):
    window = visit_request
    return _(
        "Te invitamos a una visita a %(institution)s (%(city)s) entre el %(start)s y el %(end)s: "
        "%(objectives)s Si aceptas, te escribiremos para ponernos de acuerdo."
    ) % {
        "institution": window.institution,
        "city": window.city,
        "start": window.window_start.strftime("%d/%m/%Y"),
        "end": window.window_end.strftime("%d/%m/%Y"),
        "objectives": window.objectives[:300],
    }


@transaction.atomic
def invite(*, visit_request, inviter, member, message, base_url):
    """Invites `member` through the introductions (their budget and pause count); the request
    waits for their answer (expert_invited)."""
    visit_request = VisitRequest.objects.select_for_update().get(pk=visit_request.pk)
    if VisitInvitation.objects.filter(request=visit_request, introduction__member=member).exists():
        raise VisitRefused(
            _("%(name)s ya fue invitado a esta visita.") % {"name": member.full_name}
        )
    if visit_request.status == VS.EXPERT_INVITED:
        raise VisitRefused(_("Ya hay una invitación esperando respuesta."))
    if visit_request.status != VS.IN_REVIEW:
        raise VisitRefused(_("Solo se invita a un experto mientras la solicitud está en revisión."))
    if not candidates(visit_request).filter(pk=member.pk).exists():
        raise VisitRefused(_("Esa persona no está entre los expertos que puedes invitar."))
    try:
        introduction = request_introduction(
            requester=inviter,
            member=member,
            purpose=IntroductionRequest.Purpose.EVENT,
            message=message,
            base_url=base_url,
            may_ask=True,
        )
    except IntroductionRefused as refused:
        raise VisitRefused(refused.message) from refused
    invitation = VisitInvitation.objects.create(request=visit_request, introduction=introduction)
    _change(
        visit_request,
        VS.EXPERT_INVITED,
        inviter,
        _("Invitación a %(name)s.") % {"name": member.full_name},
    )
    return invitation


def invitation_answered(sender, *, introduction, accepted, **kwargs):
    """members.introductions.introduction_answered: an accepted invitation confirms the request
    and records the visit with the expert; a declined one puts it back in review, for another
    invitation. An answer after the request was cancelled changes nothing."""
    invitation = VisitInvitation.objects.filter(introduction=introduction).first()
    if invitation is None:
        return
    visit_request = VisitRequest.objects.select_for_update().get(pk=invitation.request_id)
    if visit_request.status != VS.EXPERT_INVITED:
        return
    if accepted and introduction.member_id is not None:
        Visit.objects.update_or_create(
            request=visit_request, defaults={"expert_id": introduction.member_id}
        )
        _change(visit_request, VS.CONFIRMED, None, _("El experto aceptó la invitación."))
    else:
        _change(visit_request, VS.IN_REVIEW, None, _("El experto declinó la invitación."))


@transaction.atomic
def save_visit(*, form):
    """Saves the staff's VisitForm (dates, itinerary)."""
    return form.save()


@transaction.atomic
def add_activity(*, visit, kind, title, when, place=""):
    return VisitActivity.objects.create(visit=visit, kind=kind, title=title, when=when, place=place)


def report_refusal(visit, member):
    """Why `member` may not write the visit's report now, or None."""
    if member is None or visit.expert_id != member.pk:
        return _("Solo el experto de la visita escribe su informe.")
    if visit.request.status not in (VS.CONFIRMED, VS.COMPLETED):
        return _("Esta visita ya no admite informe.")
    if visit.leaves_on is None or visit.leaves_on > timezone.localdate():
        return _("El informe se escribe cuando la visita termina, a partir de la fecha de salida.")
    return None


@transaction.atomic
def write_report(*, visit, member, report):
    visit = Visit.objects.select_for_update().select_related("request").get(pk=visit.pk)
    reason = report_refusal(visit, member)
    if reason:
        raise VisitRefused(reason)
    visit.report = report
    visit.report_at = timezone.now()
    visit.save(update_fields=["report", "report_at"])
    return visit
