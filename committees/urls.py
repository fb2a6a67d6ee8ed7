"""Evaluation calls and their committees at /convocatorias/. Each feature's routes are in its own
block: calls (call_views), proposals (proposal_views), reviews (review_views), the committee and
its decisions (committee_views)."""

from django.urls import path

from . import proposal_views

app_name = "committees"

_CALL = "<slug:slug>/"
_PROPOSAL = "propuestas/<uuid:uuid>/"

urlpatterns = [
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
