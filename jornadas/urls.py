"""Public pages of the Jornadas Informativas, mounted at /jornadas/."""

from django.urls import path

from . import (
    checkin_views,
    follow_up_views,
    registration_views,
    speaker_views,
    survey_views,
    views,
)

app_name = "jornadas"
urlpatterns = [
    path("", views.edition_list, name="edition_list"),
    # Before "<slug>/": an edition cannot take this slug.
    path("mis-registros/", registration_views.my_registrations, name="my_registrations"),
    path("<slug:slug>/", views.edition_detail, name="edition_detail"),
    path("<slug:slug>/calendario.ics", views.edition_ics, name="edition_ics"),
    path("<slug:slug>/sesiones/<int:pk>/", views.session_detail, name="session_detail"),
    path("<slug:slug>/sesiones/<int:pk>.ics", views.session_ics, name="session_ics"),
    path(
        "<slug:slug>/sesiones/<int:pk>/invitar-ponente/",
        speaker_views.speaker_invite,
        name="speaker_invite",
    ),
    path(
        "<slug:slug>/sesiones/<int:pk>/resumen/",
        speaker_views.session_abstract,
        name="session_abstract",
    ),
    path(
        "<slug:slug>/sesiones/<int:pk>/materiales/",
        speaker_views.session_materials,
        name="session_materials",
    ),
    path(
        "<slug:slug>/materiales/<uuid:uuid>/",
        speaker_views.material_download,
        name="material_download",
    ),
    path(
        "<slug:slug>/materiales/<uuid:uuid>/eliminar/",
        speaker_views.material_delete,
        name="material_delete",
    ),
    path("<slug:slug>/registro/", registration_views.register, name="register"),
    path("<slug:slug>/registro-de-asistencia/", checkin_views.checkin_page, name="checkin"),
    path(
        "<slug:slug>/registro/<uuid:uuid>/",
        registration_views.registration_detail,
        name="registration_detail",
    ),
    path(
        "<slug:slug>/registro/<uuid:uuid>/cancelar/",
        registration_views.registration_cancel,
        name="registration_cancel",
    ),
    path(
        "<slug:slug>/registro/<uuid:uuid>/aceptar/",
        registration_views.registration_accept,
        name="registration_accept",
    ),
    path(
        "<slug:slug>/registro/<uuid:uuid>/sesiones/",
        registration_views.registration_sessions,
        name="registration_sessions",
    ),
    path(
        "<slug:slug>/registro/<uuid:uuid>/sesiones/<int:pk>/",
        registration_views.session_choice,
        name="session_choice",
    ),
    path(
        "<slug:slug>/registro/<uuid:uuid>/agenda/",
        registration_views.personal_agenda,
        name="personal_agenda",
    ),
    path(
        "<slug:slug>/registro/<uuid:uuid>/agenda.ics",
        registration_views.personal_agenda_ics,
        name="personal_agenda_ics",
    ),
    # After the edition: follow-ups per sector (IME, PNCS of the sector) and the survey.
    path("<slug:slug>/seguimiento/", follow_up_views.follow_up_list, name="follow_up_list"),
    path(
        "<slug:slug>/seguimiento/<int:pk>/",
        follow_up_views.follow_up_detail,
        name="follow_up_detail",
    ),
    path(
        "<slug:slug>/seguimiento/<int:pk>/estado/",
        follow_up_views.follow_up_status,
        name="follow_up_status",
    ),
    path("<slug:slug>/encuesta/", survey_views.survey, name="survey"),
    path("<slug:slug>/encuesta/resultados/", survey_views.survey_results, name="survey_results"),
]
