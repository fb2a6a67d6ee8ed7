"""The mentoring relationship's pages: a mentorship with its check-ins, writing one, completing
or cancelling it, and the staff's list of check-ins overdue."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from redtalentos.lib.roles import is_ime_admin

from . import checkin_services, services
from .forms import CheckInForm, ReasonForm
from .models import CheckIn, Mentorship
from .permissions import (
    MENTEE,
    MENTOR,
    STAFF,
    get_mentorship_for_viewer,
    require_staff,
    staff_requests,
)
from .views import MS, PER_PAGE


@require_safe
@login_required
def mentorship_detail(request, uuid):
    mentorship, side = get_mentorship_for_viewer(request, uuid)
    check_ins = list(mentorship.check_ins.order_by("-month"))
    history = list(mentorship.history.select_related("actor").order_by("at", "pk"))
    return render(
        request,
        "mentoring/mentorship_detail.html",
        {
            "mentorship": mentorship,
            "req": mentorship.request,
            "side": side,
            "check_ins": check_ins,
            "history": history,
            "hours": sum(check_in.hours or 0 for check_in in check_ins),
            "complete_form": ReasonForm(prefix="concluir"),
            "cancel_form": ReasonForm(prefix="cancelar"),
            "can_complete": mentorship.status == MS.ACTIVE and side in (MENTOR, STAFF),
            "can_cancel": mentorship.status == MS.ACTIVE
            or (mentorship.status == MS.PROPOSED and side == STAFF),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def check_in(request, uuid):
    mentorship, side = get_mentorship_for_viewer(request, uuid)
    if side == STAFF:
        raise PermissionDenied
    if mentorship.status != MS.ACTIVE:
        messages.error(
            request,
            _("Esta mentoría está «%(status)s»: ya no recibe seguimientos.")
            % {"status": mentorship.get_status_display()},
        )
        return redirect(mentorship)
    months = checkin_services.check_in_months(mentorship)
    form = CheckInForm(request.POST or None, months=months, side=side)
    if request.method == "POST" and form.is_valid():
        try:
            checkin_services.record_check_in(
                mentorship=mentorship,
                side=side,
                month=form.cleaned_data["month"],
                text=form.cleaned_data["text"],
                hours=form.cleaned_data.get("hours"),
            )
        except services.MentoringRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("Guardamos el seguimiento del mes. ¡Gracias!"))
        return redirect(mentorship)
    if not form.is_bound:
        current = CheckIn.objects.filter(mentorship=mentorship, month=months[0]).first()
        if current is not None:
            form.initial.update(
                text=current.progress if side == MENTEE else current.feedback,
                hours=current.hours,
            )
    return render(
        request,
        "mentoring/check_in_form.html",
        {"form": form, "mentorship": mentorship, "side": side},
    )


def _ending(request, uuid, end, *, sides, prefix, done):
    mentorship, side = get_mentorship_for_viewer(request, uuid)
    if side not in sides:
        raise PermissionDenied
    form = ReasonForm(request.POST, prefix=prefix)
    if not form.is_valid():
        messages.error(
            request, _("Escribe unas palabras sobre el cierre: la otra parte las leerá.")
        )
        return redirect(mentorship)
    try:
        end(mentorship=mentorship, actor=request.user, note=form.cleaned_data["note"])
    except services.MentoringRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, done)
    return redirect(mentorship)


@require_POST
@login_required
def mentorship_complete(request, uuid):
    return _ending(
        request,
        uuid,
        services.complete,
        sides=(MENTOR, STAFF),
        prefix="concluir",
        done=_(
            "La mentoría quedó concluida. Ambas partes tienen ya su constancia en «Mis "
            "certificados»."
        ),
    )


@require_POST
@login_required
def mentorship_cancel(request, uuid):
    return _ending(
        request,
        uuid,
        services.cancel,
        sides=(MENTOR, MENTEE, STAFF),
        prefix="cancelar",
        done=_("Cancelamos la mentoría y avisamos a la otra parte."),
    )


@require_safe
@login_required
def overdue(request):
    """Active mentorships whose check-in of last month lacks a side (the staff's follow-up)."""
    require_staff(request)
    today = timezone.localdate()
    this_month = services.month_of(today)
    last_month = services.month_of(this_month - datetime.timedelta(days=1))
    complete = CheckIn.objects.filter(
        mentorship=OuterRef("pk"),
        month=last_month,
        progress_at__isnull=False,
        feedback_at__isnull=False,
    )
    late = (
        Mentorship.objects.filter(
            status=MS.ACTIVE,
            started_on__lt=this_month,
            request__in=staff_requests(request.user),
        )
        .annotate(done=Exists(complete))
        .filter(done=False)
        .select_related("mentor", "request__mentee", "request__sector")
        .prefetch_related(
            Prefetch("check_ins", queryset=CheckIn.objects.filter(month=last_month), to_attr="last")
        )
        .order_by("started_on", "pk")
    )
    page = Paginator(late, PER_PAGE).get_page(request.GET.get("pagina"))
    for mentorship in page.object_list:
        check_in = mentorship.last[0] if mentorship.last else None
        mentorship.mentee_missing = check_in is None or check_in.progress_at is None
        mentorship.mentor_missing = check_in is None or check_in.feedback_at is None
    page.previous_url = f"?pagina={page.previous_page_number()}" if page.has_previous() else ""
    page.next_url = f"?pagina={page.next_page_number()}" if page.has_next() else ""
    return render(
        request,
        "mentoring/overdue.html",
        {"page": page, "month": last_month, "is_ime": is_ime_admin(request.user)},
    )
