"""The calls' pages (/convocatorias/): the list, a call's page (its rules, criteria, documents and
phases; the way to propose while it receives proposals; the management links for its staff; the
accepted proposals once decided), and the staff's forms: opening and changing a call, its status,
criteria, required documents and phases (all on the call's edit page). Every change is a POST
that ends with a message; refusals (CommitteeRefused) come back as messages. Who may do what:
committees.permissions; the rules: committees.services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from members.permissions import pncs_sector_ids
from pncs.models import Sector
from redtalentos.lib.roles import is_ime_admin

from . import services
from .call_forms import CallForm, CallStatusForm, CriterionForm, PhaseForm, RequiredDocumentForm
from .models import CallStatus, Criterion, ProposalStatus, RequiredDocument, ReviewPhase
from .permissions import (
    can_change_call,
    can_open_calls,
    get_call,
    is_call_staff,
    may_submit,
    require_call_change,
    visible_calls,
)
from .services import CommitteeRefused

PER_PAGE = 20


def _sector_choices(user):
    """The sectors a call's author may choose: all for IME, their own for PNCS staff."""
    return None if is_ime_admin(user) else pncs_sector_ids(user)


def _changeable_call(request, slug):
    call = get_call(request, slug)
    require_call_change(request, call)
    return call


@require_safe
def call_list(request):
    calls = (
        visible_calls(request.user)
        .annotate(proposal_count=Count("proposals", distinct=True))
        .prefetch_related(Prefetch("sectors", queryset=Sector.objects.order_by("position")))
        .defer("description")
        .order_by("-closes_at", "-pk")
    )
    page = Paginator(calls, PER_PAGE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "committees/call_list.html",
        {"page": page, "calls": page.object_list, "can_open": can_open_calls(request.user)},
    )


@require_http_methods(["GET", "POST"])
@login_required
def call_create(request):
    if not can_open_calls(request.user):
        raise PermissionDenied
    form = CallForm(request.POST or None, sector_ids=_sector_choices(request.user))
    if request.method == "POST" and form.is_valid():
        call = services.save_call(form=form, actor=request.user)
        messages.success(
            request,
            _(
                "Convocatoria creada como borrador. Agrega sus criterios, documentos y fases, "
                "y publícala cuando esté lista."
            ),
        )
        return redirect(call)
    return render(request, "committees/call_form.html", {"form": form, "call": None})


def _call_context(call):
    return {
        "call": call,
        "sectors": list(call.sectors.order_by("position")),
        "criteria": list(call.criteria.all()),
        "required_documents": list(call.required_documents.all()),
        "phases": list(call.phases.all()),
    }


@require_safe
def call_detail(request, slug):
    call = get_call(request, slug)
    context = _call_context(call)
    context.update(
        {
            "is_staff": is_call_staff(request.user, call),
            "can_change": can_change_call(request.user, call),
            "may_submit": may_submit(request.user) and call.accepts_proposals(),
            "accepted": (
                list(
                    call.proposals.filter(status=ProposalStatus.ACCEPTED)
                    .order_by("title")
                    .values_list("title", flat=True)
                )
                if call.status == CallStatus.DECIDED
                else []
            ),
        }
    )
    return render(request, "committees/call_detail.html", context)


def _edit_page(request, call, *, form=None, criterion_form=None, document_form=None, status=200):
    context = _call_context(call)
    context.update(
        {
            "form": form or CallForm(instance=call, sector_ids=_sector_choices(request.user)),
            "criterion_form": criterion_form or CriterionForm(prefix="criterion"),
            "document_form": document_form or RequiredDocumentForm(prefix="document"),
            "phase_form": PhaseForm(prefix="phase", initial={"hide_names": call.blind}),
            "moves": [
                (value, label)
                for value, label in CallStatusForm.base_fields["status"].choices
                if call.allows(value)
            ],
            "history": list(call.history.select_related("actor")),
        }
    )
    return render(request, "committees/call_edit.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def call_edit(request, slug):
    call = _changeable_call(request, slug)
    if request.method == "POST":
        form = CallForm(request.POST, instance=call, sector_ids=_sector_choices(request.user))
        if form.is_valid():
            services.save_call(form=form, actor=request.user)
            messages.success(request, _("Cambios guardados."))
            return redirect("committees:call_edit", slug=call.slug)
        call.refresh_from_db()
        return _edit_page(request, call, form=form)
    return _edit_page(request, call)


@require_POST
@login_required
def call_status(request, slug):
    call = _changeable_call(request, slug)
    form = CallStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Ese cambio de estado no existe."))
        return redirect("committees:call_edit", slug=call.slug)
    status = form.cleaned_data["status"]
    try:
        services.move_call(call=call, status=status, actor=request.user)
    except CommitteeRefused as refusal:
        messages.error(request, refusal.message)
        return redirect("committees:call_edit", slug=call.slug)
    done = {
        CallStatus.PUBLISHED: _("Convocatoria publicada: ya se ve en la lista."),
        CallStatus.CANCELLED: _("Convocatoria cancelada."),
        CallStatus.DECIDED: _("Resultados publicados."),
    }
    messages.success(request, done[status])
    return redirect(call)


@require_POST
@login_required
def criterion_add(request, slug):
    call = _changeable_call(request, slug)
    form = CriterionForm(request.POST, prefix="criterion")
    if not form.is_valid():
        messages.error(request, _("Revisa el criterio: no se agregó."))
        return _edit_page(request, call, criterion_form=form, status=400)
    try:
        services.add_criterion(call=call, **form.cleaned_data)
    except CommitteeRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Criterio agregado."))
    return redirect("committees:call_edit", slug=call.slug)


@require_POST
@login_required
def criterion_remove(request, slug, pk):
    call = _changeable_call(request, slug)
    criterion = get_object_or_404(Criterion, call=call, pk=pk)
    try:
        services.remove_criterion(criterion=criterion)
    except CommitteeRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Criterio quitado."))
    return redirect("committees:call_edit", slug=call.slug)


@require_POST
@login_required
def required_add(request, slug):
    call = _changeable_call(request, slug)
    form = RequiredDocumentForm(request.POST, prefix="document")
    if not form.is_valid():
        messages.error(request, _("Revisa el documento: no se agregó."))
        return _edit_page(request, call, document_form=form, status=400)
    try:
        services.add_required_document(call=call, name=form.cleaned_data["name"])
    except CommitteeRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Documento requerido agregado."))
    return redirect("committees:call_edit", slug=call.slug)


@require_POST
@login_required
def required_remove(request, slug, pk):
    call = _changeable_call(request, slug)
    required = get_object_or_404(RequiredDocument, call=call, pk=pk)
    try:
        services.remove_required_document(required=required)
    except CommitteeRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Documento requerido quitado."))
    return redirect("committees:call_edit", slug=call.slug)


@require_POST
@login_required
def phase_add(request, slug):
    call = _changeable_call(request, slug)
    form = PhaseForm(request.POST, prefix="phase")
    if not form.is_valid():
        return render(
            request, "committees/call_phase_form.html", {"call": call, "form": form}, status=400
        )
    services.save_phase(form=form, call=call)
    messages.success(request, _("Fase agregada."))
    return redirect("committees:call_edit", slug=call.slug)


@require_http_methods(["GET", "POST"])
@login_required
def phase_edit(request, slug, pk):
    call = _changeable_call(request, slug)
    phase = get_object_or_404(ReviewPhase, call=call, pk=pk)
    form = PhaseForm(request.POST or None, instance=phase, prefix="phase")
    if request.method == "POST" and form.is_valid():
        services.save_phase(form=form, call=call)
        messages.success(request, _("Fase guardada."))
        return redirect("committees:call_edit", slug=call.slug)
    return render(
        request, "committees/call_phase_form.html", {"call": call, "phase": phase, "form": form}
    )


@require_POST
@login_required
def phase_activate(request, slug, pk):
    call = _changeable_call(request, slug)
    phase = get_object_or_404(ReviewPhase, call=call, pk=pk)
    try:
        services.activate_phase(phase=phase)
    except CommitteeRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("La fase «%(name)s» está activa.") % {"name": phase.name})
    return redirect("committees:call_edit", slug=call.slug)
