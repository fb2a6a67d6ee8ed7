"""Chapter pages: the list and map, each chapter's page and news, the leaders' tools, proposals."""

import unicodedata

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from redtalentos.lib.images import ImageNotStored
from redtalentos.lib.markdown import render_markdown

from . import people
from .forms import ChapterEditForm, JoinRequestForm, NewsForm, ProposalForm
from .models import Chapter, ChapterNews, ChapterProposal, ChapterRole, JoinRequest
from .permissions import (
    can_lead,
    get_chapter_for_leader,
    is_ime_admin,
    member_of,
    require_talent,
)
from .services import (
    ChapterActionRefused,
    decide_join_request,
    publish_news,
    refusal_to_join,
    request_to_join,
    submit_proposal,
)
from .worldmap import LAND_PATH, NORTH, SOUTH, project, world_map

MEMBERS_PER_PAGE = 50
NEWS_PER_PAGE = 20
NEWS_ON_CHAPTER_PAGE = 5
DECIDED_REQUESTS_SHOWN = 20
# The part of the world map around a chapter on its page: degrees of longitude and latitude.
LOCATOR_SPAN = (64, 36)


def _sort_key(text):
    """Alphabetical order that ignores accents and case (Österreich next to Omán)."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _base_url(request):
    return request.build_absolute_uri("/")


@require_safe
def chapter_list(request):
    chapters = list(Chapter.objects.with_member_count())
    groups = {}
    for chapter in chapters:
        groups.setdefault(chapter.country.code, []).append(chapter)
    countries = sorted(
        ({"country": members[0].country, "chapters": members} for members in groups.values()),
        key=lambda group: _sort_key(group["country"].name),
    )
    return render(
        request,
        "chapters/chapter_list.html",
        {
            "chapters": sorted(chapters, key=lambda c: _sort_key(c.name)),
            "countries": countries,
            "map": world_map(chapters),
        },
    )


def _roles(chapter):
    roles = ChapterRole.objects.filter(chapter=chapter).select_related("user")
    return sorted(roles, key=lambda r: (ChapterRole.ROLE_ORDER.get(r.role, 9), r.since, r.pk))


def _with_figures(chapters):
    """Chapters with their member count and, for each audience, how many profiles
    /directorio/?capitulo= lists: listed, with an active account, and showing their chapter to
    that audience (the chapter filter of members.directory.conditions). The chapter page tests
    compare the two pages, so that they cannot drift apart."""
    listed = Q(members__listed_publicly=True, members__account_active=True)
    return chapters.with_member_count().annotate(
        listed_publicly=Count(
            "members", filter=listed & Q(members__visibility_chapter="public"), distinct=True
        ),
        listed_to_members=Count(
            "members",
            filter=listed & Q(members__visibility_chapter__in=["public", "members"]),
            distinct=True,
        ),
    )


def _locator(chapter):
    """A window of the portal's world map centred on the chapter (None without a position)."""
    if not chapter.has_position:
        return None
    x, y = project(chapter.longitude, chapter.latitude)
    width, height = LOCATOR_SPAN
    left = min(max(x - width / 2, 0), 360 - width)
    top = min(max(y - height / 2, 90 - NORTH), 90 - SOUTH - height)
    return {"view_box": f"{left:g} {top:g} {width} {height}", "land": LAND_PATH, "x": x, "y": y}


def _render_chapter(request, chapter, *, join_form=None, status=200):
    roles = _roles(chapter)
    viewer = member_of(request.user)
    leads = can_lead(request.user, chapter, roles=roles)
    in_chapter = viewer is not None and viewer.chapter_id == chapter.pk
    context = {
        "chapter": chapter,
        "description": render_markdown(chapter.description),
        "areas_of_interest": render_markdown(chapter.areas_of_interest),
        "action_lines": render_markdown(chapter.action_lines),
        "roles": roles,
        "leads": leads,
        "in_chapter": in_chapter,
        # Members see what the network may see in the directory, everybody else what is public.
        "listed_with_chapter": (
            chapter.listed_to_members if viewer is not None else chapter.listed_publicly
        ),
        "locator": _locator(chapter),
    }
    news = list(chapter.news.published().select_related("chapter")[: NEWS_ON_CHAPTER_PAGE + 1])
    context["news"] = news[:NEWS_ON_CHAPTER_PAGE]
    context["more_news"] = len(news) > NEWS_ON_CHAPTER_PAGE
    if leads or in_chapter:
        # Only members who consented to be seen by their chapter, and only by that chapter.
        visible = people.visible_members(chapter)
        context["sees_members"] = True
        context["members_page"] = Paginator(visible, MEMBERS_PER_PAGE).get_page(
            request.GET.get("pagina")
        )
        # Chapter-mates see these profiles at members level; a leader from elsewhere may not.
        context["link_profiles"] = in_chapter or is_ime_admin(request.user)
    if leads:
        context["pending_requests"] = chapter.join_requests.filter(
            status=JoinRequest.Status.PENDING
        ).count()
    if viewer is not None and not in_chapter:
        context["join_refusal"] = refusal_to_join(member=viewer, chapter=chapter)
        context["join_form"] = join_form or JoinRequestForm()
    return render(request, "chapters/chapter_detail.html", context, status=status)


@require_safe
def chapter_detail(request, slug):
    chapter = get_object_or_404(_with_figures(Chapter.objects), slug=slug)
    return _render_chapter(request, chapter)


@require_POST
@login_required
def chapter_join(request, slug):
    chapter = get_object_or_404(_with_figures(Chapter.objects), slug=slug)
    member = require_talent(request)
    form = JoinRequestForm(request.POST)
    if not form.is_valid():
        return _render_chapter(request, chapter, join_form=form, status=400)
    try:
        request_to_join(
            member=member,
            chapter=chapter,
            message=form.cleaned_data["message"],
            base_url=_base_url(request),
        )
    except ChapterActionRefused as refused:
        messages.info(request, refused.message)
    else:
        messages.success(
            request,
            _(
                "Enviamos tu solicitud a la directiva del capítulo %(name)s. Te avisaremos por "
                "correo cuando responda."
            )
            % {"name": chapter.name},
        )
    return redirect(chapter)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def chapter_edit(request, slug):
    chapter = get_chapter_for_leader(request, slug)
    form = ChapterEditForm(request.POST if request.method == "POST" else None, instance=chapter)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Guardamos los cambios de la página del capítulo."))
        return redirect(chapter)
    return render(request, "chapters/chapter_edit.html", {"chapter": chapter, "form": form})


@require_safe
def news_list(request, slug):
    chapter = get_object_or_404(Chapter, slug=slug)
    news = chapter.news.published().select_related("chapter")
    page = Paginator(news, NEWS_PER_PAGE).get_page(request.GET.get("pagina"))
    return render(request, "chapters/chapternews_list.html", {"chapter": chapter, "page": page})


@require_safe
def news_detail(request, slug, news_slug):
    news = get_object_or_404(
        ChapterNews.objects.published().select_related("chapter", "author"),
        chapter__slug=slug,
        slug=news_slug,
    )
    return render(
        request,
        "chapters/chapternews_detail.html",
        {
            "news": news,
            "chapter": news.chapter,
            "body": render_markdown(news.body),
            # Leaders may propose the item for the national news (content:news_propose).
            "can_lead": can_lead(request.user, news.chapter),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def news_create(request, slug):
    chapter = get_chapter_for_leader(request, slug)
    if request.method == "POST":
        form = NewsForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                news = publish_news(
                    chapter=chapter,
                    author=request.user,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    image=form.cleaned_data["image"],
                    image_description=form.cleaned_data["image_description"],
                )
            except ImageNotStored as error:
                # A full disk: 503, and the form comes back with the text as written.
                form.add_error("image", error.message)
                context = {"chapter": chapter, "form": form}
                return render(request, "chapters/chapternews_form.html", context, status=503)
            messages.success(request, _("Publicamos la noticia «%(title)s».") % {"title": news})
            return redirect(news)
    else:
        form = NewsForm()
    return render(request, "chapters/chapternews_form.html", {"chapter": chapter, "form": form})


@require_safe
@login_required
def join_request_list(request, slug):
    chapter = get_chapter_for_leader(request, slug)
    requests = JoinRequest.objects.filter(chapter=chapter).select_related("member", "decided_by")
    return render(
        request,
        "chapters/joinrequest_list.html",
        {
            "chapter": chapter,
            "pending": requests.filter(status=JoinRequest.Status.PENDING).order_by("created_at"),
            "decided": requests.exclude(status=JoinRequest.Status.PENDING).order_by("-decided_at")[
                :DECIDED_REQUESTS_SHOWN
            ],
        },
    )


@require_POST
@login_required
def join_request_decide(request, slug, pk):
    chapter = get_chapter_for_leader(request, slug)
    join_request = get_object_or_404(
        JoinRequest.objects.select_related("member"), pk=pk, chapter=chapter
    )
    decision = request.POST.get("decision")
    if decision not in ("approve", "decline"):
        messages.error(request, _("Elige aprobar o declinar la solicitud."))
        return redirect("chapters:join_request_list", slug=chapter.slug)
    approve = decision == "approve"
    try:
        decide_join_request(
            join_request=join_request,
            decided_by=request.user,
            approve=approve,
            base_url=_base_url(request),
        )
    except ChapterActionRefused as refused:
        messages.info(request, refused.message)
    else:
        name = join_request.member.full_name
        if approve:
            text = _("%(name)s ya es parte del capítulo. Le avisamos por correo.")
        else:
            text = _("Declinaste la solicitud de %(name)s. Le avisamos por correo.")
        messages.success(request, text % {"name": name})
    return redirect("chapters:join_request_list", slug=chapter.slug)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def proposal_create(request):
    member = require_talent(request)
    pending = ChapterProposal.objects.filter(
        proposer=member, status=ChapterProposal.Status.PENDING
    ).first()
    form = ProposalForm(request.POST if request.method == "POST" else None)
    # With a proposal in review the page only says so (a second one would be refused anyway).
    if pending is None and request.method == "POST" and form.is_valid():
        try:
            submit_proposal(proposer=member, **form.cleaned_data)
        except ChapterActionRefused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(
                request,
                _(
                    "Recibimos tu propuesta de capítulo en %(city)s. El equipo del IME la revisará "
                    "y te escribirá."
                )
                % {"city": form.cleaned_data["city"]},
            )
            return redirect("chapters:chapter_list")
    return render(request, "chapters/chapterproposal_form.html", {"form": form, "pending": pending})
