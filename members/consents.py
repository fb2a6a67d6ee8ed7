"""Consents per purpose: recorded append-only, mirrored on the profile for fast filtering."""

from django.conf import settings
from django.db import transaction

from .models import Consent, Member

# Which Member flag mirrors which purpose (news has no flag: it only matters for mailings).
MEMBER_FLAG = {
    Consent.Purpose.PUBLIC_LISTING: "listed_publicly",
    Consent.Purpose.PNCS_SEARCH: "findable_by_pncs",
    Consent.Purpose.CHAPTER: "visible_to_chapter",
}


def current_consents(user):
    """{purpose: Consent or None} with the decision in force for each purpose."""
    latest = {}
    for consent in Consent.objects.filter(user=user).order_by("purpose", "-created_at", "-id"):
        latest.setdefault(consent.purpose, consent)
    return {purpose: latest.get(purpose) for purpose in Consent.Purpose.values}


def is_granted(user, purpose):
    consent = Consent.objects.filter(user=user, purpose=purpose).order_by("-created_at", "-id")
    consent = consent.first()
    return bool(consent and consent.granted)


@transaction.atomic
def set_consent(*, user, purpose, granted):
    """Records a decision (only when it changes) and applies it to the profile at once."""
    if (
        is_granted(user, purpose) == granted
        and Consent.objects.filter(user=user, purpose=purpose).exists()
    ):
        return None
    consent = Consent.objects.create(
        user=user,
        purpose=purpose,
        granted=granted,
        notice_version=settings.PRIVACY_NOTICE_VERSION,
    )
    flag = MEMBER_FLAG.get(purpose)
    if flag:
        Member.objects.filter(user=user).update(**{flag: granted})
    return consent
