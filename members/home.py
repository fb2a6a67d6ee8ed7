"""What members says on the homes (redtalentos.lib.home): a member's profile (how complete, whether
IME verified it, where to change who sees what), the introductions waiting for their answer and,
for IME, the profiles waiting for verification."""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from redtalentos.lib.home import Waiting
from redtalentos.lib.roles import is_ime_admin

from . import profiles
from .models import Education, IntroductionRequest, Member
from .permissions import member_of

# IME's verification queue is counted up to this many (a count of the whole table is not needed
# to know there is work): "more than 999".
COUNT_CAP = 1000


def profile_section(user):
    """One query: the profile with whether it has sectors, skills and education."""
    if member_of(user) is None:
        return None
    member = (
        Member.objects.filter(user=user)
        .annotate(
            has_sectors=Exists(Member.sectors.through.objects.filter(member=OuterRef("pk"))),
            has_skills=Exists(Member.skills.through.objects.filter(member=OuterRef("pk"))),
            has_education=Exists(Education.objects.filter(member=OuterRef("pk"))),
        )
        .get()
    )
    percent, missing = profiles.completeness(
        member,
        sectors=member.has_sectors,
        skills=member.has_skills,
        education=member.has_education,
    )
    return {"member": member, "completeness": percent, "missing": missing}


def introductions_waiting(user):
    """The introduction requests a member has not answered yet (one query)."""
    member = member_of(user)
    if member is None:
        return []
    count = IntroductionRequest.objects.filter(
        member=member, status=IntroductionRequest.Status.PENDING
    ).count()
    return [
        Waiting(
            _("Solicitudes de presentación por responder"),
            count,
            reverse("members:introduction_list"),
        )
    ]


def verifications_waiting(user):
    """IME: the profiles not verified yet, counted up to COUNT_CAP (one query)."""
    if not is_ime_admin(user):
        return []
    unverified = Member.objects.filter(verified_at__isnull=True, user__is_active=True)
    count = unverified.values("pk")[:COUNT_CAP].count()
    url = reverse("admin:members_member_changelist") + "?verificado=no"
    return [
        Waiting(
            _("Perfiles sin verificar"),
            min(count, COUNT_CAP - 1),
            url,
            capped=count >= COUNT_CAP,
        )
    ]
