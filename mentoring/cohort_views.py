"""Cohorts: the public list and page, the form with which IME or a PNCS opens one or changes it,
and a participant's application (a request that takes one of the cohort's places)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from members.permissions import is_participant
from pncs.models import Sector
from redtalentos.lib.capacity import HOLDING, SeatStatus

from . import cohort_services
from .forms import CohortForm, RequestForm
from .models import Cohort, Request
from .permissions import (
    can_edit_cohort,
    get_cohort_for_editor,
    is_mentoring_staff,
    require_participant,
    require_staff,
)
from .views import submit_request

SECTORS = Prefetch("sectors", queryset=Sector.objects.order_by("position"))


def _with_counts(cohorts):
    return cohorts.annotate(
        taken=Count("seats", filter=Q(seats__status__in=HOLDING)),
        waiting=Count("seats", filter=Q(seats__status=SeatStatus.WAITLISTED)),
    ).prefetch_related(SECTORS)


@require_safe
def cohort_list(request):
    today = timezone.localdate()
    cohorts = list(_with_counts(Cohort.objects.all()).order_by("-applications_close", "name")[:100])
    return render(
        request,
        "mentoring/cohort_list.html",
        {
            "open": [cohort for cohort in cohorts if cohort.applications_close >= today],
            "past": [cohort for cohort in cohorts if cohort.applications_close < today],
            "staff": request.user.is_authenticated and is_mentoring_staff(request.user),
        },
    )


@require_safe
def cohort_detail(request, slug):
    cohort = get_object_or_404(_with_counts(Cohort.objects.all()), slug=slug)
    own = None
    if request.user.is_authenticated:
        # A withdrawn or closed request leaves the way to apply again open.
        own = (
            Request.objects.filter(mentee=request.user, cohort=cohort)
            .exclude(status__in=(Request.Status.WITHDRAWN, Request.Status.CLOSED))
            .order_by("-created_at")
            .first()
        )
    return render(
        request,
        "mentoring/cohort_detail.html",
        {
            "cohort": cohort,
            "free": max(cohort.places - cohort.taken, 0),
            "own": own,
            "participant": is_participant(request.user),
            "can_edit": can_edit_cohort(request.user, cohort),
            "open": cohort.accepts_applications(),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def cohort_create(request):
    require_staff(request)
    form = CohortForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        cohort = cohort_services.save_cohort(form=form, actor=request.user)
        messages.success(
            request,
            _("Abrimos el grupo «%(name)s». Ya recibe solicitudes.") % {"name": cohort.name},
        )
        return redirect(cohort)
    return render(request, "mentoring/cohort_form.html", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def cohort_edit(request, slug):
    cohort = get_cohort_for_editor(request, slug)
    form = CohortForm(request.POST or None, instance=cohort)
    if request.method == "POST" and form.is_valid():
        cohort_services.save_cohort(form=form, actor=request.user)
        messages.success(request, _("Guardamos los cambios del grupo."))
        return redirect(cohort)
    return render(request, "mentoring/cohort_form.html", {"form": form, "cohort": cohort})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def cohort_apply(request, slug):
    require_participant(request)
    cohort = get_object_or_404(Cohort, slug=slug)
    if not cohort.accepts_applications():
        messages.error(request, _("Este grupo ya no recibe solicitudes."))
        return redirect(cohort)
    form = RequestForm(request.POST or None, cohort=cohort)
    if request.method == "POST" and form.is_valid():
        created = submit_request(request, form, cohort=cohort)
        if created is not None:
            return redirect(created)
    return render(request, "mentoring/request_form.html", {"form": form, "cohort": cohort})
