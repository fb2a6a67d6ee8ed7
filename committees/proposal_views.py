"""The applicant's side of a call: Mis propuestas, submitting a proposal with its PDFs until the
deadline, a proposal's page (what each viewer may read of it: committees.permissions), withdrawing
it, and its documents (served to whom may see the proposal, every fetch logged)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from redtalentos.lib.documents import DocumentNotStored, serve_document

from . import permissions, services
from .models import DECIDED, DocumentAccess, Proposal, ProposalDocument, Review, Score
from .proposal_forms import ProposalForm

PER_PAGE = 20


@require_safe
@login_required
def my_proposals(request):
    proposals = (
        Proposal.objects.filter(applicant=request.user)
        .select_related("call")
        .only("uuid", "title", "status", "submitted_at", "call__slug", "call__title")
        .order_by("-submitted_at", "-pk")
    )
    # get_page turns garbage, negative and too-large numbers into a valid page.
    page = Paginator(proposals, PER_PAGE).get_page(request.GET.get("pagina"))
    page.previous_url = f"?pagina={page.previous_page_number()}" if page.has_previous() else ""
    page.next_url = f"?pagina={page.next_page_number()}" if page.has_next() else ""
    return render(request, "committees/proposal_list_mine.html", {"page": page})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def proposal_create(request, slug):
    call = permissions.get_call(request, slug)
    if not permissions.may_submit(request.user):
        raise PermissionDenied
    refusal = services.submission_refusal(call, request.user)
    if refusal:
        # A form sent after the deadline meets the same page, and nothing is kept.
        return render(
            request,
            "committees/proposal_form.html",
            {"call": call, "form": None, "refusal": refusal},
            status=409 if request.method == "POST" else 200,
        )
    status = 200
    if request.method == "POST":
        form = ProposalForm(request.POST, request.FILES, call=call)
        if form.is_valid():
            try:
                proposal = services.submit_proposal(
                    call=call, applicant=request.user, form=form, uploads=form.uploads()
                )
            except DocumentNotStored as error:
                form.add_error(None, error.message)
                status = 503
            except services.CommitteeRefused as refused:
                form.add_error(None, refused.message)
                status = 409
            else:
                messages.success(
                    request,
                    _(
                        "Recibimos tu propuesta «%(title)s». Te escribiremos cuando el comité "
                        "tome una decisión."
                    )
                    % {"title": proposal.title},
                )
                return redirect(proposal)
    else:
        form = ProposalForm(call=call)
    return render(
        request,
        "committees/proposal_form.html",
        {"call": call, "form": form, "refusal": None},
        status=status,
    )


@require_safe
def proposal_detail(request, uuid):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    proposal, access = permissions.get_proposal(request, uuid)
    kind, assignment = access
    call = proposal.call
    phase = permissions.active_phase(call)
    own_review = None
    if assignment is not None:
        own_review = Review.objects.filter(assignment=assignment).first()
    reviews = []
    if permissions.sees_other_reviews(access, phase, own_review):
        reviews = list(
            Review.objects.filter(assignment__proposal=proposal, submitted_at__isnull=False)
            .select_related("assignment__reviewer__member")
            .prefetch_related(
                Prefetch("scores", queryset=Score.objects.select_related("criterion"))
            )
            .order_by("submitted_at", "pk")
        )
    sees_outcome = kind in ("applicant", "staff")
    context = {
        "proposal": proposal,
        "call": call,
        "access": kind,
        "phase": phase,
        "names_hidden": permissions.names_hidden(access, phase),
        "documents": list(proposal.documents.all()),
        "history": (
            list(proposal.history.select_related("actor").order_by("at", "pk"))
            if sees_outcome
            else []
        ),
        "decided": sees_outcome and proposal.status in DECIDED,
        "can_withdraw": kind == "applicant" and proposal.allows(Proposal.Status.WITHDRAWN),
        "reviews": reviews,
        "show_reviewer_names": kind == "staff",
        "own_review": own_review,
        "assignment": assignment,
    }
    return render(request, "committees/proposal_detail.html", context)


@require_POST
@login_required
def proposal_withdraw(request, uuid):
    proposal, (kind, _assignment) = permissions.get_proposal(request, uuid)
    if kind != "applicant":
        raise PermissionDenied
    try:
        services.withdraw(proposal=proposal, actor=request.user)
    except services.CommitteeRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request,
            _("Retiraste tu propuesta «%(title)s»; el comité ya no la evaluará.")
            % {"title": proposal.title},
        )
    return redirect(proposal)


@require_safe
def document_download(request, uuid, document):
    """A PDF of the proposal, for whom may see the proposal (a reviewer only when assigned and
    not in conflict); each fetch logged. A visitor is asked to sign in; anybody else gets 404."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    proposal, _access = permissions.get_proposal(request, uuid)
    stored = get_object_or_404(ProposalDocument, proposal=proposal, uuid=document)

    def log():
        DocumentAccess.objects.create(document=stored, viewer=request.user)

    return serve_document(request, stored.file, download_name=stored.name, log=log)
