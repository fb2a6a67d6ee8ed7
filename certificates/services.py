"""Issuing and revoking certificates, and their PDF: the only way other apps touch them.

The issuing app names itself (`source_app`) and the object behind the certificate (`source_key`,
e.g. "edition:12"); issuing again for the same kind, source and holder returns the certificate
already issued, so that an app may issue after every check-in without counting.
"""

from django.db import transaction
from django.utils import timezone

from .models import DEFAULT_ISSUER, Certificate, new_public_id
from .pdf import render_pdf

__all__ = ["issue", "issue_many", "render_pdf", "revoke"]

BULK_BATCH = 1000


def _holder_name(holder):
    return (holder.get_full_name() or "").strip()


@transaction.atomic
def issue(
    *,
    kind,
    holder,
    title,
    starts_on,
    source_app,
    source_key,
    holder_name=None,
    role="",
    ends_on=None,
    place="",
    issued_by_label=DEFAULT_ISSUER,
):
    """The certificate of `kind` from `source_app`/`source_key` for `holder`: the one already
    issued if there is one (even revoked: IME's revocation stands), a new one otherwise.
    `holder_name` defaults to the account's full name as it is today."""
    if not source_key:
        raise ValueError("issue needs a source_key: it is what makes it idempotent.")
    certificate, _created = Certificate.objects.get_or_create(
        kind=kind,
        source_app=source_app,
        source_key=source_key,
        holder=holder,
        defaults={
            "holder_name": holder_name or _holder_name(holder),
            "title": title,
            "role": role,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "place": place,
            "issued_by_label": issued_by_label,
        },
    )
    return certificate


@transaction.atomic
def issue_many(
    *,
    kind,
    holders,
    title,
    starts_on,
    source_app,
    source_key,
    role="",
    ends_on=None,
    place="",
    issued_by_label=DEFAULT_ISSUER,
):
    """Issues the same certificate to many holders at once (everyone checked in at an edition):
    one INSERT per thousand, skipping those who already have it. Returns the certificates newly
    issued, in the holders' order; running it again returns an empty list."""
    if not source_key:
        raise ValueError("issue_many needs a source_key: it is what makes it idempotent.")
    holders = list({holder.pk: holder for holder in holders}.values())
    now = timezone.now()
    new_ids = []
    for start in range(0, len(holders), BULK_BATCH):
        batch = holders[start : start + BULK_BATCH]
        rows = [
            Certificate(
                public_id=new_public_id(),
                kind=kind,
                holder=holder,
                holder_name=_holder_name(holder),
                title=title,
                role=role,
                starts_on=starts_on,
                ends_on=ends_on,
                place=place,
                issued_at=now,
                issued_by_label=issued_by_label,
                source_app=source_app,
                source_key=source_key,
            )
            for holder in batch
        ]
        # A holder who already has it collides with the unique constraint and is skipped, also
        # when another process issued it a moment ago; the public ids tell which rows went in.
        Certificate.objects.bulk_create(rows, ignore_conflicts=True)
        new_ids.extend(row.public_id for row in rows)
    issued = {}
    for start in range(0, len(new_ids), BULK_BATCH):
        for certificate in Certificate.objects.filter(
            public_id__in=new_ids[start : start + BULK_BATCH]
        ):
            issued[certificate.holder_id] = certificate
    return [issued[holder.pk] for holder in holders if holder.pk in issued]


@transaction.atomic
def revoke(*, certificate, by, reason=""):
    """Revokes `certificate` on behalf of `by` (IME). Returns False, changing nothing, when it was
    already revoked: the first revocation's date and reason stand."""
    locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if locked.revoked_at is not None:
        certificate.revoked_at = locked.revoked_at
        return False
    locked.revoked_at = timezone.now()
    locked.revoked_by = by
    locked.revocation_reason = (reason or "").strip()[:500]
    locked.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
    certificate.revoked_at = locked.revoked_at
    certificate.revoked_by = locked.revoked_by
    certificate.revocation_reason = locked.revocation_reason
    return True
