"""What the internships say on a participant's home (redtalentos.lib.home): their applications
with their state and what to do next (an offer to answer first), and the cycles open for
applications, a placement and its certificate. At most three queries whatever the person holds.
PNCS staff and IME see the postings waiting for their review."""

from django.db.models import Case, IntegerField, Value, When
from django.urls import reverse
from django.utils.translation import gettext as _

from redtalentos.lib.home import Waiting

from .models import Application, ApplicationStatus, Cycle
from .permissions import can_review_postings, postings_to_review
from .placements import certificates_of

# The latest applications shown; all of them are on Mis solicitudes.
SHOWN = 5


def home_section(user):
    applications = list(
        Application.objects.filter(student=user)
        .select_related("cycle", "posting", "placement")
        .annotate(
            # An offer waits for an answer; then a draft waits to be sent; then the rest.
            urgency=Case(
                When(status=ApplicationStatus.OFFER, then=Value(0)),
                When(status=ApplicationStatus.DRAFT, then=Value(1)),
                When(status=ApplicationStatus.WITHDRAWN, then=Value(3)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("urgency", "-cycle__applications_open", "rank", "-created_at")[: SHOWN + 1]
    )
    more, applications = len(applications) > SHOWN, applications[:SHOWN]
    placements = [_placement(a) for a in applications if _placement(a) is not None]
    certificates = certificates_of(placements)
    for application in applications:
        placement = _placement(application)
        application.shown_placement = placement
        application.certificate = certificates.get(placement.pk) if placement else None
    return {
        "applications": applications,
        "more": more,
        "open_cycles": list(Cycle.objects.accepting_applications().order_by("applications_close")),
    }


def _placement(application):
    try:
        return application.placement
    except Application.placement.RelatedObjectDoesNotExist:
        return None


def reviews_waiting(user):
    """The postings waiting for the review of `user` (PNCS staff of their sectors, IME). One
    query."""
    if not can_review_postings(user):
        return []
    return [
        Waiting(
            _("Plazas de pasantía por revisar"),
            postings_to_review(user).count(),
            reverse("internships:review_list"),
        )
    ]
