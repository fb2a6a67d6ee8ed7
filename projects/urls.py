"""The projects app, mounted at /proyectos/. Opportunities live under oportunidades/; fixed paths
(nueva/, mias/, revision/, feed/) cannot clash with an opportunity's UUID. Binational projects
are the board ("") and <slug>/, whose paths come last so that no fixed path is taken for a
project's slug."""

from django.urls import path
from django.views.decorators.http import require_safe

from . import (
    digest_views,
    mission_views,
    opportunity_views,
    project_document_views,
    project_views,
    visit_views,
)
from .feeds import OpportunityFeed

app_name = "projects"
_OPPORTUNITY = "oportunidades/<uuid:uuid>/"
_PROJECT = "<slug:slug>/"
_VISIT = "visitas/<uuid:uuid>/"
_MISSION = "misiones/<slug:slug>/"
urlpatterns = [
    # Binational projects (project_views); a project's own paths come last (see the end).
    path("", project_views.project_list, name="project_list"),
    path("nuevo/", project_views.project_create, name="project_create"),
    # Opportunities (opportunity_views).
    path("oportunidades/", opportunity_views.opportunity_list, name="opportunity_list"),
    path("oportunidades/feed/", require_safe(OpportunityFeed()), name="opportunity_feed"),
    path("oportunidades/nueva/", opportunity_views.opportunity_create, name="opportunity_create"),
    path("oportunidades/mias/", opportunity_views.my_opportunities, name="my_opportunities"),
    path(
        "oportunidades/revision/",
        opportunity_views.opportunity_review_list,
        name="opportunity_review_list",
    ),
    path(_OPPORTUNITY, opportunity_views.opportunity_detail, name="opportunity_detail"),
    path(_OPPORTUNITY + "editar/", opportunity_views.opportunity_edit, name="opportunity_edit"),
    path(_OPPORTUNITY + "enviar/", opportunity_views.opportunity_submit, name="opportunity_submit"),
    path(
        _OPPORTUNITY + "revisar/", opportunity_views.opportunity_review, name="opportunity_review"
    ),
    path(
        _OPPORTUNITY + "retirar/",
        opportunity_views.opportunity_withdraw,
        name="opportunity_withdraw",
    ),
    path(_OPPORTUNITY + "renovar/", opportunity_views.opportunity_renew, name="opportunity_renew"),
    path(
        _OPPORTUNITY + "interes/",
        opportunity_views.opportunity_interest,
        name="opportunity_interest",
    ),
    path(
        _OPPORTUNITY + "intereses/<int:pk>/responder/",
        opportunity_views.interest_answer,
        name="interest_answer",
    ),
    # The weekly digest's one-click unsubscribe, without signing in (digest_views).
    path(
        "oportunidades/baja/<str:token>/",
        digest_views.digest_unsubscribe,
        name="digest_unsubscribe",
    ),
    # Missions (mission_views): before a project's paths, which would take "misiones".
    path("misiones/", mission_views.mission_list, name="mission_list"),
    path("misiones/nueva/", mission_views.mission_create, name="mission_create"),
    path(_MISSION, mission_views.mission_detail, name="mission_detail"),
    path(_MISSION + "editar/", mission_views.mission_edit, name="mission_edit"),
    path(_MISSION + "estado/", mission_views.mission_status, name="mission_status"),
    path(_MISSION + "anfitriones/", mission_views.host_add, name="mission_host_add"),
    path(_MISSION + "registro/", mission_views.mission_register, name="mission_register"),
    path(
        _MISSION + "registro/cancelar/",
        mission_views.registration_cancel,
        name="mission_registration_cancel",
    ),
    path(
        _MISSION + "registro/aceptar/",
        mission_views.registration_accept,
        name="mission_registration_accept",
    ),
    path(_MISSION + "delegados/", mission_views.delegation, name="mission_delegation"),
    path(_MISSION + "reuniones/", mission_views.meeting_request, name="mission_meeting_request"),
    path(
        _MISSION + "reuniones/<int:pk>/responder/",
        mission_views.meeting_answer,
        name="mission_meeting_answer",
    ),
    path(
        _MISSION + "reuniones/<int:pk>/cancelar/",
        mission_views.meeting_cancel,
        name="mission_meeting_cancel",
    ),
    path(_MISSION + "agenda/", mission_views.agenda, name="mission_agenda"),
    path(_MISSION + "agenda.ics", mission_views.agenda_ics, name="mission_agenda_ics"),
    # Expert visits to Mexico (visit_views).
    path("visitas/", visit_views.visit_list, name="visit_list"),
    path("visitas/solicitar/", visit_views.visit_request_create, name="visit_request_create"),
    path(_VISIT, visit_views.visit_detail, name="visit_detail"),
    path(_VISIT + "estado/", visit_views.visit_status, name="visit_status"),
    path(_VISIT + "invitar/", visit_views.visit_invite, name="visit_invite"),
    path(_VISIT + "visita/", visit_views.visit_edit, name="visit_edit"),
    path(_VISIT + "actividades/", visit_views.activity_add, name="visit_activity_add"),
    path(
        _VISIT + "actividades/<int:pk>/quitar/",
        visit_views.activity_remove,
        name="visit_activity_remove",
    ),
    path(_VISIT + "informe/", visit_views.visit_report, name="visit_report"),
    # A project's pages: after every fixed path above, since a slug would match them
    # (projects.binational.RESERVED_SLUGS keeps projects off those words).
    path(_PROJECT, project_views.project_detail, name="project_detail"),
    path(_PROJECT + "editar/", project_views.project_edit, name="project_edit"),
    path(_PROJECT + "estado/", project_views.project_status, name="project_status"),
    path(_PROJECT + "instituciones/", project_views.institution_add, name="institution_add"),
    path(
        _PROJECT + "instituciones/<int:pk>/quitar/",
        project_views.institution_remove,
        name="institution_remove",
    ),
    path(_PROJECT + "hitos/", project_views.milestone_add, name="milestone_add"),
    path(_PROJECT + "hitos/<int:pk>/", project_views.milestone_update, name="milestone_update"),
    path(
        _PROJECT + "hitos/<int:pk>/quitar/",
        project_views.milestone_remove,
        name="milestone_remove",
    ),
    path(_PROJECT + "equipo/invitar/", project_views.team_invite, name="team_invite"),
    path(_PROJECT + "documentos/", project_document_views.document_upload, name="document_upload"),
    path(
        _PROJECT + "documentos/<uuid:uuid>/",
        project_document_views.document_download,
        name="document_download",
    ),
]
