"""The projects app, mounted at /proyectos/. Opportunities live under oportunidades/; fixed paths
(nueva/, mias/, revision/, feed/) cannot clash with an opportunity's UUID."""

from django.urls import path
from django.views.decorators.http import require_safe

from . import digest_views, opportunity_views
from .feeds import OpportunityFeed

app_name = "projects"
_OPPORTUNITY = "oportunidades/<uuid:uuid>/"
urlpatterns = [
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
]
