"""Follow-up pages of an edition, for IME and the PNCS staff of each sector: the follow-ups of the
sectors they keep with a form to add one, each follow-up's page (edit, status, history), and the
status change."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from pncs.models import WorkProgrammeActivity
from redtalentos.lib.workflows import TransitionRefused

from .follow_up_forms import FollowUpEditForm, FollowUpForm
from .follow_ups import (
    add_follow_up,
    change_follow_up_status,
    contact_point_choices,
    follow_ups_for,
    history_of,
    update_follow_up,
)
from .permissions import get_edition_for_follow_ups, get_follow_up_for_staff


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def follow_up_list(request, slug):
    edition, sector_ids = get_edition_for_follow_ups(request, slug)
    choices = contact_point_choices(request.user, sector_ids)
    form = FollowUpForm(request.POST if request.method == "POST" else None, choices=choices)
    if form.is_bound and form.is_valid():
        follow_up = add_follow_up(
            edition=edition,
            contact_point=form.cleaned_data["contact_point"],
            sector=form.cleaned_data["sector"],
            actor=request.user,
            details=form.cleaned_data,
        )
        messages.success(
            request,
            _("Agregamos la acción al programa de trabajo de %(name)s.")
            % {"name": follow_up.activity.contact_point.name},
        )
        return redirect("jornadas:follow_up_list", slug=edition.slug)
    return render(
        request,
        "jornadas/follow_up_list.html",
        {
            "edition": edition,
            "follow_ups": follow_ups_for(edition, sector_ids),
            "form": form,
            "can_add": bool(choices),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def follow_up_detail(request, slug, pk):
    follow_up = get_follow_up_for_staff(request, slug, pk)
    form = FollowUpEditForm(request.POST if request.method == "POST" else None, follow_up=follow_up)
    if form.is_bound and form.is_valid():
        update_follow_up(follow_up=follow_up, details=form.cleaned_data)
        messages.success(request, _("Guardamos los cambios de la acción."))
        return redirect(follow_up)
    return render(
        request,
        "jornadas/follow_up_detail.html",
        {
            "edition": follow_up.edition,
            "follow_up": follow_up,
            "activity": follow_up.activity,
            "history": history_of(follow_up),
            "form": form,
        },
    )


@require_POST
@login_required
def follow_up_status(request, slug, pk):
    follow_up = get_follow_up_for_staff(request, slug, pk)
    status = request.POST.get("estado", "")
    try:
        change_follow_up_status(follow_up=follow_up, status=status, actor=request.user)
    except TransitionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request,
            _("La acción está ahora «%(status)s».")
            % {"status": WorkProgrammeActivity.Status(status).label},
        )
    return redirect(follow_up)
