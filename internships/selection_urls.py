"""The selection's paths, joined into internships.urls (app namespace "internships")."""

from django.urls import path

from . import selection_views as views

_HOST = "mis-plazas/<slug:slug>/solicitudes/"
_ONE = _HOST + "<uuid:uuid>/"
_RUN = "ciclos/<slug:slug>/emparejamiento/<uuid:uuid>/"
_OFFER = "solicitudes/<uuid:uuid>/"
urlpatterns = [
    # The host's candidates of one posting (and IME).
    path(_HOST, views.host_applications, name="host_applications"),
    path(_ONE, views.host_application, name="host_application"),
    path(_ONE + "etapa/", views.host_application_stage, name="host_application_stage"),
    path(_ONE + "notas/", views.host_application_note, name="host_application_note"),
    path(_ONE + "orden/", views.host_application_order, name="host_application_order"),
    path(_ONE + "oferta/", views.host_application_offer, name="host_application_offer"),
    # IME's matching of a cycle.
    path("ciclos/<slug:slug>/emparejamiento/", views.matching, name="matching"),
    path(_RUN, views.matching_run, name="matching_run"),
    path(_RUN + "aprobar/", views.matching_run_approve, name="matching_run_approve"),
    path(_RUN + "descartar/", views.matching_run_discard, name="matching_run_discard"),
    # The student's answer to an offer.
    path(_OFFER + "aceptar/", views.application_accept, name="application_accept"),
    path(_OFFER + "rechazar/", views.application_decline, name="application_decline"),
]
