"""The reviewer's pages: their assignments across calls, the review of an assigned proposal (a
score per criterion, the comments, a draft until sent; the other reviews once the phase allows
it), a conflict declared on a proposal, and the standing declaration of conflicts kept in the
profile. Who sees what: committees.permissions; every write: committees.services, whose
refusals come back as messages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from members.permissions import member_of

from . import services
from .models import (
    Assignment,
    Conflict,
    Declaration,
    ProposalStatus,
    Review,
    Reviewer,
    ReviewPhase,
    Score,
)
from .permissions import active_phase, get_proposal, names_hidden, sees_other_reviews
from .review_forms import SUBMIT, ConflictForm, DeclarationForm, ReviewForm, score_field
from .services import CommitteeRefused

PER_PAGE = 50


def _member_or_403(request):
    member = member_of(request.user)
    if member is None:
        raise PermissionDenied
    return member


def _assignment_or_403(request, uuid):
    """The proposal, the viewer's access and assignment: only its reviewer without a conflict
    gets here (404 for whoever may not see the proposal, 403 for its applicant and staff)."""
    proposal, access = get_proposal(request, uuid)
    kind, assignment = access
    if kind != "reviewer":
        raise PermissionDenied
    assignment.proposal = proposal
    return proposal, access, assignment


@require_safe
@login_required
def my_reviews(request):
    member = _member_or_403(request)
    phase = ReviewPhase.objects.filter(call=OuterRef("proposal__call"), is_active=True)
    rows = (
        Assignment.objects.filter(
            reviewer__member=member, reviewer__status=Reviewer.Status.ACCEPTED
        )
        .exclude(
            Exists(
                Conflict.objects.filter(
                    reviewer=OuterRef("reviewer"),
                    proposal=OuterRef("proposal"),
                    waived_at__isnull=True,
                )
            )
        )
        .select_related("proposal__call", "review")
        .defer("proposal__summary", "proposal__search", "proposal__call__description")
        .annotate(
            phase_name=Subquery(phase.values("name")[:1]),
            phase_can_write=Subquery(phase.values("can_write")[:1]),
            phase_hides_names=Subquery(phase.values("hide_names")[:1]),
        )
        .order_by("-proposal__call__closes_at", "proposal__call_id", "proposal__submitted_at", "pk")
    )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("pagina"))
    page.previous_url = f"?pagina={page.previous_page_number()}" if page.has_previous() else ""
    page.next_url = f"?pagina={page.next_page_number()}" if page.has_next() else ""
    for row in page:
        review = getattr(row, "review", None)
        row.state = (
            "not_started" if review is None else ("submitted" if review.submitted_at else "draft")
        )
        # A reviewer reads the applicant's name only in a phase that shows it.
        row.shows_names = row.phase_hides_names is False
        row.writable = bool(row.phase_can_write) and row.proposal.status == ProposalStatus.IN_REVIEW
    return render(request, "committees/review_list.html", {"page": page})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def review_edit(request, uuid):
    proposal, access, assignment = _assignment_or_403(request, uuid)
    call = proposal.call
    phase = active_phase(call)
    criteria = list(call.criteria.all())
    review = (
        Review.objects.filter(assignment=assignment)
        .prefetch_related(Prefetch("scores", Score.objects.select_related("criterion")))
        .first()
    )
    refusal = services.review_refusal(assignment)
    if request.method == "POST":
        if refusal:
            messages.error(request, refusal)
            return redirect("committees:review_edit", uuid=proposal.uuid)
        submit = request.POST.get("accion") == SUBMIT or (
            review is not None and review.submitted_at is not None
        )
        form = ReviewForm(request.POST, criteria=criteria, submit=submit)
        if form.is_valid():
            try:
                services.save_review(
                    assignment=assignment,
                    scores=form.scores(),
                    comment_to_applicant=form.cleaned_data["comment_to_applicant"],
                    comment_to_committee=form.cleaned_data["comment_to_committee"],
                    submit=submit,
                )
            except CommitteeRefused as refused:
                messages.error(request, refused.message)
            else:
                messages.success(
                    request,
                    _("Enviaste tu evaluación. Gracias.")
                    if submit
                    else _("Guardamos tu borrador; nadie más lo ve hasta que lo envíes."),
                )
            return redirect("committees:review_edit", uuid=proposal.uuid)
        messages.error(request, _("Revisa las puntuaciones marcadas; no se guardó nada."))
    else:
        initial = {}
        if review is not None:
            initial = {
                "comment_to_applicant": review.comment_to_applicant,
                "comment_to_committee": review.comment_to_committee,
            }
            initial.update(
                {score_field(score.criterion): score.value for score in review.scores.all()}
            )
        form = ReviewForm(initial=initial, criteria=criteria)
    others = []
    if sees_other_reviews(access, phase, review):
        others = list(
            Review.objects.filter(assignment__proposal=proposal, submitted_at__isnull=False)
            .exclude(assignment=assignment)
            .prefetch_related(Prefetch("scores", Score.objects.select_related("criterion")))
            .order_by("submitted_at", "pk")
        )
    return render(
        request,
        "committees/review_edit.html",
        {
            "proposal": proposal,
            "call": call,
            "phase": phase,
            "review": review,
            "form": form,
            "refusal": refusal,
            "hide_names": names_hidden(access, phase),
            "others": others,
            "conflict_form": ConflictForm(),
        },
    )


@require_POST
@login_required
def conflict_declare(request, uuid):
    proposal, _access, assignment = _assignment_or_403(request, uuid)
    form = ConflictForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("Di en pocas palabras cuál es el conflicto (hasta 300 caracteres).")
        )
        return redirect("committees:review_edit", uuid=proposal.uuid)
    try:
        services.declare_conflict(
            reviewer=assignment.reviewer, proposal=proposal, reason=form.cleaned_data["reason"]
        )
    except CommitteeRefused as refused:
        messages.error(request, refused.message)
        return redirect("committees:review_edit", uuid=proposal.uuid)
    messages.success(
        request,
        _("Declaraste un conflicto de interés con «%(title)s»; la propuesta dejó tu lista.")
        % {"title": proposal.title},
    )
    return redirect("committees:my_reviews")


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def declarations(request):
    member = _member_or_403(request)
    form = DeclarationForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.add_declaration(
                    member=member, kind=form.cleaned_data["kind"], name=form.cleaned_data["name"]
                )
            except CommitteeRefused as refused:
                messages.error(request, refused.message)
            else:
                messages.success(request, _("Lo añadimos a tu declaración de conflictos."))
                return redirect("committees:declarations")
        else:
            messages.error(request, _("Revisa el tipo y el nombre; no se guardó nada."))
    return render(
        request,
        "committees/declaration_list.html",
        {"declarations": list(member.conflict_declarations.all()), "form": form},
    )


@require_POST
@login_required
def declaration_delete(request, pk):
    member = member_of(request.user)
    if member is None:
        raise Http404("No declaration.")
    declaration = get_object_or_404(Declaration, pk=pk, member=member)
    declaration.delete()
    messages.success(
        request, _("Quitamos «%(name)s» de tu declaración.") % {"name": declaration.name}
    )
    return redirect("committees:declarations")
