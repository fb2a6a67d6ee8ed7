"""Registration pages: register for an edition, my registration (status, place in line, offer,
cancel), the sessions to pick (with their waitlists), the personal agenda and its .ics, and the
list of my registrations. Every change is a POST that ends with a message."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from members.models import Member
from redtalentos.lib.calendars import calendar_host, ics_response
from redtalentos.lib.capacity import ACTIVE, HOLDING, SeatRefused, SeatStatus, with_place_in_line
from redtalentos.lib.qr import svg_data_uri

from . import certifying, checkin, services
from .agenda import group_by_day_and_track, sessions_for_agenda, speakers_for_agenda
from .calendar import edition_calendar
from .forms import RegistrationForm, SessionChoiceForm
from .models import Attendance, Registration, Session, SessionChoice, session_capacity
from .permissions import get_edition_for_viewer, get_registration_for_owner
from .services import RegistrationWindow, registration_window, window_refusal

STATUS_MESSAGES = {
    SeatStatus.CONFIRMED: gettext_lazy("Tu lugar está confirmado."),
    SeatStatus.WAITLISTED: gettext_lazy("No quedan lugares libres: estás en la lista de espera."),
}


def registration_box(request, edition):
    """What the edition page says about registering, for the viewer (one query when signed in)."""
    window = registration_window(edition)
    mine = None
    if request.user.is_authenticated:
        mine = Registration.objects.filter(edition=edition, user=request.user).first()
    return {
        "open": window == RegistrationWindow.OPEN,
        "shown": window != RegistrationWindow.NONE or mine is not None,
        "note": "" if window == RegistrationWindow.OPEN else window_refusal(edition, window),
        "mine": mine,
    }


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def register(request, slug):
    edition = get_edition_for_viewer(request, slug)
    existing = Registration.objects.filter(edition=edition, user=request.user).first()
    if existing is not None and existing.is_active:
        messages.info(request, _("Ya estás registrado en esta jornada."))
        return redirect(existing)
    window = registration_window(edition)
    if window != RegistrationWindow.OPEN:
        if request.method == "POST":
            messages.error(request, window_refusal(edition, window))
            return redirect(edition)
        return render(
            request,
            "jornadas/registration_form.html",
            {"edition": edition, "form": None, "closed": window_refusal(edition, window)},
        )
    abroad = Member.objects.filter(user=request.user).exists()
    form = RegistrationForm(request.POST or None, edition=edition, abroad=abroad)
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.register(
                edition=edition, user=request.user, details=form.cleaned_data
            )
        except SeatRefused as refused:
            messages.error(request, refused.message)
            return redirect(edition)
        messages.success(request, STATUS_MESSAGES[registration.status])
        return redirect(registration)
    return render(
        request,
        "jornadas/registration_form.html",
        {"edition": edition, "form": form, "abroad": abroad, "again": existing is not None},
    )


def _my_choices(registration):
    return list(
        SessionChoice.objects.filter(registration=registration, status__in=ACTIVE)
        .select_related("session__track__sector", "session__room")
        .order_by("session__starts_at", "pk")
    )


@require_safe
@login_required
def registration_detail(request, slug, uuid):
    registration = get_registration_for_owner(request, slug, uuid)
    registration = with_place_in_line(
        Registration.objects.select_related("edition").filter(pk=registration.pk)
    ).get()
    choices = _my_choices(registration)
    checkin_qr = None
    if registration.status == SeatStatus.CONFIRMED and registration.checkin_code:
        checkin_qr = svg_data_uri(checkin.checkin_url(registration))
    return render(
        request,
        "jornadas/registration_detail.html",
        {
            "registration": registration,
            "edition": registration.edition,
            "choices": choices,
            "checkin_qr": checkin_qr,
            "certificates": list(certifying.certificates_of(request.user, registration.edition)),
            "in_person": registration.attendance == Attendance.IN_PERSON,
            "can_register_again": not registration.is_active
            and registration_window(registration.edition) == RegistrationWindow.OPEN,
        },
    )


def _act(request, action, success):
    try:
        action()
    except SeatRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, success)


@require_POST
@login_required
def registration_cancel(request, slug, uuid):
    registration = get_registration_for_owner(request, slug, uuid)
    _act(
        request,
        lambda: services.cancel_registration(registration=registration, actor=request.user),
        _("Cancelaste tu registro. Gracias por avisar: tu lugar pasa a la siguiente persona."),
    )
    return redirect(registration)


@require_POST
@login_required
def registration_accept(request, slug, uuid):
    registration = get_registration_for_owner(request, slug, uuid)
    _act(
        request,
        lambda: services.accept_registration_offer(registration=registration, actor=request.user),
        _("Aceptaste el lugar: tu registro está confirmado."),
    )
    return redirect(registration)


def _sessions_with_seats(registration):
    """The edition's agenda, each session with `seats_left` (None: no limit) and `mine` (the
    person's choice or None), in a fixed number of queries."""
    sessions = list(
        sessions_for_agenda(registration.edition).annotate(
            _held=Count(
                "choices",
                filter=Q(
                    choices__status__in=HOLDING,
                    choices__registration__attendance=Attendance.IN_PERSON,
                ),
            )
        )
    )
    mine = {
        choice.session_id: choice
        for choice in with_place_in_line(
            SessionChoice.objects.filter(registration=registration, status__in=ACTIVE)
        )
    }
    for session in sessions:
        seats = session_capacity(session)
        session.seats_left = None if seats is None else max(seats - session._held, 0)
        session.mine = mine.get(session.pk)
    return sessions


@require_safe
@login_required
def registration_sessions(request, slug, uuid):
    registration = get_registration_for_owner(request, slug, uuid)
    return render(
        request,
        "jornadas/registration_sessions.html",
        {
            "registration": registration,
            "edition": registration.edition,
            "agenda": group_by_day_and_track(_sessions_with_seats(registration)),
            "confirmed": registration.status == SeatStatus.CONFIRMED,
            "in_person": registration.attendance == Attendance.IN_PERSON,
        },
    )


@require_POST
@login_required
def session_choice(request, slug, uuid, pk):
    registration = get_registration_for_owner(request, slug, uuid)
    session = Session.objects.filter(edition=registration.edition, pk=pk).first()
    if session is None:
        raise Http404
    form = SessionChoiceForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Acción desconocida."))
    action = form.cleaned_data["accion"]
    title = session.title
    try:
        if action == "elegir":
            choice = services.pick_session(
                registration=registration, session=session, actor=request.user
            )
            if choice.status == SeatStatus.CONFIRMED:
                messages.success(request, _("«%(title)s» está en tu agenda.") % {"title": title})
            else:
                messages.warning(
                    request,
                    _(
                        "«%(title)s» está llena: quedaste en su lista de espera. Si se libera un "
                        "lugar te lo ofreceremos por correo."
                    )
                    % {"title": title},
                )
        elif action == "quitar":
            services.unpick_session(registration=registration, session=session, actor=request.user)
            messages.success(request, _("Quitaste «%(title)s» de tu agenda.") % {"title": title})
        else:
            services.accept_session_offer(
                registration=registration, session=session, actor=request.user
            )
            messages.success(
                request,
                _("Aceptaste el lugar en «%(title)s»: está en tu agenda.") % {"title": title},
            )
    except SeatRefused as refused:
        messages.error(request, refused.message)
    return redirect("jornadas:registration_sessions", slug=slug, uuid=uuid)


def _agenda_sessions(registration):
    return list(
        Session.objects.filter(
            choices__registration=registration, choices__status=SeatStatus.CONFIRMED
        )
        .select_related("track__sector", "room", "edition")
        .prefetch_related(Prefetch("speakers", queryset=speakers_for_agenda()))
        .order_by("starts_at", "pk")
    )


@require_safe
@login_required
def personal_agenda(request, slug, uuid):
    registration = get_registration_for_owner(request, slug, uuid)
    return render(
        request,
        "jornadas/personal_agenda.html",
        {
            "registration": registration,
            "edition": registration.edition,
            "agenda": group_by_day_and_track(_agenda_sessions(registration)),
        },
    )


@require_safe
@login_required
def personal_agenda_ics(request, slug, uuid):
    registration = get_registration_for_owner(request, slug, uuid)
    edition = registration.edition
    sessions = _agenda_sessions(registration)
    if not sessions and edition.starts_on is None:
        raise Http404  # an empty VCALENDAR is not valid
    content = edition_calendar(
        edition,
        sessions,
        host=calendar_host(request),
        url_for=lambda session: request.build_absolute_uri(session.get_absolute_url()),
        edition_url=request.build_absolute_uri(edition.get_absolute_url()),
    )
    return ics_response(content, f"mi-agenda-{edition.slug}.ics")


@require_safe
@login_required
def my_registrations(request):
    registrations = list(
        with_place_in_line(Registration.objects.filter(user=request.user))
        .select_related("edition")
        .annotate(
            sessions=Count(
                "session_choices", filter=Q(session_choices__status=SeatStatus.CONFIRMED)
            )
        )
        .order_by("-edition__year", "-edition__number")
    )
    return render(
        request,
        "jornadas/my_registrations.html",
        {
            "registrations": registrations,
            "certificates": list(certifying.certificates_of(request.user)),
        },
    )
