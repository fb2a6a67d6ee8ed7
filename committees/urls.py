"""Evaluation calls and their committees at /convocatorias/. Each feature's routes are in its own
block: calls (call_views), proposals (proposal_views), reviews (review_views), the committee and
its decisions (committee_views)."""

from django.urls import path

from . import proposal_views, review_views

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
]
