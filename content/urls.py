"""Site content: the "about us" page and the contact form (the news will add their routes)."""

from django.urls import path
from django.views.decorators.http import require_safe

from . import feeds, news_views, views

app_name = "content"

urlpatterns = [
    path("acerca/", views.about, name="about"),
    path("contacto/", views.contact, name="contact"),
    path("contacto/enviado/", views.contact_sent, name="contact_sent"),
    # News: fixed paths before <slug:slug>/ (content.models.news.RESERVED_SLUGS keeps them free).
    path("noticias/", news_views.news_list, name="news_list"),
    path("noticias/nueva/", news_views.news_create, name="news_create"),
    path("noticias/revision/", news_views.news_review, name="news_review"),
    path("noticias/feed/rss/", require_safe(feeds.NewsFeed()), name="news_feed_rss"),
    path("noticias/feed/atom/", require_safe(feeds.NewsAtomFeed()), name="news_feed_atom"),
    path(
        "noticias/sector/<slug:slug>/feed/rss/",
        require_safe(feeds.SectorNewsFeed()),
        name="news_sector_feed_rss",
    ),
    path(
        "noticias/sector/<slug:slug>/feed/atom/",
        require_safe(feeds.SectorNewsAtomFeed()),
        name="news_sector_feed_atom",
    ),
    path(
        "noticias/capitulo/<slug:slug>/feed/rss/",
        require_safe(feeds.ChapterNewsFeed()),
        name="news_chapter_feed_rss",
    ),
    path(
        "noticias/capitulo/<slug:slug>/feed/atom/",
        require_safe(feeds.ChapterNewsAtomFeed()),
        name="news_chapter_feed_atom",
    ),
    path(
        "noticias/idioma/<slug:language>/feed/rss/",
        require_safe(feeds.LanguageNewsFeed()),
        name="news_language_feed_rss",
    ),
    path(
        "noticias/idioma/<slug:language>/feed/atom/",
        require_safe(feeds.LanguageNewsAtomFeed()),
        name="news_language_feed_atom",
    ),
    path(
        "noticias/capitulo/<slug:chapter_slug>/proponer/<slug:news_slug>/",
        news_views.news_propose,
        name="news_propose",
    ),
    path("noticias/<slug:slug>/", news_views.news_detail, name="news_detail"),
    path("noticias/<slug:slug>/editar/", news_views.news_edit, name="news_edit"),
    path("noticias/<slug:slug>/estado/", news_views.news_status, name="news_status"),
]
