"""What the Jornadas say on a person's home (redtalentos.lib.home): their registrations, offers
to accept first, and the editions open for registration that they could still join. Two queries
whatever the person holds."""

from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone

from redtalentos.lib.capacity import ACTIVE, SeatStatus, with_place_in_line

from .models import Edition, Registration
from .services import RegistrationWindow, registration_window

# The latest registrations shown; all of them are on Mis Jornadas.
SHOWN = 5


def home_section(user):
    registrations = list(
        with_place_in_line(Registration.objects.filter(user=user))
        .select_related("edition")
        .annotate(
            needs_answer=Case(
                When(status=SeatStatus.OFFERED, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("needs_answer", "-edition__year", "-edition__number")[: SHOWN + 1]
    )
    now = timezone.now()
    registered = Registration.objects.filter(user=user, status__in=ACTIVE).values("edition")
    # Few editions are upcoming at any time: the window's one rule decides among them in Python.
    open_editions = [
        edition
        for edition in Edition.objects.upcoming(timezone.localdate(now)).exclude(pk__in=registered)
        if registration_window(edition, now) == RegistrationWindow.OPEN
    ]
    return {
        "registrations": registrations[:SHOWN],
        "more": len(registrations) > SHOWN,
        "open_editions": open_editions,
    }
