"""The missions' pages (/proyectos/misiones/): the list (upcoming and past), a mission's page
(dates, sector, destination, organiser, places left, hosts, the viewer's registration), the
registration (and its cancellation and the acceptance of an offered place), the delegation and
its meeting requests, the delegate's own agenda and its .ics, and the staff's forms. Every change
is a POST that ends with a message; refusals come back as messages, never as errors. Who may do
what: mission_permissions; the rules: projects.missions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from redtalentos.lib.calendars import calendar_host, ics_response
from redtalentos.lib.capacity import HOLDING, SeatStatus, position

from . import missions
from .mission_forms import (
    AnswerForm,
    HostForm,
    MeetingRequestForm,
    MissionForm,
    MissionStatusForm,
    RegistrationForm,
)
from .mission_permissions import (
    can_create,
    can_manage,
    delegate_of,
    get_mission_for_manager,
    get_mission_for_viewer,
    managed_sector_ids,
    sees_delegation,
)
from .missions import MissionRefused
from .models import Delegate, Meeting, MeetingStatus, Mission, MissionStatus


def _with_places(queryset):
    return queryset.annotate(seats_held=Count("delegates", filter=Q(delegates__status__in=HOLDING)))


def _places_left(mission):
    if mission.capacity is None:
        return None
    return max(mission.capacity - mission.seats_held, 0)


@require_safe
def mission_list(request):
    today = timezone.localdate()
    listed = _with_places(
        Mission.objects.filter(status__in=[MissionStatus.PUBLISHED, MissionStatus.CANCELLED])
        .select_related("sector")
        .defer("description")
    )
    upcoming = list(listed.upcoming(today).order_by("starts_on", "pk"))
    past = list(listed.past(today).order_by("-starts_on", "-pk")[:50])
    for mission in upcoming + past:
        mission.places_left = _places_left(mission)
    drafts = []
    if can_create(request.user):
        sectors = managed_sector_ids(request.user)
        drafts = Mission.objects.filter(status=MissionStatus.DRAFT).select_related("sector")
        if sectors is not None:
            drafts = drafts.filter(sector__in=sectors)
        drafts = list(drafts.order_by("starts_on", "pk"))
    return render(
        request,
        "projects/mission_list.html",
        {
            "upcoming": upcoming,
            "past": past,
            "drafts": drafts,
            "can_create": can_create(request.user),
        },
    )


def _detail_context(request, mission):
    mission = _with_places(Mission.objects.filter(pk=mission.pk)).select_related("sector").get()
    mission.places_left = _places_left(mission)
    delegate = delegate_of(request.user, mission)
    managing = can_manage(request.user, mission)
    staff_parts = {}
    if managing:
        staff_parts = {
            "host_form": HostForm(mission=mission, auto_id="id_anfitrion_%s"),
            "status_form": MissionStatusForm(auto_id="id_estado_%s"),
            "history": list(mission.history.select_related("actor")),
            "active_delegates": mission.delegates.active().count(),
        }
    return {
        **staff_parts,
        "mission": mission,
        "hosts": list(mission.hosts.all()),
        "delegate": delegate,
        "place_in_line": position(delegate) if delegate is not None else None,
        "managing": managing,
        "sees_delegation": sees_delegation(delegate, managing),
        "registration_open": mission.registration_open(),
    }


@require_safe
def mission_detail(request, slug):
    mission = get_mission_for_viewer(request, slug)
    return render(request, "projects/mission_detail.html", _detail_context(request, mission))


# The staff's forms


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def mission_create(request):
    if not can_create(request.user):
        raise PermissionDenied
    form = MissionForm(request.POST or None, sector_ids=managed_sector_ids(request.user))
    if request.method == "POST" and form.is_valid():
        mission = missions.save_mission(form=form, actor=request.user)
        messages.success(
            request,
            _("Guardamos la misión como borrador: publícala desde su página cuando esté lista."),
        )
        return redirect(mission)
    return render(request, "projects/mission_form.html", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def mission_edit(request, slug):
    mission = get_mission_for_manager(request, slug)
    sectors = managed_sector_ids(request.user)
    if sectors is not None:
        sectors = sectors | {mission.sector_id}
    form = MissionForm(request.POST or None, instance=mission, sector_ids=sectors)
    if request.method == "POST" and form.is_valid():
        mission = missions.save_mission(form=form, actor=request.user)
        messages.success(request, _("Guardamos los cambios de la misión."))
        return redirect(mission)
    return render(request, "projects/mission_form.html", {"form": form, "mission": mission})


@require_POST
@login_required
def mission_status(request, slug):
    mission = get_mission_for_manager(request, slug)
    form = MissionStatusForm(request.POST, auto_id="id_estado_%s")
    if not form.is_valid():
        context = _detail_context(request, mission)
        context["status_form"] = form
        return render(request, "projects/mission_detail.html", context, status=400)
    status = form.cleaned_data["status"]
    try:
        missions.change_status(
            mission=mission, status=status, actor=request.user, note=form.cleaned_data["note"]
        )
    except MissionRefused as refusal:
        messages.error(request, refusal.message)
        return redirect(mission)
    if status == MissionStatus.PUBLISHED:
        messages.success(request, _("Misión publicada: ya se ve en la lista y recibe registros."))
    else:
        messages.success(
            request, _("Misión cancelada. Avisamos a cada persona que tenía un registro en ella.")
        )
    return redirect(mission)


@require_POST
@login_required
def host_add(request, slug):
    mission = get_mission_for_manager(request, slug)
    form = HostForm(request.POST, mission=mission, auto_id="id_anfitrion_%s")
    if form.is_valid():
        host = form.save(commit=False)
        host.mission = mission
        host.save()
        messages.success(request, _("Agregamos el anfitrión."))
        return redirect(mission)
    context = _detail_context(request, mission)
    context["host_form"] = form
    return render(request, "projects/mission_detail.html", context, status=400)


# Registration


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def mission_register(request, slug):
    mission = get_mission_for_viewer(request, slug)
    delegate = delegate_of(request.user, mission)
    if delegate is not None and delegate.is_active:
        messages.info(request, _("Ya estás registrado(a) en esta misión."))
        return redirect(mission)
    if not mission.registration_open():
        messages.error(request, _("Esta misión no recibe registros."))
        return redirect(mission)
    form = RegistrationForm(request.POST or None, instance=delegate)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            seat = missions.register(
                mission=mission,
                user=request.user,
                organisation=data["organisation"],
                role=data["role"],
                interests=data["interests"],
            )
        except MissionRefused as refused:
            messages.error(request, refused.message)
            return redirect(mission)
        if seat.status == SeatStatus.CONFIRMED:
            messages.success(request, _("Tu lugar en la delegación está confirmado."))
        else:
            messages.info(
                request,
                _(
                    "La misión está llena: estás en la lista de espera, en el lugar %(n)s. "
                    "Si se libera un lugar te escribiremos."
                )
                % {"n": position(seat)},
            )
        return redirect(mission)
    return render(request, "projects/mission_register.html", {"mission": mission, "form": form})


def _own_delegate(request, mission):
    delegate = delegate_of(request.user, mission)
    if delegate is None:
        raise Http404
    return delegate


@require_POST
@login_required
def registration_cancel(request, slug):
    mission = get_mission_for_viewer(request, slug)
    delegate = _own_delegate(request, mission)
    try:
        missions.cancel_registration(delegate=delegate, actor=request.user)
    except MissionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Cancelamos tu registro y tus reuniones de esta misión."))
    return redirect(mission)


@require_POST
@login_required
def registration_accept(request, slug):
    mission = get_mission_for_viewer(request, slug)
    delegate = _own_delegate(request, mission)
    try:
        missions.accept_offer(delegate=delegate, actor=request.user)
    except MissionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Aceptaste el lugar: ya estás en la delegación."))
    return redirect(mission)


# The delegation and the meetings


def _delegation_access(request, slug):
    """(mission, the viewer's Delegate or None, managing); 403 for whoever may not see it."""
    mission = get_mission_for_viewer(request, slug)
    delegate = delegate_of(request.user, mission)
    managing = can_manage(request.user, mission)
    if not sees_delegation(delegate, managing):
        raise PermissionDenied
    return mission, delegate, managing


def _confirmed(mission):
    return list(
        Delegate.objects.filter(mission=mission, status=SeatStatus.CONFIRMED)
        .select_related("user")
        .order_by("user__full_name", "pk")
    )


def _meeting_form(mission, delegate, data=None):
    others = [d for d in _confirmed(mission) if delegate is None or d.pk != delegate.pk]
    return MeetingRequestForm(
        data, delegates=others, hosts=list(mission.hosts.all()), auto_id="id_reunion_%s"
    )


def _delegation(request, mission, delegate, managing, *, form=None, status=200):
    delegates = _confirmed(mission)
    context = {
        "mission": mission,
        "delegate": delegate,
        "managing": managing,
        "delegates": delegates,
        "hosts": list(mission.hosts.all()),
    }
    if delegate is not None and delegate.status == SeatStatus.CONFIRMED:
        context["meeting_form"] = form or MeetingRequestForm(
            delegates=[d for d in delegates if d.pk != delegate.pk],
            hosts=context["hosts"],
            auto_id="id_reunion_%s",
        )
    if managing:
        context["host_meetings"] = list(
            Meeting.objects.filter(mission=mission, with_host__isnull=False)
            .filter(status__in=missions.OPEN_MEETINGS)
            .select_related("requester__user", "with_host")
        )
    return render(request, "projects/mission_delegation.html", context, status=status)


@require_safe
@login_required
def delegation(request, slug):
    return _delegation(request, *_delegation_access(request, slug))


@require_POST
@login_required
def meeting_request(request, slug):
    mission, delegate, managing = _delegation_access(request, slug)
    if delegate is None or delegate.status != SeatStatus.CONFIRMED:
        messages.error(request, _("Solo las personas con lugar confirmado piden reuniones."))
        return redirect("projects:mission_delegation", slug=mission.slug)
    form = _meeting_form(mission, delegate, request.POST)
    if not form.is_valid():
        return _delegation(request, mission, delegate, managing, form=form, status=400)
    data = form.cleaned_data
    try:
        missions.request_meeting(
            requester=delegate,
            with_delegate=data["with_delegate"],
            with_host=data["with_host"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            note=data["note"],
        )
    except MissionRefused as refused:
        messages.error(request, refused.message)
        return _delegation(request, mission, delegate, managing, form=form, status=400)
    messages.success(request, _("Enviamos tu solicitud de reunión."))
    return redirect("projects:mission_agenda", slug=mission.slug)


def _meeting(mission, pk):
    meeting = (
        Meeting.objects.filter(mission=mission, pk=pk)
        .select_related("mission", "requester__user", "with_delegate__user", "with_host")
        .first()
    )
    if meeting is None:
        raise Http404
    return meeting


@require_POST
@login_required
def meeting_answer(request, slug, pk):
    mission = get_mission_for_viewer(request, slug)
    meeting = _meeting(mission, pk)
    answers_it = (
        meeting.with_delegate is not None and meeting.with_delegate.user_id == request.user.pk
    ) or (meeting.with_host_id is not None and can_manage(request.user, mission))
    if not answers_it:
        raise Http404
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Elige aceptar o rechazar."))
    else:
        accept = form.cleaned_data["answer"] == "accept"
        try:
            missions.answer_meeting(meeting=meeting, accept=accept)
        except MissionRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(
                request,
                _("Aceptaste la reunión: ya está en la agenda.")
                if accept
                else _("Rechazaste la reunión."),
            )
    if meeting.with_host_id:
        return redirect("projects:mission_delegation", slug=mission.slug)
    return redirect("projects:mission_agenda", slug=mission.slug)


@require_POST
@login_required
def meeting_cancel(request, slug, pk):
    mission = get_mission_for_viewer(request, slug)
    meeting = _meeting(mission, pk)
    by = None
    for side in (meeting.requester, meeting.with_delegate):
        if side is not None and side.user_id == request.user.pk:
            by = side
    if by is None and not can_manage(request.user, mission):
        raise Http404
    try:
        missions.cancel_meeting(meeting=meeting, by=by)
    except MissionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Cancelamos la reunión."))
    if by is None:
        return redirect("projects:mission_delegation", slug=mission.slug)
    return redirect("projects:mission_agenda", slug=mission.slug)


# The delegate's agenda


def _agenda_delegate(request, slug):
    mission = get_mission_for_viewer(request, slug)
    delegate = delegate_of(request.user, mission)
    if delegate is None or delegate.status != SeatStatus.CONFIRMED:
        raise Http404
    delegate.mission = mission
    return mission, delegate


@require_safe
@login_required
def agenda(request, slug):
    mission, delegate = _agenda_delegate(request, slug)
    meetings = list(missions.schedule_of(delegate))
    for meeting in meetings:
        meeting.other_name = missions._other_side_name(meeting, delegate)
        meeting.is_mine = meeting.requester_id == delegate.pk
        meeting.to_answer = not meeting.is_mine and meeting.status == MeetingStatus.REQUESTED
        meeting.when = missions.meeting_when(meeting)
    return render(
        request,
        "projects/mission_agenda.html",
        {"mission": mission, "delegate": delegate, "meetings": meetings},
    )


@require_safe
@login_required
def agenda_ics(request, slug):
    mission, delegate = _agenda_delegate(request, slug)
    content = missions.schedule_calendar(
        delegate,
        missions.schedule_of(delegate),
        host=calendar_host(request),
        url=request.build_absolute_uri(reverse("projects:mission_agenda", args=[mission.slug])),
    )
    return ics_response(content, f"mision-{mission.slug}.ics")
