"""Cohorts: saving one with its slug, and expiring the places offered from its waiting list."""

from django.db import transaction

from redtalentos.lib import capacity

from .models import CohortPlace

COHORT_RESERVED_SLUGS = frozenset({"nuevo"})


def _cohort_slug(name):
    from django.utils.text import slugify

    from .models import Cohort

    length = Cohort._meta.get_field("slug").max_length
    base = slugify(name)[: length - 4].strip("-") or "grupo"
    slug, number = base, 1
    while slug in COHORT_RESERVED_SLUGS or Cohort.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base[: length - len(str(number)) - 1]}-{number}"
    return slug


@transaction.atomic
def save_cohort(*, form, actor):
    """Saves a CohortForm: a new cohort gets its slug from its name and `actor` as its opener;
    more places are offered at once to those waiting (the capacity engine)."""
    cohort = form.save(commit=False)
    if cohort.pk is None:
        cohort.slug = _cohort_slug(cohort.name)
        cohort.created_by = actor
    cohort.save()
    form.save_m2m()
    capacity.offer_free_seats(holder=cohort, model=CohortPlace)
    return cohort


def expire_cohort_offers(*, now=None):
    """Expires the cohort places offered and not taken in time (each passes to the next in line;
    the request of a lapsed offer is closed with the reason). Returns (expired, offered)."""
    return capacity.expire_offers(model=CohortPlace, now=now)
