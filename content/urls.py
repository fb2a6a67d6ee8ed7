"""Site content: "about us", the contact form, the news, the statistics and the open data."""

from django.urls import path, re_path
from django.views.decorators.http import require_safe

from . import feeds, news_views, views
from .statistics import views as statistics_views

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
    path("estadisticas/", statistics_views.statistics_page, name="statistics"),
    path("estadisticas/ime/", statistics_views.analytics, name="statistics_ime"),
    path(
        "estadisticas/ime/actualizar/",
        statistics_views.analytics_refresh,
        name="statistics_refresh",
    ),
    path("estadisticas/ime/publicar/", statistics_views.snapshot_publish, name="snapshot_publish"),
    path("datos/", statistics_views.open_data, name="open_data"),
    path("datos/catalogo.jsonld", statistics_views.open_data_catalog, name="open_data_catalog"),
    re_path(
        r"^datos/(?P<period>[0-9]{4}-T[1-4])/$",
        statistics_views.snapshot_detail,
        name="snapshot_detail",
    ),
    re_path(
        r"^datos/(?P<period>[0-9]{4}-T[1-4])\.(?P<kind>csv|json)$",
        statistics_views.snapshot_file,
        name="snapshot_file",
    ),
]
