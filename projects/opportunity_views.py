"""The opportunities' pages: the public board (filters, search, pages) and an opportunity's page
with its expression of interest; the author's pages (publish, edit while a draft or returned,
send for review, withdraw, renew, Mis oportunidades, a staff author's answer to an interest);
and the staff's review (the queue of their sectors and the review page). Every change is a POST
that ends with a message; refusals come back as messages, never as errors."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_countries import countries

from members.introductions import refusal_reason
from members.permissions import member_of
from pncs.models import Sector
from redtalentos.lib.pagination import CappedPaginator

from . import opportunities as services
from .models import (
    Opportunity,
    OpportunityChange,
    OpportunityInterest,
    OpportunityKind,
    OpportunityStatus,
)
from .opportunities import OpportunityRefused
from .opportunity_forms import (
    AnswerForm,
    InterestForm,
    OpportunityFilter,
    OpportunityForm,
    ReviewForm,
)
from .permissions import (
    can_publish,
    can_review,
    get_interest_for_author,
    get_opportunity_for_author,
    get_opportunity_for_interest,
    get_opportunity_for_reviewer,
    get_opportunity_for_viewer,
    is_author,
    opportunities_to_review,
    require_publisher,
    require_reviewer,
)

PER_PAGE = 20
COUNT_CAP = 1000  # the board counts up to this many matches; past it, "more than"
OS = OpportunityStatus
# The lists never show the long texts nor the search document.
LIST_DEFERRED = ("description", "review_comment", "search")


def _base_url(request):
    return request.build_absolute_uri("/")


def sectors_in_order():
    return list(Sector.objects.order_by("position", "name"))


def label(opportunity, sectors_by_id):
    """Sets the kind's label, the sectors and the country names the templates show (from what
    the row holds: no query of its own; get_kind_display would rebuild the kinds' choices for
    every card)."""
    opportunity.kind_label = OpportunityKind(opportunity.kind).label
    opportunity.sector_list = [
        sectors_by_id[pk] for pk in opportunity.sector_ids if pk in sectors_by_id
    ]
    opportunity.sector_list.sort(key=lambda sector: (sector.position, sector.name))
    opportunity.country_names = [countries.name(code) or code for code in opportunity.countries]
    return opportunity


def board(data):
    """(filterset, sectors by id) of the board and its feed: the published opportunities that
    have not expired, newest first, filtered by `data` (a query string)."""
    sectors = sectors_in_order()
    filterset = OpportunityFilter(
        data or None,
        Opportunity.objects.published().defer(*LIST_DEFERRED).order_by("-published_at", "-pk"),
        sectors=sectors,
    )
    return filterset, {sector.pk: sector for sector in sectors}


def board_page(queryset, number):
    """The page `number` of the board's `queryset`; get_page turns garbage, negative and
    too-large numbers into a valid page.

    With at most COUNT_CAP matches (the count says so), the page sorts them instead of walking
    the board's order index: a combination of filters may match a few hundred rows spread over
    the whole board, and the planner cannot tell how few, so it would read row after row of the
    newest to find twenty. The same order (published_at is set on every published row) written
    as an order the index does not hold.
    """
    paginator = CappedPaginator(queryset, PER_PAGE, cap=COUNT_CAP)
    if not paginator.capped:
        paginator.object_list = queryset.order_by(
            F("published_at").desc(nulls_last=True), F("pk").desc()
        )
    return paginator.get_page(number)


def _page(request, queryset, query):
    page = board_page(queryset, request.GET.get("pagina"))

    def url(number):
        return "?" + urlencode({**query, "pagina": number}, doseq=True)

    page.previous_url = url(page.previous_page_number()) if page.has_previous() else ""
    page.next_url = url(page.next_page_number()) if page.has_next() else ""
    return page


@require_safe
def opportunity_list(request):
    filterset, sectors_by_id = board(request.GET)
    query = filterset.applied()
    page = _page(request, filterset.qs, query)
    for opportunity in page.object_list:
        label(opportunity, sectors_by_id)
    return render(
        request,
        "projects/opportunity_list.html",
        {
            "filterset": filterset,
            "page": page,
            "filter_query": urlencode(query, doseq=True),
            "can_publish": can_publish(request.user),
        },
    )


def _author_actions(opportunity):
    return {
        "can_edit": opportunity.is_editable,
        "can_submit": opportunity.allows(OS.SUBMITTED),
        "can_withdraw": opportunity.allows(OS.WITHDRAWN),
        "can_renew": opportunity.status in (OS.PUBLISHED, OS.EXPIRED),
    }


def _interest_block(user, opportunity, form):
    """What the page offers a signed-in non-author: their interest already sent, the reason
    they cannot express one now, or the form."""
    mine = OpportunityInterest.objects.filter(opportunity=opportunity, person=user).first()
    if mine is not None:
        return {"my_interest": mine}
    reason = services.interest_refusal(opportunity=opportunity, person=user)
    if reason is None:
        member = services.author_member(opportunity)
        if member is not None:
            # The brokered channel's rules (the member's pause and budget, the pending cap).
            reason = refusal_reason(requester=user, member=member, may_ask=True)
    if reason:
        return {"interest_refusal": reason}
    return {"interest_form": form or InterestForm()}


def _detail(request, opportunity, *, interest_form=None):
    user = request.user
    sectors = sectors_in_order()
    label(opportunity, {sector.pk: sector for sector in sectors})
    context = {
        "opportunity": opportunity,
        "author_name": opportunity.author.get_full_name() or _("Persona de la red"),
        "is_author": is_author(user, opportunity),
        "can_review": opportunity.status == OS.SUBMITTED and can_review(user, opportunity),
    }
    if context["is_author"]:
        context.update(_author_actions(opportunity))
        interests = opportunity.interests.select_related("person")
        context["answers_here"] = services.author_member(opportunity) is None
        context["interests"] = list(interests.filter(introduction__isnull=True))
        context["brokered_count"] = interests.filter(introduction__isnull=False).count()
    elif user.is_authenticated and opportunity.is_live:
        context.update(_interest_block(user, opportunity, interest_form))
    return render(request, "projects/opportunity_detail.html", context)


@require_safe
def opportunity_detail(request, uuid):
    return _detail(request, get_opportunity_for_viewer(request, uuid))


# The author's pages


def _save(request, form):
    submit = request.POST.get("accion") == "enviar"
    try:
        opportunity = services.save_opportunity(form=form, author=request.user, submit=submit)
    except OpportunityRefused as refused:
        messages.error(request, refused.message)
        return None
    if submit:
        messages.success(
            request,
            _(
                "Enviamos tu oportunidad a revisión. Te escribiremos cuando el PNCS de su sector "
                "la publique o la devuelva con comentarios."
            ),
        )
    else:
        messages.success(request, _("Guardamos tu borrador. Envíalo a revisión cuando esté listo."))
    return opportunity


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def opportunity_create(request):
    require_publisher(request)
    form = OpportunityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        opportunity = _save(request, form)
        return redirect(opportunity or "projects:my_opportunities")
    return render(request, "projects/opportunity_form.html", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def opportunity_edit(request, uuid):
    opportunity = get_opportunity_for_author(request, uuid)
    if not opportunity.is_editable:
        messages.error(
            request,
            _("Esta oportunidad ya no se puede editar: está «%(status)s».")
            % {"status": opportunity.get_status_display()},
        )
        return redirect(opportunity)
    form = OpportunityForm(request.POST or None, instance=opportunity)
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form)
        return redirect(saved or opportunity)
    return render(
        request, "projects/opportunity_form.html", {"form": form, "opportunity": opportunity}
    )


def _change(request, uuid, service, done):
    opportunity = get_opportunity_for_author(request, uuid)
    try:
        service(opportunity=opportunity, actor=request.user)
    except OpportunityRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, done)
    return redirect(opportunity)


@require_POST
@login_required
def opportunity_submit(request, uuid):
    return _change(
        request,
        uuid,
        services.submit,
        _("Enviamos tu oportunidad a revisión. Te escribiremos cuando el PNCS la revise."),
    )


@require_POST
@login_required
def opportunity_withdraw(request, uuid):
    return _change(
        request,
        uuid,
        services.withdraw,
        _("Retiraste la oportunidad: ya no aparece en el tablero ni recibe intereses."),
    )


@require_POST
@login_required
def opportunity_renew(request, uuid):
    return _change(
        request,
        uuid,
        services.renew,
        _("Renovamos tu oportunidad: sigue publicada por otro periodo completo."),
    )


@require_safe
@login_required
def my_opportunities(request):
    require_publisher(request)
    user = request.user
    sectors_by_id = {sector.pk: sector for sector in sectors_in_order()}
    opportunities = list(
        Opportunity.objects.filter(author=user)
        .defer(*LIST_DEFERRED)
        .annotate(
            interest_count=Count("interests"),
            pending_count=Count("interests", filter=Q(interests__status="pending")),
        )
        .order_by("-created_at", "-pk")
    )
    for opportunity in opportunities:
        label(opportunity, sectors_by_id)
        opportunity.actions = _author_actions(opportunity)
    # A staff author answers here; a member author's interests are introduction requests.
    interests = list(
        OpportunityInterest.objects.filter(opportunity__author=user, introduction__isnull=True)
        .select_related("opportunity", "person")
        .defer("opportunity__description", "opportunity__search")
        .order_by("-created_at", "-pk")[:100]
    )
    return render(
        request,
        "projects/my_opportunities.html",
        {
            "opportunities": opportunities,
            "interests": interests,
            "is_member": member_of(user) is not None,
        },
    )


# Interest


@require_POST
@login_required
def opportunity_interest(request, uuid):
    opportunity = get_opportunity_for_interest(request, uuid)
    form = InterestForm(request.POST)
    if not form.is_valid():
        return _detail(request, opportunity, interest_form=form)
    try:
        services.express_interest(
            opportunity=opportunity,
            person=request.user,
            message=form.cleaned_data["message"].strip(),
            base_url=_base_url(request),
        )
    except OpportunityRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request,
            _(
                "Enviamos tu interés a quien publicó la oportunidad. Si lo acepta, cada quien "
                "recibirá por correo los datos de contacto del otro."
            ),
        )
    return redirect(opportunity)


@require_POST
@login_required
def interest_answer(request, uuid, pk):
    interest = get_interest_for_author(request, uuid, pk)
    opportunity = interest.opportunity
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Elige si aceptas o declinas el interés."))
        return redirect(opportunity)
    accept = form.cleaned_data["decision"] == AnswerForm.ACCEPT
    try:
        services.answer_interest(interest=interest, author=request.user, accept=accept)
    except OpportunityRefused as refused:
        messages.error(request, refused.message)
    else:
        if accept:
            messages.success(
                request,
                _("Aceptaste el interés: les enviamos por correo los datos de contacto a ambos."),
            )
        else:
            messages.success(request, _("Declinaste el interés; se lo dijimos con amabilidad."))
    return redirect(opportunity)


# The staff's review


def submitted_at():
    changes = OpportunityChange.objects.filter(
        opportunity=OuterRef("pk"), to_status=OS.SUBMITTED
    ).order_by("-at")
    return Subquery(changes.values("at")[:1])


@require_safe
@login_required
def opportunity_review_list(request):
    require_reviewer(request)
    sectors_by_id = {sector.pk: sector for sector in sectors_in_order()}
    opportunities = list(
        opportunities_to_review(request.user)
        .defer(*LIST_DEFERRED)
        .select_related("author")
        .annotate(submitted_at=submitted_at())
        .order_by("submitted_at", "pk")
    )
    for opportunity in opportunities:
        label(opportunity, sectors_by_id)
    return render(
        request, "projects/opportunity_review_list.html", {"opportunities": opportunities}
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def opportunity_review(request, uuid):
    opportunity = get_opportunity_for_reviewer(request, uuid)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        approve = form.cleaned_data["decision"] == ReviewForm.APPROVE
        try:
            services.review(
                opportunity=opportunity,
                reviewer=request.user,
                approve=approve,
                comment=form.cleaned_data["comment"].strip(),
            )
        except OpportunityRefused as refused:
            messages.error(request, refused.message)
            return redirect(opportunity)
        if approve:
            messages.success(request, _("Publicamos la oportunidad y avisamos a quien la publicó."))
        else:
            messages.success(
                request, _("Devolvimos la oportunidad con tu comentario a quien la publicó.")
            )
        return redirect("projects:opportunity_review_list")
    label(opportunity, {sector.pk: sector for sector in sectors_in_order()})
    return render(
        request,
        "projects/opportunity_review.html",
        {
            "opportunity": opportunity,
            "form": form,
            "author_name": opportunity.author.get_full_name() or _("Persona de la red"),
            "history": opportunity.history.select_related("actor"),
            "reviewable": opportunity.status == OS.SUBMITTED,
        },
    )
