"""The internships, mounted at /pasantias/. Fixed paths (publicar/, revision/, ...) come before
"<slug>/": a posting cannot take their names (internships.postings.unique_slug)."""

from django.urls import path
from django.views.decorators.http import require_safe

from . import posting_views
from .feeds import PostingFeed

app_name = "internships"
urlpatterns = [
    # Postings and cycles (posting_views).
    path("", posting_views.posting_list, name="posting_list"),
    path("feed/", require_safe(PostingFeed()), name="posting_feed"),
    path("publicar/", posting_views.posting_create, name="posting_create"),
    path("mis-plazas/", posting_views.my_postings, name="my_postings"),
    path("revision/", posting_views.review_list, name="review_list"),
    path("ciclos/<slug:slug>/", posting_views.cycle_detail, name="cycle_detail"),
    path("<slug:slug>/", posting_views.posting_detail, name="posting_detail"),
    path("<slug:slug>/editar/", posting_views.posting_edit, name="posting_edit"),
    path("<slug:slug>/enviar/", posting_views.posting_submit, name="posting_submit"),
    path("<slug:slug>/cerrar/", posting_views.posting_close, name="posting_close"),
    path("<slug:slug>/revisar/", posting_views.posting_review, name="posting_review"),
]
