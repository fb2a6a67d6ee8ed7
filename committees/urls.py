"""Evaluation calls and their committees at /convocatorias/. Each feature's routes are in its own
block: calls (call_views), proposals (proposal_views), reviews (review_views), the committee and
its decisions (committee_views)."""

from django.urls import path

app_name = "committees"

_CALL = "<slug:slug>/"
_PROPOSAL = "propuestas/<uuid:uuid>/"

urlpatterns = []
