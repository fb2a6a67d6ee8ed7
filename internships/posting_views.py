"""The postings' pages: the public list (filters, search, pages) and a posting's page, a cycle's
page, the host's pages (post a place, edit it while a draft or returned, send it for review,
close it, Mis pasantías publicadas) and the PNCS review (the postings waiting for a reviewer's
sectors, and the review page). Every change is a POST that ends with a message."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from members.models import Language
from pncs.models import Sector
from redtalentos.lib.roles import is_ime_admin

from . import postings as service
from .models import Cycle, Posting, PostingStatus, TransitionRefused
from .permissions import (
    can_edit_cycle,
    can_review,
    can_review_postings,
    get_posting_for_host,
    get_posting_for_reviewer,
    get_posting_for_viewer,
    is_host_of,
    postings_to_review,
    require_host,
)
from .posting_forms import PostingFilter, PostingForm, ReviewForm

PER_PAGE = 20
LANGUAGES = dict(Language.choices)


def language_labels(codes):
    return [LANGUAGES[code] for code in codes if code in LANGUAGES]


SENT_FOR_REVIEW = _lazy(
    "Enviamos tu plaza a revisión. Te escribiremos cuando el PNCS la apruebe o la devuelva."
)


def _page(request, queryset, query):
    # get_page turns garbage, negative and too-large numbers into a valid page.
    page = Paginator(queryset, PER_PAGE).get_page(request.GET.get("pagina"))

    def url(number):
        return "?" + urlencode({**query, "pagina": number}, doseq=True)

    page.previous_url = url(page.previous_page_number()) if page.has_previous() else ""
    page.next_url = url(page.next_page_number()) if page.has_next() else ""
    return page


def listed_postings(data):
    """(filterset, today's cycles) of the public list and the feed: the published postings of
    the cycles shown today, filtered by `data` (a query string)."""
    cycles = list(Cycle.objects.visible().order_by("applications_open", "name"))
    listed = Posting.objects.published().filter(cycle__in=cycles)
    country_codes = listed.order_by("country").values_list("country", flat=True).distinct()
    queryset = listed.select_related("cycle").prefetch_related(
        Prefetch("sectors", queryset=Sector.objects.order_by("position", "name"))
    )
    filterset = PostingFilter(
        data or None,
        queryset.order_by("-published_at", "-pk"),
        cycles=cycles,
        sectors=list(Sector.objects.order_by("position", "name")),
        country_codes=list(country_codes),
    )
    return filterset, cycles


@require_safe
def posting_list(request):
    filterset, cycles = listed_postings(request.GET)
    query = filterset.applied()
    # The cards show neither the long texts nor the host (the feed does show the description).
    postings = filterset.qs.defer(
        "description", "learning_outcomes", "support_note", "review_comment"
    )
    page = _page(request, postings, query)
    return render(
        request,
        "internships/posting_list.html",
        {
            "filterset": filterset,
            "page": page,
            "cycles": cycles,
            "filter_query": urlencode(query, doseq=True),
        },
    )


@require_safe
def posting_detail(request, slug):
    posting = get_posting_for_viewer(request, slug)
    host = posting.host
    host_link = host is not None and host.listed_publicly and host.user.is_active
    return render(
        request,
        "internships/posting_detail.html",
        {
            "posting": posting,
            "cycle": posting.cycle,
            "sectors": posting.sectors.order_by("position", "name"),
            "skills": posting.skills.all(),
            "languages": language_labels(posting.languages),
            "host_link": host_link,
            "is_host": is_host_of(request.user, posting),
            "can_review": posting.status == PostingStatus.SUBMITTED
            and can_review(request.user, posting),
        },
    )


@require_safe
def cycle_detail(request, slug):
    cycle = get_object_or_404(Cycle, slug=slug)
    stage = cycle.stage
    milestones = [
        {"stage": milestone, "first_day": first_day, "current": milestone == stage}
        for milestone, first_day in cycle.milestones()
    ]
    counts = (
        Posting.objects.published()
        .filter(cycle=cycle)
        .aggregate(postings=Count("pk"), seats=Sum("seats"))
    )
    return render(
        request,
        "internships/cycle_detail.html",
        {
            "cycle": cycle,
            "stage": stage,
            "milestones": milestones,
            "counts": counts,
            "listed": cycle in Cycle.objects.visible(),
            "can_edit": can_edit_cycle(request.user, cycle),
            "is_ime": is_ime_admin(request.user),
        },
    )


# The host's pages


def _save(request, form, host):
    submit = request.POST.get("accion") == "enviar"
    try:
        posting = service.save_posting(
            form=form, host=host, skill_names=form.cleaned_data["skills"], submit=submit
        )
    except TransitionRefused as refused:
        messages.error(request, refused.message)
        return None
    if submit:
        messages.success(
            request,
            SENT_FOR_REVIEW,
        )
    else:
        messages.success(request, _("Guardamos tu borrador. Envíalo a revisión cuando esté listo."))
    return posting


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def posting_create(request):
    host = require_host(request)
    form = PostingForm(request.POST or None)
    if not form.fields["cycle"].queryset.exists():
        return render(request, "internships/posting_form.html", {"form": None})
    if request.method == "POST" and form.is_valid():
        posting = _save(request, form, host)
        return redirect(posting or "internships:my_postings")
    if not form.is_bound:
        form.initial.update(organisation=host.organisation, city=host.city, country=host.country)
    return render(request, "internships/posting_form.html", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def posting_edit(request, slug):
    require_host(request)
    posting = get_posting_for_host(request, slug)
    if not posting.is_editable:
        messages.error(
            request,
            _("Esta plaza ya no se puede editar: está «%(status)s».")
            % {"status": posting.get_status_display()},
        )
        return redirect(posting)
    form = PostingForm(request.POST or None, instance=posting)
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form, posting.host)
        return redirect(saved or posting)
    return render(request, "internships/posting_form.html", {"form": form, "posting": posting})


@require_POST
@login_required
def posting_submit(request, slug):
    require_host(request)
    posting = get_posting_for_host(request, slug)
    try:
        service.submit_posting(posting=posting, actor=request.user)
    except TransitionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request,
            SENT_FOR_REVIEW,
        )
    return redirect(posting)


@require_POST
@login_required
def posting_close(request, slug):
    require_host(request)
    posting = get_posting_for_host(request, slug)
    try:
        service.close_posting(posting=posting, actor=request.user)
    except TransitionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Cerramos la plaza: ya no aparece en la lista."))
    return redirect(posting)


@require_safe
@login_required
def my_postings(request):
    host = require_host(request)
    postings = (
        Posting.objects.filter(host=host)
        .select_related("cycle")
        .annotate(application_count=Count("applications", filter=~Q(applications__status="draft")))
        .order_by("-created_at", "-pk")
    )
    return render(request, "internships/my_postings.html", {"postings": postings})


# The PNCS review


@require_safe
@login_required
def review_list(request):
    if not can_review_postings(request.user):
        raise PermissionDenied
    postings = (
        postings_to_review(request.user)
        .select_related("cycle", "host")
        .prefetch_related(Prefetch("sectors", queryset=Sector.objects.order_by("position")))
        .order_by("submitted_at", "pk")
    )
    return render(request, "internships/review_list.html", {"postings": postings})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def posting_review(request, slug):
    posting = get_posting_for_reviewer(request, slug)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        approve = form.cleaned_data["decision"] == ReviewForm.APPROVE
        try:
            service.review_posting(
                posting=posting,
                reviewer=request.user,
                approve=approve,
                comment=form.cleaned_data["comment"].strip(),
            )
        except TransitionRefused as refused:
            messages.error(request, refused.message)
            return redirect(posting)
        if approve:
            messages.success(request, _("Publicamos la plaza y avisamos a la persona anfitriona."))
        else:
            messages.success(
                request, _("Devolvimos la plaza con tu comentario a la persona anfitriona.")
            )
        return redirect("internships:review_list")
    return render(
        request,
        "internships/posting_review.html",
        {
            "posting": posting,
            "form": form,
            "sectors": posting.sectors.order_by("position", "name"),
            "skills": posting.skills.all(),
            "languages": language_labels(posting.languages),
            "history": posting.history.select_related("actor"),
            "reviewable": posting.status == PostingStatus.SUBMITTED,
        },
    )
