"""The news' pages (/noticias/): the public list with its filters and feeds, an item's page, the
writers' form, status changes, IME's review queue and a chapter's proposal. Who may do what:
content.news_permissions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from chapters.models import ChapterNews
from chapters.permissions import get_chapter_for_leader
from redtalentos.lib.markdown import render_markdown
from redtalentos.lib.roles import is_ime_admin

from . import news_services as services
from .models import NewsItem, NewsScope, NewsStatus
from .news_forms import NewsFilterForm, NewsForm, ProposeForm, StatusForm
from .news_permissions import (
    can_edit,
    get_news_for_editor,
    get_news_for_reader,
    require_writer,
    writable_sector_ids,
)

PER_PAGE = 20


def filtered_news(filters):
    """Published items (past their time), newest first, with the list's filters applied."""
    items = NewsItem.objects.published().select_related("sector", "chapter")
    if "sector" in filters:
        items = items.filter(sector=filters["sector"])
    if "capitulo" in filters:
        items = items.filter(chapter=filters["capitulo"])
    if "idioma" in filters:
        items = items.filter(language=filters["idioma"])
    return items


def feed_links(filters):
    """(title, Atom path, RSS path) of the feeds a list page offers: all news, and the one its
    filter follows (sector, chapter or language; the first that applies)."""
    links = [
        (
            _("Noticias de la Red de Talentos Mexicanos"),
            reverse("content:news_feed_atom"),
            reverse("content:news_feed_rss"),
        )
    ]
    for key, prefix, title in (
        ("sector", "sector", _("Noticias del sector %(name)s")),
        ("capitulo", "chapter", _("Noticias del capítulo %(name)s")),
    ):
        if key in filters:
            kwargs = {"slug": filters[key].slug}
            name = str(filters[key])
            links.append(
                (
                    title % {"name": name},
                    reverse(f"content:news_{prefix}_feed_atom", kwargs=kwargs),
                    reverse(f"content:news_{prefix}_feed_rss", kwargs=kwargs),
                )
            )
    if "idioma" in filters:
        kwargs = {"language": filters["idioma"]}
        links.append(
            (
                _("Noticias en español") if filters["idioma"] == "es" else _("Noticias en inglés"),
                reverse("content:news_language_feed_atom", kwargs=kwargs),
                reverse("content:news_language_feed_rss", kwargs=kwargs),
            )
        )
    return links


@require_safe
def news_list(request):
    form = NewsFilterForm(request.GET)
    filters = form.filters()
    page = Paginator(filtered_news(filters), PER_PAGE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "feeds": feed_links(filters),
        "can_write": writable_sector_ids(request.user) != set(),
        "is_ime": is_ime_admin(request.user),
    }
    return render(request, "content/news_list.html", context)


@require_safe
def news_detail(request, slug):
    item = get_news_for_reader(request, slug)
    context = {
        "item": item,
        "body": render_markdown(item.body),
        "feeds": feed_links({}),
        "can_edit": can_edit(request.user, item),
        "status_form": StatusForm(),
        "history": item.history.select_related("actor") if can_edit(request.user, item) else [],
    }
    return render(request, "content/news_detail.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def news_create(request):
    require_writer(request)
    sector_ids = writable_sector_ids(request.user)
    form = NewsForm(request.POST or None, sector_ids=sector_ids)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.write(form=form, author=request.user)
        except services.NewsRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(
                request,
                _("Guardamos el borrador «%(title)s». Publícalo cuando esté listo.")
                % {"title": item.title},
            )
            return redirect(item)
    return render(request, "content/news_form.html", {"form": form, "item": None})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def news_edit(request, slug):
    item = get_news_for_editor(request, slug)
    form = NewsForm(
        request.POST or None, instance=item, sector_ids=writable_sector_ids(request.user)
    )
    if request.method == "POST" and form.is_valid():
        services.edit(item=item, form=form)
        messages.success(request, _("Guardamos los cambios de «%(title)s».") % {"title": item})
        return redirect(item)
    return render(request, "content/news_form.html", {"form": form, "item": item})


@require_POST
@login_required
def news_status(request, slug):
    item = get_news_for_editor(request, slug)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Elige un cambio válido para esta noticia."))
        return redirect(item)
    action = form.cleaned_data["accion"]
    comment = form.cleaned_data["comentario"]
    try:
        if action == "publicar":
            item = services.publish(item=item, actor=request.user)
            if item.is_live:
                done = _("Publicamos «%(title)s».")
            else:
                done = _("«%(title)s» se publicará en la fecha programada.")
        elif action == "retirar":
            item = services.unpublish(item=item, actor=request.user)
            done = _("Retiramos «%(title)s»: vuelve a ser un borrador.")
        else:
            promote = action == "promover"
            item = services.decide(
                item=item, reviewer=request.user, promote=promote, comment=comment
            )
            if promote:
                done = _("Promovimos «%(title)s» a la portada nacional.")
            else:
                done = _("Declinamos «%(title)s»; avisamos al capítulo.")
    except services.NewsRefused as refusal:
        messages.error(request, refusal.message)
        return redirect(item)
    messages.success(request, done % {"title": item.title})
    return redirect(item)


@require_safe
@login_required
def news_review(request):
    """IME's queue: the chapters' proposals waiting for a decision, oldest first."""
    if not is_ime_admin(request.user):
        raise PermissionDenied
    proposals = (
        NewsItem.objects.filter(status=NewsStatus.IN_REVIEW)
        .select_related("chapter", "author")
        .order_by("created_at", "pk")
    )
    drafts = (
        NewsItem.objects.filter(status=NewsStatus.DRAFT)
        .exclude(scope=NewsScope.CHAPTER)
        .select_related("sector")
        .order_by("-updated_at", "pk")[:50]
    )
    return render(
        request,
        "content/news_review.html",
        {"proposals": proposals, "drafts": drafts, "status_form": StatusForm()},
    )


@require_POST
@login_required
def news_propose(request, chapter_slug, news_slug):
    """A chapter's leader proposes one of its news items for the national front page."""
    chapter = get_chapter_for_leader(request, chapter_slug)
    chapter_news = get_object_or_404(
        ChapterNews.objects.published(), chapter=chapter, slug=news_slug
    )
    form = ProposeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Elige el idioma en que está escrita la noticia."))
        return redirect(chapter_news)
    try:
        services.propose(
            chapter_news=chapter_news, leader=request.user, language=form.cleaned_data["idioma"]
        )
    except services.NewsRefused as refusal:
        messages.error(request, refusal.message)
        return redirect(chapter_news)
    messages.success(
        request,
        _("Propusimos «%(title)s» para la portada nacional: el IME la revisará.")
        % {"title": chapter_news.title},
    )
    return redirect(chapter_news)
