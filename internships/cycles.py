"""Opening a cycle and changing it from the site (IME and PNCS staff; the admin is IME's too)."""

from django.db import transaction
from django.utils.text import slugify

from .models import Cycle

SLUG_LENGTH = Cycle._meta.get_field("slug").max_length
# Paths under /pasantias/ciclos/ that are not a cycle.
RESERVED_SLUGS = frozenset({"nuevo"})


def unique_slug(name):
    base = slugify(name)[: SLUG_LENGTH - 4].strip("-") or "ciclo"
    slug, number = base, 1
    while slug in RESERVED_SLUGS or Cycle.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base[: SLUG_LENGTH - len(str(number)) - 1]}-{number}"
    return slug


@transaction.atomic
def save_cycle(*, form, actor):
    """Saves `form` (a CycleForm): a new cycle gets its slug from its name and `actor` as the
    person who opened it; an existing one keeps its slug, so its links keep working."""
    cycle = form.save(commit=False)
    if cycle.pk is None:
        cycle.slug = unique_slug(cycle.name)
        cycle.created_by = actor
    cycle.save()
    return cycle
