from django.urls import path

from . import views

app_name = "chapters"
urlpatterns = [
    path("", views.chapter_list, name="chapter_list"),
    # Before <slug:slug>/: "proponer" is reserved (chapters.models.RESERVED_SLUGS).
    path("proponer/", views.proposal_create, name="proposal_create"),
    path("<slug:slug>/", views.chapter_detail, name="chapter_detail"),
    path("<slug:slug>/unirme/", views.chapter_join, name="chapter_join"),
    path("<slug:slug>/editar/", views.chapter_edit, name="chapter_edit"),
    path("<slug:slug>/noticias/", views.news_list, name="news_list"),
    # Before <slug:news_slug>/: "nueva" is never given to a news item (chapters.services).
    path("<slug:slug>/noticias/nueva/", views.news_create, name="news_create"),
    path("<slug:slug>/noticias/<slug:news_slug>/", views.news_detail, name="news_detail"),
    path("<slug:slug>/solicitudes/", views.join_request_list, name="join_request_list"),
    path(
        "<slug:slug>/solicitudes/<uuid:pk>/",
        views.join_request_decide,
        name="join_request_decide",
    ),
]
