"""A placement's page for its student and its host (IME reads it too), and each side's
evaluation once the placement is over. IME completes placements in the admin."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from .models import TransitionRefused
from .permissions import get_placement_for_viewer
from .placement_forms import EvaluationForm
from .placements import certificates_of, evaluate, evaluation_refusal


def _context(placement, side, form=None):
    evaluations = list(placement.evaluations.all())
    own = next((item for item in evaluations if item.author_role == side), None)
    refusal = evaluation_refusal(placement, side) if side else None
    return {
        "placement": placement,
        "application": placement.application,
        "posting": placement.application.posting,
        "cycle": placement.application.cycle,
        "side": side,
        "stage": placement.stage(),
        "own_evaluation": own,
        # Each side reads only its own evaluation; IME reads both.
        "evaluations": evaluations if side is None else [],
        # IME reads the placement's history (who changed it, when).
        "history": (list(placement.history.select_related("actor")) if side is None else []),
        "can_evaluate": side is not None and refusal is None,
        "evaluation_closed": refusal if own is None else None,
        "form": form or EvaluationForm(),
        "certificate": certificates_of([placement]).get(placement.pk),
    }


@require_safe
@login_required
def placement_detail(request, uuid):
    placement, side = get_placement_for_viewer(request, uuid)
    return render(request, "internships/placement_detail.html", _context(placement, side))


@require_POST
@login_required
def placement_evaluate(request, uuid):
    placement, side = get_placement_for_viewer(request, uuid)
    if side is None:
        return render(
            request,
            "internships/placement_detail.html",
            _context(placement, side),
            status=403,
        )
    form = EvaluationForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "internships/placement_detail.html",
            _context(placement, side, form),
            status=400,
        )
    try:
        evaluate(
            placement=placement,
            side=side,
            author=request.user,
            rating=form.cleaned_data["rating"],
            comment=form.cleaned_data["comment"],
        )
    except TransitionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Gracias: guardamos tu evaluación de la estancia."))
    return redirect(placement)
