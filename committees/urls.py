"""Evaluation calls and their committees at /convocatorias/. Each feature's routes are in its own
block: calls (call_views), proposals (proposal_views), reviews (review_views), the committee and
its decisions (committee_views)."""

from django.urls import path

from . import call_views, committee_views, proposal_views, review_views

app_name = "committees"

_CALL = "<slug:slug>/"
_PROPOSAL = "propuestas/<uuid:uuid>/"

urlpatterns = [
    # reviews (literal paths first, before any "<slug>/" route)
    path("mis-evaluaciones/", review_views.my_reviews, name="my_reviews"),
    path("conflictos/", review_views.declarations, name="declarations"),
    path(
        "conflictos/<int:pk>/quitar/",
        review_views.declaration_delete,
        name="declaration_delete",
    ),
    path(_PROPOSAL + "evaluacion/", review_views.review_edit, name="review_edit"),
    path(_PROPOSAL + "conflicto/", review_views.conflict_declare, name="conflict_declare"),
    # proposals (literal paths first: "mis-propuestas/" would otherwise be read as a call's slug)
    path("mis-propuestas/", proposal_views.my_proposals, name="my_proposals"),
    path(_CALL + "proponer/", proposal_views.proposal_create, name="proposal_create"),
    path(_PROPOSAL, proposal_views.proposal_detail, name="proposal_detail"),
    path(_PROPOSAL + "retirar/", proposal_views.proposal_withdraw, name="proposal_withdraw"),
    path(
        _PROPOSAL + "documentos/<uuid:document>/",
        proposal_views.document_download,
        name="document_download",
    ),
    # committee
    path(_CALL + "comite/", committee_views.committee, name="committee"),
    path(_CALL + "comite/invitar/", committee_views.reviewer_invite, name="reviewer_invite"),
    path(_CALL + "conflictos/", committee_views.conflict_list, name="conflict_list"),
    path(_CALL + "conflictos/detectar/", committee_views.conflicts_detect, name="conflicts_detect"),
    path(
        _CALL + "conflictos/<int:pk>/dispensar/",
        committee_views.conflict_waive,
        name="conflict_waive",
    ),
    path(_CALL + "asignacion/", committee_views.assignment_plan, name="assignment_plan"),
    path(_CALL + "asignacion/manual/", committee_views.assignment_add, name="assignment_add"),
    path(
        _CALL + "asignacion/<int:pk>/quitar/",
        committee_views.assignment_remove,
        name="assignment_remove",
    ),
    path(_CALL + "resultados/", committee_views.results, name="results"),
    path(_PROPOSAL + "decision/", committee_views.proposal_decide, name="proposal_decide"),
    path(_CALL + "exportar.csv", committee_views.reviews_export, name="reviews_export"),
    # calls ("nueva/" before the "<slug>/" routes; these come last so that every literal path
    # above stays reachable)
    path("", call_views.call_list, name="call_list"),
    path("nueva/", call_views.call_create, name="call_create"),
    path(_CALL, call_views.call_detail, name="call_detail"),
    path(_CALL + "editar/", call_views.call_edit, name="call_edit"),
    path(_CALL + "estado/", call_views.call_status, name="call_status"),
    path(_CALL + "criterios/", call_views.criterion_add, name="criterion_add"),
    path(
        _CALL + "criterios/<int:pk>/quitar/",
        call_views.criterion_remove,
        name="criterion_remove",
    ),
    path(_CALL + "documentos/", call_views.required_add, name="required_add"),
    path(
        _CALL + "documentos/<int:pk>/quitar/",
        call_views.required_remove,
        name="required_remove",
    ),
    path(_CALL + "fases/", call_views.phase_add, name="phase_add"),
    path(_CALL + "fases/<int:pk>/", call_views.phase_edit, name="phase_edit"),
    path(_CALL + "fases/<int:pk>/activar/", call_views.phase_activate, name="phase_activate"),
]
