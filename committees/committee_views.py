"""The staff's work on a call's committee: the reviewers and their invitation (suggested experts
and a search by name), the conflicts of interest (detected again on demand, waived with a reason),
the assignment (the automatic plan, applied, and adjusted by hand), the results ranked by the
reviews' weighted totals with a decision per proposal, and the export of every review.

Every page is the call's staff's (IME, the PNCS of one of its sectors): permissions.get_call,
then require_call_staff. Every change is a POST that ends with a message; refusals come back as
messages, never as errors."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Avg, Case, Count, F, IntegerField, Max, Min, Q, Value, When
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from members.models import Member
from redtalentos.lib.exports import stream_csv

from . import assignment, conflicts, services
from .committee_forms import (
    CandidateSearchForm,
    ConflictFilterForm,
    DecisionForm,
    InviteForm,
    ManualAssignmentForm,
    WaiverForm,
)
from .models import (
    DECIDED,
    Assignment,
    Conflict,
    Proposal,
    ProposalStatus,
    Review,
    Reviewer,
    ReviewExport,
)
from .permissions import get_call, require_call_staff
from .services import CommitteeRefused

PER_PAGE = 50
SEARCH_RESULTS = 10
EXPORT_BATCH = 500


def _staff_call(request, slug):
    call = get_call(request, slug)
    require_call_staff(request, call)
    return call


def _page(request, rows, **query):
    """A page of `rows` with its neighbours' links, keeping the page's filters."""
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("pagina"))
    query = {key: value for key, value in query.items() if value}
    page.previous_url = (
        "?" + urlencode({**query, "pagina": page.previous_page_number()})
        if page.has_previous()
        else ""
    )
    page.next_url = (
        "?" + urlencode({**query, "pagina": page.next_page_number()}) if page.has_next() else ""
    )
    return page


# The committee


@require_safe
@login_required
def committee(request, slug):
    call = _staff_call(request, slug)
    submitted = Q(assignments__review__submitted_at__isnull=False)
    reviewers = list(
        Reviewer.objects.filter(call=call)
        .select_related("member")
        .annotate(
            assigned=Count("assignments", distinct=True),
            submitted=Count("assignments__review", filter=submitted, distinct=True),
        )
        .order_by("member__sort_name", "pk")
    )
    search = CandidateSearchForm(request.GET or None)
    found = None
    if search.is_valid() and search.cleaned_data["q"].strip():
        found = list(
            services.candidates(call)
            .filter(full_name__unaccent__icontains=search.cleaned_data["q"].strip())
            .exclude(pk__in=Reviewer.objects.filter(call=call).values("member_id"))
            .order_by("sort_name", "pk")[:SEARCH_RESULTS]
        )
    suggested = services.suggestions(call)
    # One form per card; a person both suggested and found gets two, each with its own ids.
    for where, members in (("sugerido", suggested), ("encontrado", found or ())):
        for member in members:
            member.invite_form = InviteForm(
                initial={"member": member.pk}, auto_id=f"{where}-{member.pk}-%s"
            )
    return render(
        request,
        "committees/committee_detail.html",
        {
            "call": call,
            "reviewers": reviewers,
            "suggested": suggested,
            "search": search,
            "found": found,
        },
    )


@require_POST
@login_required
def reviewer_invite(request, slug):
    call = _staff_call(request, slug)
    form = InviteForm(request.POST)
    member = None
    if form.is_valid():
        member = Member.objects.filter(pk=form.cleaned_data["member"]).first()
    if member is None:
        messages.error(request, _("Elige a un experto de la lista."))
        return redirect("committees:committee", slug=call.slug)
    message = form.cleaned_data["message"].strip() or _(
        "Te invitamos a formar parte del comité de evaluación de la convocatoria «%(title)s». "
        "Si aceptas, te escribiremos con los detalles."
    ) % {"title": call.title}
    try:
        services.invite(
            call=call,
            member=member,
            inviter=request.user,
            message=message,
            base_url=request.build_absolute_uri("/"),
        )
    except CommitteeRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request,
            _("Enviamos la invitación a %(name)s. Se une al comité cuando la acepte.")
            % {"name": member.full_name},
        )
    return redirect("committees:committee", slug=call.slug)


# Conflicts of interest


@require_safe
@login_required
def conflict_list(request, slug):
    call = _staff_call(request, slug)
    filters = ConflictFilterForm(request.GET or None)
    source = filters.cleaned_data["origen"] if filters.is_valid() else ""
    rows = (
        Conflict.objects.filter(proposal__call=call)
        .select_related("reviewer__member", "proposal", "waived_by")
        .order_by("proposal__title", "proposal_id", "reviewer__member__sort_name", "pk")
    )
    if source:
        rows = rows.filter(source=source)
    return render(
        request,
        "committees/committee_conflicts.html",
        {
            "call": call,
            "filters": filters,
            "source": source,
            "page": _page(request, rows, origen=source),
            "waiver_form": WaiverForm(),
        },
    )


@require_POST
@login_required
def conflicts_detect(request, slug):
    call = _staff_call(request, slug)
    added, removed = conflicts.detect(call)
    messages.success(
        request,
        _("Conflictos revisados: %(added)d nuevos, %(removed)d que ya no aplican.")
        % {"added": added, "removed": removed},
    )
    return redirect("committees:conflict_list", slug=call.slug)


@require_POST
@login_required
def conflict_waive(request, slug, pk):
    call = _staff_call(request, slug)
    conflict = get_object_or_404(Conflict, pk=pk, proposal__call=call)
    if conflict.waived_at is not None:
        # The first waiver, with who gave it and why, is the record.
        messages.error(request, _("Este conflicto ya está dispensado."))
        return redirect("committees:conflict_list", slug=call.slug)
    form = WaiverForm(request.POST)
    if not form.is_valid():
        errors = form.errors.get("reason") if form.data.get("reason", "").strip() else None
        messages.error(
            request,
            errors[0]
            if errors
            else _("Escribe por qué se dispensa este conflicto; queda registrado."),
        )
        return redirect("committees:conflict_list", slug=call.slug)
    try:
        services.waive(conflict=conflict, actor=request.user, reason=form.cleaned_data["reason"])
    except CommitteeRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Dispensamos el conflicto; el motivo queda registrado."))
    return redirect("committees:conflict_list", slug=call.slug)


# The assignment


def _manual_form(call, data=None):
    reviewers = (
        Reviewer.objects.filter(call=call, status=Reviewer.Status.ACCEPTED)
        .select_related("member")
        .order_by("member__sort_name", "pk")
    )
    proposals = Proposal.objects.filter(call=call, status__in=services.ACTIVE).only("uuid", "title")
    return ManualAssignmentForm(data, reviewers=reviewers, proposals=proposals)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def assignment_plan(request, slug):
    call = _staff_call(request, slug)
    if request.method == "POST":
        plan = assignment.apply(call, by=request.user)
        added = len(plan.pairs)
        if added:
            messages.success(
                request,
                _("Aplicamos la propuesta: %(count)d asignaciones nuevas.") % {"count": added},
            )
        else:
            messages.info(request, _("No hay asignaciones nuevas que agregar."))
        if plan.shortfalls:
            messages.warning(
                request,
                _("%(count)d propuestas siguen sin todos sus evaluadores; mira por qué abajo.")
                % {"count": len(plan.shortfalls)},
            )
        return redirect("committees:assignment_plan", slug=call.slug)
    plan = assignment.propose(call)
    grouped = {}
    for reviewer, proposal, affinity in plan.pairs:
        grouped.setdefault(proposal.pk, (proposal, []))[1].append((reviewer, affinity))
    current = (
        Assignment.objects.filter(proposal__call=call)
        .select_related("reviewer__member", "proposal", "review")
        .order_by("proposal__title", "proposal_id", "reviewer__member__sort_name", "pk")
    )
    return render(
        request,
        "committees/committee_assignment.html",
        {
            "call": call,
            "planned": list(grouped.values()),
            "planned_count": len(plan.pairs),
            "shortfalls": plan.shortfalls,
            "page": _page(request, current),
            "manual_form": _manual_form(call),
        },
    )


@require_POST
@login_required
def assignment_add(request, slug):
    call = _staff_call(request, slug)
    form = ManualAssignmentForm(request.POST)
    reviewer = proposal = None
    if form.is_valid():
        reviewer = (
            Reviewer.objects.filter(call=call, pk=form.cleaned_data["reviewer"])
            .select_related("member")
            .first()
        )
        proposal = Proposal.objects.filter(call=call, uuid=form.cleaned_data["proposal"]).first()
    if reviewer is None or proposal is None:
        messages.error(request, _("Elige un evaluador y una propuesta de esta convocatoria."))
        return redirect("committees:assignment_plan", slug=call.slug)
    try:
        services.assign(reviewer=reviewer, proposal=proposal, actor=request.user)
    except CommitteeRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request,
            _("Asignamos «%(title)s» a %(name)s.")
            % {"title": proposal.title, "name": reviewer.member.full_name},
        )
    return redirect("committees:assignment_plan", slug=call.slug)


@require_POST
@login_required
def assignment_remove(request, slug, pk):
    call = _staff_call(request, slug)
    found = Assignment.objects.filter(pk=pk, proposal__call=call).first()
    if found is None:
        messages.error(request, _("Esa asignación ya no existe."))
        return redirect("committees:assignment_plan", slug=call.slug)
    try:
        services.unassign(assignment=found)
    except CommitteeRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Quitamos la asignación."))
    return redirect("committees:assignment_plan", slug=call.slug)


# Results and decisions


def ranked_proposals(call):
    """The call's proposals (withdrawn ones aside) with the mean, highest and lowest weighted
    total of their submitted reviews and how many there are, in one query: undecided first, each
    group by its mean, best first."""
    submitted = Q(assignments__review__submitted_at__isnull=False)
    total = "assignments__review__total"
    return (
        Proposal.objects.filter(call=call)
        .exclude(status=ProposalStatus.WITHDRAWN)
        .annotate(
            mean=Avg(total, filter=submitted),
            highest=Max(total, filter=submitted),
            lowest=Min(total, filter=submitted),
            reviews=Count("assignments__review", filter=submitted),
            decided=Case(
                When(status__in=DECIDED, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
        )
        .defer("summary", "search")
        .order_by("decided", F("mean").desc(nulls_last=True), "submitted_at", "pk")
    )


@require_safe
@login_required
def results(request, slug):
    call = _staff_call(request, slug)
    page = _page(request, ranked_proposals(call))
    for proposal in page.object_list:
        proposal.spread = (
            proposal.highest - proposal.lowest if proposal.highest is not None else None
        )
        proposal.decision_form = (
            DecisionForm(auto_id=f"decision-{proposal.pk}-%s")
            if proposal.status == ProposalStatus.IN_REVIEW
            else None
        )
    return render(request, "committees/committee_results.html", {"call": call, "page": page})


@require_POST
@login_required
def proposal_decide(request, uuid):
    proposal = get_object_or_404(Proposal.objects.select_related("call", "applicant"), uuid=uuid)
    call = get_call(request, proposal.call.slug)
    require_call_staff(request, call)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("Elige aceptar o rechazar y escribe el fundamento de la decisión.")
        )
        return redirect("committees:results", slug=call.slug)
    accept = form.cleaned_data["decision"] == "accept"
    try:
        services.decide(
            proposal=proposal,
            accept=accept,
            rationale=form.cleaned_data["rationale"],
            actor=request.user,
        )
    except CommitteeRefused as refused:
        messages.error(request, refused.message)
    else:
        done = (
            _("Aceptamos «%(title)s»; avisamos a quien la propuso.")
            if accept
            else _("Rechazamos «%(title)s»; avisamos a quien la propuso.")
        )
        messages.success(request, done % {"title": proposal.title})
    return redirect("committees:results", slug=call.slug)


# The export


def _moment(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


@require_safe
@login_required
def reviews_export(request, slug):
    """Every review of the call, one row each, streamed; logged (who, how many) before the first
    byte leaves."""
    call = _staff_call(request, slug)
    criteria = list(call.criteria.all())
    rows = (
        Review.objects.filter(assignment__proposal__call=call)
        .select_related("assignment__proposal", "assignment__reviewer__member")
        .prefetch_related("scores")
        .order_by("assignment__proposal__title", "assignment__proposal_id", "pk")
    )
    ReviewExport.objects.create(call=call, exported_by=request.user, rows=rows.count())
    language = translation.get_language()
    header = [
        _("propuesta"),
        _("institución que propone"),
        _("evaluador"),
        *(criterion.name for criterion in criteria),
        _("total ponderado"),
        _("comentario para quien propone"),
        _("comentario para el comité"),
        _("enviada"),
    ]

    def line(review):
        scores = {score.criterion_id: score.value for score in review.scores.all()}
        proposal = review.assignment.proposal
        return [
            proposal.title,
            proposal.organisation,
            review.assignment.reviewer.member.full_name,
            *(scores.get(criterion.pk, "") for criterion in criteria),
            "" if review.total is None else review.total,
            review.comment_to_applicant,
            review.comment_to_committee,
            _moment(review.submitted_at),
        ]

    def lines():
        # The streamed body runs after the view returns: keep the request's language.
        with translation.override(language):
            for review in rows.iterator(chunk_size=EXPORT_BATCH):
                yield line(review)

    response = StreamingHttpResponse(
        stream_csv(header, lines()), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="evaluaciones-{call.slug}-{stamp}.csv"'
    response["Cache-Control"] = "no-store"
    return response
