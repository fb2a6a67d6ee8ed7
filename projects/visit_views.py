"""The expert visits' pages: the request form (participants and PNCS staff), the list (the staff's
queue of their sectors, a requester's own requests, an expert's visits), a request's page with
its visit, activities, history and the status buttons the viewer may use, the staff's expert
suggestions and invitation, the visit's record and activities, and the expert's report. Every
change is a POST that ends with a message; refusals come back as messages, never as errors.
Who may do what: visit_permissions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from members.permissions import pncs_sector_ids

from . import visits
from .models import VisitActivity, VisitStatus
from .visit_forms import (
    ActivityForm,
    InvitationForm,
    ReportForm,
    StatusForm,
    VisitForm,
    VisitRequestForm,
)
from .visit_permissions import (
    can_request,
    get_request_for_staff,
    get_request_for_viewer,
    staff_sectors,
    visible_requests,
)
from .visits import VisitRefused

VS = VisitStatus
MOVE_DONE = {
    VS.IN_REVIEW: gettext_lazy("La solicitud está en revisión."),
    VS.CANCELLED: gettext_lazy("La solicitud quedó cancelada."),
    VS.COMPLETED: gettext_lazy("La visita quedó registrada como realizada."),
}


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def visit_request_create(request):
    if not can_request(request.user):
        raise PermissionDenied
    sectors = pncs_sector_ids(request.user) or None
    form = VisitRequestForm(request.POST or None, sectors=sectors)
    if request.method == "POST" and form.is_valid():
        visit_request = visits.submit(form=form, requester=request.user)
        messages.success(
            request,
            _("Recibimos la solicitud. El personal del PNCS del sector la revisará."),
        )
        return redirect(visit_request)
    return render(request, "projects/visit_request_form.html", {"form": form})


@require_safe
@login_required
def visit_list(request):
    sectors = staff_sectors(request.user)
    rows = list(
        visible_requests(request.user)
        .select_related("sector", "visit__expert")
        .order_by("-created_at", "-pk")[:200]
    )
    return render(
        request,
        "projects/visit_list.html",
        {
            "requests": rows,
            "is_staff": sectors is None or bool(sectors),
            "can_request": can_request(request.user),
        },
    )


@require_safe
@login_required
def visit_detail(request, uuid):
    visit_request, visit, access = get_request_for_viewer(request, uuid)
    moves = visits.moves_for(
        visit_request, as_requester=access.is_requester, as_staff=access.is_staff
    )
    context = {
        "visit_request": visit_request,
        "visit": visit,
        "access": access,
        "moves": moves,
        "status_form": StatusForm(),
        "activities": list(visit.activities.all()) if visit else [],
        "history": list(visit_request.history.select_related("actor")) if access.is_staff else [],
        "invitations": (
            list(visit_request.invitations.select_related("introduction__member"))
            if access.is_staff
            else []
        ),
        "report_refusal": visits.report_refusal(visit, access.member) if visit else None,
    }
    return render(request, "projects/visit_detail.html", context)


@require_POST
@login_required
def visit_status(request, uuid):
    visit_request, _visit, access = get_request_for_viewer(request, uuid)
    if not (access.is_staff or access.is_requester):
        raise PermissionDenied
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Elige un cambio de estado de la lista."))
        return redirect(visit_request)
    status = VS(form.cleaned_data["status"])
    try:
        visits.move(
            visit_request=visit_request,
            status=status,
            actor=request.user,
            as_requester=access.is_requester,
            as_staff=access.is_staff,
            note=form.cleaned_data["note"].strip(),
        )
    except VisitRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, MOVE_DONE.get(status, _("Listo.")))
    return redirect(visit_request)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def visit_invite(request, uuid):
    visit_request, _visit, _access = get_request_for_staff(request, uuid)
    suggested = visits.suggestions(visit_request)
    form = InvitationForm(request.POST or None, suggested=suggested)
    if request.method == "POST" and form.is_valid():
        member = form.cleaned_data["member"]
        try:
            visits.invite(
                visit_request=visit_request,
                inviter=request.user,
                member=member,
                message=form.cleaned_data["message"].strip()
                or visits.default_invitation(visit_request),
                base_url=request.build_absolute_uri("/"),
            )
        except VisitRefused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(
                request,
                _(
                    "Enviamos la invitación a %(name)s. Si la acepta, la visita queda confirmada "
                    "y les llegará un correo para ponerse en contacto."
                )
                % {"name": member.full_name},
            )
        return redirect(visit_request)
    return render(
        request,
        "projects/visit_invite.html",
        {"visit_request": visit_request, "suggested": suggested, "form": form},
    )


def _staff_visit(request, uuid):
    visit_request, visit, _access = get_request_for_staff(request, uuid)
    return visit_request, visit


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def visit_edit(request, uuid):
    visit_request, visit = _staff_visit(request, uuid)
    if visit is None:
        messages.error(request, _("La visita se registra cuando un experto acepta la invitación."))
        return redirect(visit_request)
    form = VisitForm(request.POST or None, instance=visit)
    if request.method == "POST" and form.is_valid():
        visits.save_visit(form=form)
        messages.success(request, _("Guardamos la visita."))
        return redirect(visit_request)
    return render(
        request,
        "projects/visit_edit.html",
        {
            "visit_request": visit_request,
            "visit": visit,
            "form": form,
            "activity_form": ActivityForm(visit=visit),
            "activities": list(visit.activities.all()),
        },
    )


@require_POST
@login_required
def activity_add(request, uuid):
    visit_request, visit = _staff_visit(request, uuid)
    if visit is None:
        messages.error(request, _("La visita se registra cuando un experto acepta la invitación."))
        return redirect(visit_request)
    form = ActivityForm(request.POST, visit=visit)
    if form.is_valid():
        visits.add_activity(visit=visit, **form.cleaned_data)
        messages.success(request, _("Agregamos la actividad."))
        return redirect("projects:visit_edit", uuid=visit_request.uuid)
    return render(
        request,
        "projects/visit_edit.html",
        {
            "visit_request": visit_request,
            "visit": visit,
            "form": VisitForm(instance=visit),
            "activity_form": form,
            "activities": list(visit.activities.all()),
        },
    )


@require_POST
@login_required
def activity_remove(request, uuid, pk):
    visit_request, visit = _staff_visit(request, uuid)
    deleted = 0
    if visit is not None:
        deleted, _rows = VisitActivity.objects.filter(visit=visit, pk=pk).delete()
    if deleted:
        messages.success(request, _("Quitamos la actividad."))
    else:
        messages.error(request, _("Esa actividad ya no está en la visita."))
    return redirect("projects:visit_edit", uuid=visit_request.uuid)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def visit_report(request, uuid):
    visit_request, visit, access = get_request_for_viewer(request, uuid)
    if visit is None or not access.is_expert:
        raise PermissionDenied
    refusal = visits.report_refusal(visit, access.member)
    form = ReportForm(request.POST or None, initial={"report": visit.report})
    if request.method == "POST":
        if refusal:
            messages.error(request, refusal)
            return redirect(visit_request)
        if form.is_valid():
            try:
                visits.write_report(
                    visit=visit, member=access.member, report=form.cleaned_data["report"]
                )
            except VisitRefused as refused:
                messages.error(request, refused.message)
            else:
                messages.success(request, _("Gracias: guardamos tu informe de la visita."))
            return redirect(visit_request)
    return render(
        request,
        "projects/visit_report.html",
        {"visit_request": visit_request, "visit": visit, "form": form, "refusal": refusal},
    )
