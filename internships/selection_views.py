"""The selection's pages: a host's candidates of one posting (list, one application with its
stage, private notes, the host's order and a direct offer), IME's matching of a cycle (run,
review the proposed pairs, approve or discard), and the student's answer to an offer (accept,
decline). Every change is a POST that ends with a message; refusals are messages, never errors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, F
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from members.models import Language

from . import offers, selection
from .models import Application, Cycle, MatchingRun, MatchingStatus, TransitionRefused
from .permissions import (
    get_application_for_host,
    get_application_for_student,
    get_posting_for_selection,
    require_ime,
)
from .selection_forms import HostOrderForm, NoteForm, StageForm

PAIRS_PER_PAGE = 100


def _base_url(request):
    return request.build_absolute_uri("/")


# The host's candidates


@require_safe
@login_required
def host_applications(request, slug):
    posting = get_posting_for_selection(request, slug)
    applications = (
        posting.applications.exclude(status=Application.Status.DRAFT)
        .select_related("student")
        .annotate(note_count=Count("notes"))
        .order_by(F("host_rank").asc(nulls_last=True), "submitted_at", "pk")
    )
    held = posting.applications.filter(status__in=selection.HOLDING).count()
    return render(
        request,
        "internships/host_application_list.html",
        {
            "posting": posting,
            "cycle": posting.cycle,
            "applications": applications,
            "held": held,
        },
    )


def _host_detail(request, application, *, status=200, **forms):
    posting = application.posting
    context = {
        "application": application,
        "posting": posting,
        "cycle": application.cycle,
        "languages": [dict(Language.choices).get(code, code) for code in application.languages],
        "notes": application.notes.select_related("author").order_by("created_at", "pk"),
        "history": application.history.select_related("actor"),
        "stage_form": forms.get("stage_form") or StageForm(application=application),
        "note_form": forms.get("note_form") or NoteForm(),
        "order_form": forms.get("order_form")
        or HostOrderForm(
            initial={"host_rank": application.host_rank, "host_choice": application.host_choice}
        ),
        "can_offer": (
            application.cycle.allow_direct_offers
            and application.status in selection.WAITING
            and timezone.localdate() <= application.cycle.offers_until
        ),
    }
    return render(request, "internships/host_application_detail.html", context, status=status)


@require_safe
@login_required
def host_application(request, slug, uuid):
    return _host_detail(request, get_application_for_host(request, slug, uuid))


@require_POST
@login_required
def host_application_stage(request, slug, uuid):
    application = get_application_for_host(request, slug, uuid)
    form = StageForm(request.POST, application=application)
    if not form.is_valid():
        return _host_detail(request, application, stage_form=form, status=400)
    try:
        application = selection.move_by_host(
            application=application,
            to=form.cleaned_data["status"],
            actor=request.user,
            note=form.cleaned_data["note"],
            base_url=_base_url(request),
        )
    except TransitionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request,
            _("La postulación pasó a «%(status)s». Le avisamos por correo.")
            % {"status": application.get_status_display()},
        )
    return redirect("internships:host_application", slug=slug, uuid=uuid)


@require_POST
@login_required
def host_application_note(request, slug, uuid):
    application = get_application_for_host(request, slug, uuid)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _host_detail(request, application, note_form=form, status=400)
    selection.add_note(application=application, author=request.user, text=form.cleaned_data["text"])
    messages.success(request, _("Guardamos tu nota privada."))
    return redirect("internships:host_application", slug=slug, uuid=uuid)


@require_POST
@login_required
def host_application_order(request, slug, uuid):
    application = get_application_for_host(request, slug, uuid)
    form = HostOrderForm(request.POST)
    if not form.is_valid():
        return _host_detail(request, application, order_form=form, status=400)
    selection.set_host_order(
        application=application,
        host_rank=form.cleaned_data["host_rank"],
        host_choice=form.cleaned_data["host_choice"],
    )
    messages.success(request, _("Guardamos tu orden de candidaturas."))
    return redirect("internships:host_application", slug=slug, uuid=uuid)


@require_POST
@login_required
def host_application_offer(request, slug, uuid):
    application = get_application_for_host(request, slug, uuid)
    try:
        selection.direct_offer(
            application=application, actor=request.user, base_url=_base_url(request)
        )
    except TransitionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request, _("Enviamos la oferta. La persona tiene un plazo para aceptarla o rechazarla.")
        )
    return redirect("internships:host_application", slug=slug, uuid=uuid)


# IME's matching


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def matching(request, slug):
    require_ime(request)
    cycle = get_object_or_404(Cycle, slug=slug)
    if request.method == "POST":
        try:
            run = selection.run_matching(cycle=cycle, actor=request.user)
        except TransitionRefused as refused:
            messages.error(request, refused.message)
            return redirect("internships:matching", slug=slug)
        messages.success(request, _("Corrimos la asignación. Revísala antes de aprobarla."))
        return redirect("internships:matching_run", slug=slug, uuid=run.uuid)
    runs = cycle.matching_runs.select_related("run_by", "approved_by").order_by("-created_at")
    return render(
        request,
        "internships/matching.html",
        {"cycle": cycle, "runs": runs, "refusal": selection.matching_refusal(cycle)},
    )


def _get_run(request, slug, uuid):
    require_ime(request)
    return get_object_or_404(
        MatchingRun.objects.select_related("cycle", "run_by", "approved_by"),
        cycle__slug=slug,
        uuid=uuid,
    )


@require_safe
@login_required
def matching_run(request, slug, uuid):
    run = _get_run(request, slug, uuid)
    pairs = run.result.get("pairs", [])
    page = Paginator(pairs, PAIRS_PER_PAGE).get_page(request.GET.get("pagina"))
    by_pk = Application.objects.select_related("student", "posting").in_bulk(
        [pair["application"] for pair in page.object_list]
    )
    rows = [by_pk.get(pair["application"]) for pair in page.object_list]
    inputs = run.inputs or {}
    return render(
        request,
        "internships/matching_run.html",
        {
            "run": run,
            "cycle": run.cycle,
            "page": page,
            "rows": rows,
            "student_count": len(inputs.get("students", {})),
            "seat_count": sum(inputs.get("seats", {}).values()),
            "application_count": len(inputs.get("applications", {})),
            "unmatched_count": len(run.result.get("unmatched", [])),
            "pending": run.status == MatchingStatus.DRAFT,
        },
    )


@require_POST
@login_required
def matching_run_approve(request, slug, uuid):
    run = _get_run(request, slug, uuid)
    try:
        made, skipped = selection.approve_run(
            run=run, actor=request.user, base_url=_base_url(request)
        )
    except TransitionRefused as refused:
        messages.error(request, refused.message)
    else:
        message = _("Aprobaste la asignación: enviamos %(made)s ofertas.") % {"made": made}
        if skipped:
            message += " " + _(
                "%(skipped)s parejas ya no eran posibles (la postulación cambió o la plaza se "
                "llenó); esas plazas pasan a la siguiente persona de la lista."
            ) % {"skipped": skipped}
        messages.success(request, message)
    return redirect("internships:matching_run", slug=slug, uuid=uuid)


@require_POST
@login_required
def matching_run_discard(request, slug, uuid):
    run = _get_run(request, slug, uuid)
    try:
        selection.discard_run(run=run)
    except TransitionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Descartaste la asignación. Puedes correr otra."))
    return redirect("internships:matching", slug=slug)


# The student's answer to an offer


@require_POST
@login_required
def application_accept(request, uuid):
    application = get_application_for_student(request, uuid)
    try:
        offers.accept_offer(application=application, base_url=_base_url(request))
    except TransitionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request,
            _(
                "¡Aceptaste la plaza «%(title)s»! Tus otras postulaciones del ciclo se cerraron; "
                "te escribiremos con los detalles de tu estancia."
            )
            % {"title": application.posting.title},
        )
    return redirect(application)


@require_POST
@login_required
def application_decline(request, uuid):
    application = get_application_for_student(request, uuid)
    try:
        offers.decline_offer(application=application, base_url=_base_url(request))
    except TransitionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request,
            _("Rechazaste la oferta de «%(title)s». La plaza pasa a otra persona.")
            % {"title": application.posting.title},
        )
    return redirect(application)
