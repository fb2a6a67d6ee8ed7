"""Onboarding service: the account type and, for talents abroad, their profile."""

from django.db import IntegrityError, transaction
from django.utils.crypto import get_random_string
from django.utils.text import slugify

from .models import AccountType, Member


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
