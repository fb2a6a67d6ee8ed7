"""The mentoring, mounted at /mentorias/."""

from django.urls import path

from . import cohort_views, mentorship_views, views

app_name = "mentoring"
_REQUEST = "solicitudes/<uuid:uuid>/"
_MENTORSHIP = "relaciones/<uuid:uuid>/"
urlpatterns = [
    path("", views.landing, name="landing"),
    # Mentors, and everyone's own mentoring.
    path("ofrecer/", views.offer_edit, name="offer_edit"),
    path("mis-mentorias/", views.my_mentoring, name="my_mentoring"),
    # Requests: the mentee's, and the staff's queue.
    path("solicitar/", views.request_create, name="request_create"),
    path("solicitudes/", views.request_queue, name="request_queue"),
    path(_REQUEST, views.request_detail, name="request_detail"),
    path(_REQUEST + "proponer/", views.request_propose, name="request_propose"),
    path(_REQUEST + "retirar/", views.request_withdraw, name="request_withdraw"),
    path(_REQUEST + "cerrar/", views.request_close, name="request_close"),
    path(_REQUEST + "aceptar-lugar/", views.place_accept, name="place_accept"),
    # The relationship.
    path(_MENTORSHIP, mentorship_views.mentorship_detail, name="mentorship_detail"),
    path(_MENTORSHIP + "seguimiento/", mentorship_views.check_in, name="check_in"),
    path(
        _MENTORSHIP + "concluir/", mentorship_views.mentorship_complete, name="mentorship_complete"
    ),
    path(_MENTORSHIP + "cancelar/", mentorship_views.mentorship_cancel, name="mentorship_cancel"),
    path("seguimiento/", mentorship_views.overdue, name="overdue"),
    # Cohorts.
    path("grupos/", cohort_views.cohort_list, name="cohort_list"),
    path("grupos/nuevo/", cohort_views.cohort_create, name="cohort_create"),
    path("grupos/<slug:slug>/", cohort_views.cohort_detail, name="cohort_detail"),
    path("grupos/<slug:slug>/editar/", cohort_views.cohort_edit, name="cohort_edit"),
    path("grupos/<slug:slug>/solicitar/", cohort_views.cohort_apply, name="cohort_apply"),
]
