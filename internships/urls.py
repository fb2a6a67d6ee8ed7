"""The internships, mounted at /pasantias/. Fixed paths (mis-solicitudes/, solicitudes/, ...)
come before "<slug>/": a posting cannot take their names."""

from django.urls import path
from django.views.decorators.http import require_safe

from . import application_views, cycle_views, placement_views, posting_views, selection_urls
from .feeds import PostingFeed

app_name = "internships"
urlpatterns = [
    # Postings and cycles (posting_views).
    path("", posting_views.posting_list, name="posting_list"),
    path("feed/", require_safe(PostingFeed()), name="posting_feed"),
    path("publicar/", posting_views.posting_create, name="posting_create"),
    path("mis-plazas/", posting_views.my_postings, name="my_postings"),
    path("revision/", posting_views.review_list, name="review_list"),
    path("ciclos/", cycle_views.cycle_list, name="cycle_list"),
    path("ciclos/nuevo/", cycle_views.cycle_create, name="cycle_create"),
    path("ciclos/<slug:slug>/", posting_views.cycle_detail, name="cycle_detail"),
    path("ciclos/<slug:slug>/editar/", cycle_views.cycle_edit, name="cycle_edit"),
    # A student's applications (application_views).
    path("mis-solicitudes/", application_views.my_applications, name="my_applications"),
    path(
        "mis-solicitudes/<slug:slug>/preferencias/",
        application_views.application_ranks,
        name="application_ranks",
    ),
    path(
        "solicitudes/<uuid:uuid>/", application_views.application_detail, name="application_detail"
    ),
    path(
        "solicitudes/<uuid:uuid>/editar/",
        application_views.application_edit,
        name="application_edit",
    ),
    path(
        "solicitudes/<uuid:uuid>/enviar/",
        application_views.application_send,
        name="application_send",
    ),
    path(
        "solicitudes/<uuid:uuid>/retirar/",
        application_views.application_withdraw,
        name="application_withdraw",
    ),
    path("solicitudes/<uuid:uuid>/cv/", application_views.application_cv, name="application_cv"),
    # A placement: its student's and its host's page, each side's evaluation.
    path("estancias/<uuid:uuid>/", placement_views.placement_detail, name="placement_detail"),
    path(
        "estancias/<uuid:uuid>/evaluar/",
        placement_views.placement_evaluate,
        name="placement_evaluate",
    ),
    # The selection: a host's candidates, IME's matching, the answer to an offer.
    *selection_urls.urlpatterns,
    path("<slug:slug>/postular/", application_views.apply, name="apply"),
    path("<slug:slug>/", posting_views.posting_detail, name="posting_detail"),
    path("<slug:slug>/editar/", posting_views.posting_edit, name="posting_edit"),
    path("<slug:slug>/enviar/", posting_views.posting_submit, name="posting_submit"),
    path("<slug:slug>/cerrar/", posting_views.posting_close, name="posting_close"),
    path("<slug:slug>/revisar/", posting_views.posting_review, name="posting_review"),
]
