"""Onboarding service: who still has to go through it, the account type and, for talents
abroad, their profile."""

from urllib.parse import urlencode

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.crypto import get_random_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify

from .models import AccountType, Member
from .permissions import is_staff_role

# Longer than any page of the portal; a longer `next` is not one of them.
MAX_NEXT_LENGTH = 2000


def needs_onboarding(user):
    """Whether `user` still has to say how they take part. Staff (IME, PNCS) take part as staff:
    the onboarding asks members and participants, never them."""
    return user.is_authenticated and not user.account_type and not is_staff_role(user)


def is_site_path(value):
    """Whether `value` reads as the path of a page of this site ("/miembros/ana/"): not another
    site, not a path relative to the page it is read on ("%", "x"), no control characters."""
    return (
        isinstance(value, str)
        and 0 < len(value) <= MAX_NEXT_LENGTH
        and value.startswith("/")
        and not value.startswith(("//", "/\\"))
        and value.isprintable()
    )


def safe_next(request, value):
    """`value` when it is a page of this site to go on to after the onboarding, else ""."""
    if not is_site_path(value):
        return ""
    if not url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    return value


def onboarding_url(next_url="", *, step="members:onboarding"):
    """The onboarding step `step`, carrying `next_url` (already checked) to its end."""
    url = reverse(step)
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def unique_slug(full_name):
    base = slugify(full_name)[:60] or "miembro"
    slug = base
    while Member.objects.filter(slug=slug).exists():
        slug = f"{base}-{get_random_string(5, 'abcdefghijkmnpqrstuvwxyz23456789')}"
    return slug


@transaction.atomic
def choose_account_type(*, user, account_type, full_name):
    """Sets the account type once; a talent abroad gets an (empty) directory profile."""
    user.account_type = account_type
    user.full_name = full_name
    user.save(update_fields=["account_type", "full_name"])
    if account_type != AccountType.TALENT:
        return None
    existing = Member.objects.filter(user=user).first()
    if existing is not None:
        return existing
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Member.objects.create(
                    user=user, full_name=full_name, slug=unique_slug(full_name)
                )
        except IntegrityError:
            continue  # a concurrent sign-up took the same slug: draw again
    raise RuntimeError("Could not find a free profile slug")
