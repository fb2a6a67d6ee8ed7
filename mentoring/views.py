"""The mentoring's pages: the landing, the mentor's offer, everyone's own mentoring, requests (the
mentee's and the staff's queue with the suggestions), the relationship with its check-ins and
endings, and the staff's list of overdue check-ins. Every change is a POST that ends with a
message; refusals come back as messages, never as errors."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, F, Prefetch, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from members.permissions import is_participant, member_of
from pncs.models import Sector
from redtalentos.lib.roles import is_ime_admin

from . import services, timezones
from .forms import OfferForm, ProposeForm, ReasonForm, RequestForm
from .matching import suggestions
from .models import Cohort, MentorOffer, Mentorship, MentorshipStatus, Request
from .permissions import (
    MENTEE,
    STAFF,
    can_pick_mentor,
    get_request_for_viewer,
    is_mentoring_staff,
    require_mentor,
    require_participant,
    require_staff,
    staff_requests,
)

PER_PAGE = 25
MS = MentorshipStatus


def _base_url(request):
    return request.build_absolute_uri("/")


@require_safe
def landing(request):
    user = request.user
    counts = MentorOffer.objects.filter(paused=False, member__account_active=True).aggregate(
        mentors=Count("pk"), open=Count("pk", filter=Q(load__lt=F("capacity")))
    )
    cohorts = Cohort.objects.open().order_by("applications_close", "name")[:5]
    return render(
        request,
        "mentoring/landing.html",
        {
            "counts": counts,
            "cohorts": cohorts,
            "member": member_of(user),
            "participant": is_participant(user),
            "staff": is_mentoring_staff(user) if user.is_authenticated else False,
        },
    )


# The mentor's offer


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def offer_edit(request):
    member = require_mentor(request)
    offer = MentorOffer.objects.filter(member=member).first()
    form = OfferForm(request.POST or None, instance=offer)
    if request.method == "POST" and form.is_valid():
        saved = services.save_offer(form=form, member=member)
        if offer is None:
            messages.success(
                request,
                _(
                    "Gracias: ya eres mentor(a) de la red. Te escribiremos cuando te propongamos a "
                    "alguien."
                ),
            )
        elif saved.paused:
            messages.success(
                request, _("Pausaste tu mentoría: no te propondremos a nadie más por ahora.")
            )
        else:
            messages.success(request, _("Guardamos los cambios de tu oferta de mentoría."))
        return redirect("mentoring:my_mentoring")
    if not form.is_bound and offer is None:
        form.initial.update(
            time_zone=timezones.guess(member.city, member.country) or "America/Mexico_City",
            sectors=list(member.sectors.values_list("pk", flat=True)),
            languages=list(member.languages or ["es"]),
        )
    return render(request, "mentoring/offer_form.html", {"form": form, "offer": offer})


# Everyone's own mentoring


@require_safe
@login_required
def my_mentoring(request):
    user = request.user
    member = member_of(user)
    offer = None
    as_mentor = []
    if member is not None:
        offer = MentorOffer.objects.filter(member=member).prefetch_related("sectors").first()
        as_mentor = list(
            Mentorship.objects.filter(mentor=member)
            .select_related("request__mentee", "request__sector")
            .order_by("-proposed_at")[:50]
        )
    requests = list(
        Request.objects.filter(mentee=user)
        .select_related("sector", "cohort")
        .prefetch_related(
            Prefetch(
                "mentorships",
                queryset=Mentorship.objects.select_related("mentor").order_by("-proposed_at"),
            )
        )
        .order_by("-created_at")[:50]
    )
    return render(
        request,
        "mentoring/my_mentoring.html",
        {
            "member": member,
            "offer": offer,
            "as_mentor": as_mentor,
            "requests": requests,
            "participant": is_participant(user),
        },
    )


# Requests


def submit_request(request, form, cohort=None):
    try:
        created = services.create_request(form=form, mentee=request.user, cohort=cohort)
    except services.MentoringRefused as refused:
        form.add_error(None, refused.message)
        return None
    if created.status == Request.Status.WAITLISTED:
        messages.info(
            request,
            _(
                "El grupo está lleno por ahora: quedaste en la lista de espera. Te avisaremos si "
                "se libera un lugar."
            ),
        )
    else:
        messages.success(
            request,
            _(
                "Recibimos tu solicitud. El personal del PNCS de su sector buscará quién te "
                "acompañe y te escribiremos."
            ),
        )
    return created


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def request_create(request):
    require_participant(request)
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = submit_request(request, form)
        if created is not None:
            return redirect(created)
    return render(request, "mentoring/request_form.html", {"form": form})


@require_safe
@login_required
def request_queue(request):
    require_staff(request)
    status = request.GET.get("estado", "open")
    if status not in {"open", "proposed", "waitlisted", "closed"}:
        status = "open"
    statuses = {"closed": ("closed", "withdrawn", "matched", "completed")}.get(status, (status,))
    queue = staff_requests(request.user).filter(status__in=statuses)
    sector = request.GET.get("sector", "")
    sectors = Sector.objects.order_by("position")
    if sector.isascii() and sector.isdigit() and len(sector) < 10:
        queue = queue.filter(sector_id=int(sector))
    queue = queue.select_related("sector", "cohort", "mentee").order_by("created_at", "pk")
    page = Paginator(queue, PER_PAGE).get_page(request.GET.get("pagina"))
    query = {"estado": status, "sector": sector}
    page.previous_url = (
        "?" + urlencode({**query, "pagina": page.previous_page_number()})
        if page.has_previous()
        else ""
    )
    page.next_url = (
        "?" + urlencode({**query, "pagina": page.next_page_number()}) if page.has_next() else ""
    )
    return render(
        request,
        "mentoring/request_queue.html",
        {
            "page": page,
            "status": status,
            "sector": sector,
            "sectors": sectors,
            "is_ime": is_ime_admin(request.user),
        },
    )


@require_safe
@login_required
def request_detail(request, uuid):
    mentoring_request, side = get_request_for_viewer(request, uuid)
    mentorships = list(
        mentoring_request.mentorships.select_related("mentor").order_by("-proposed_at")
    )
    place = getattr(mentoring_request, "place", None) if mentoring_request.cohort_id else None
    picks = can_pick_mentor(request.user, mentoring_request)
    shown = []
    if mentoring_request.status == Request.Status.OPEN and (side == STAFF or picks):
        shown = suggestions(mentoring_request)
    return render(
        request,
        "mentoring/request_detail.html",
        {
            "req": mentoring_request,
            "side": side,
            "mentorships": mentorships,
            "place": place,
            "suggestions": shown,
            "picks": picks,
            "reason_form": ReasonForm(),
            # Who moved it is for the staff who serve the queue.
            "history": (
                list(mentoring_request.history.select_related("actor")) if side == STAFF else []
            ),
        },
    )


@require_POST
@login_required
def request_propose(request, uuid):
    mentoring_request, side = get_request_for_viewer(request, uuid)
    cohort = mentoring_request.cohort
    if side == MENTEE and (cohort is None or not cohort.mentee_picks):
        raise PermissionDenied  # the staff propose (a second pick is refused by the services)
    form = ProposeForm(request.POST)
    offer = None
    if form.is_valid():
        offer = (
            MentorOffer.objects.select_related("member")
            .filter(pk=form.cleaned_data["offer"])
            .first()
        )
    if offer is None:
        messages.error(request, _("Elige a una persona de las sugerencias."))
        return redirect(mentoring_request)
    # Only a suggestion may be proposed: the reasons shown are the ones kept.
    found = {s.offer.pk: s for s in suggestions(mentoring_request, limit=50)}
    if offer.pk not in found:
        messages.error(
            request,
            _(
                "%(name)s ya no está entre las sugerencias de esta solicitud (sin lugar, en pausa "
                "o ya propuesto)."
            )
            % {"name": offer.member.full_name},
        )
        return redirect(mentoring_request)
    try:
        services.propose(
            request=mentoring_request,
            offer=offer,
            actor=request.user,
            reasons=found[offer.pk].reasons(),
            base_url=_base_url(request),
        )
    except services.MentoringRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request,
            _(
                "Propusimos a %(name)s. Tiene unos días para responder; si no puede, la solicitud "
                "vuelve a la fila."
            )
            % {"name": offer.member.full_name},
        )
    return redirect(mentoring_request)


@require_POST
@login_required
def request_withdraw(request, uuid):
    mentoring_request, side = get_request_for_viewer(request, uuid)
    if side != MENTEE:
        raise PermissionDenied
    try:
        services.withdraw_request(request=mentoring_request, mentee=request.user)
    except services.MentoringRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Retiraste tu solicitud."))
    return redirect(mentoring_request)


@require_POST
@login_required
def request_close(request, uuid):
    mentoring_request, side = get_request_for_viewer(request, uuid)
    if side != STAFF:
        raise PermissionDenied
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Escribe el motivo: la persona lo recibirá por correo."))
        return redirect(mentoring_request)
    try:
        services.close_request(
            request=mentoring_request, actor=request.user, note=form.cleaned_data["note"]
        )
    except services.MentoringRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request, _("Cerramos la solicitud y le escribimos el motivo a la persona.")
        )
    return redirect(mentoring_request)


@require_POST
@login_required
def place_accept(request, uuid):
    mentoring_request, side = get_request_for_viewer(request, uuid)
    if side != MENTEE or mentoring_request.cohort_id is None:
        raise PermissionDenied
    try:
        services.accept_place(request=mentoring_request, actor=request.user)
    except services.MentoringRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Tomaste tu lugar en el grupo. Ya buscamos quién te acompañe."))
    return redirect(mentoring_request)
