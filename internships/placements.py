"""Placements after the offer: each side's evaluation once the placement is over, IME marking it
in progress or completed, and the certificate of completion (certificates.services.issue_many,
idempotent by the placement's source key), each write under the placement's row lock."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from certificates.models import Certificate, Kind
from certificates.services import issue_many

from .models import Evaluation, Placement, PlacementStatus, TransitionRefused

SOURCE_APP = "internships"


def evaluation_refusal(placement, side, today=None):
    """Why `side` (an Evaluation.Author) may not evaluate `placement` now, or None."""
    today = today or timezone.localdate()
    if placement.status == PlacementStatus.CANCELLED:
        return _("Esta estancia se canceló: no hay evaluación.")
    if not placement.is_over(today):
        return _("La evaluación se abre al terminar la estancia, después del %(day)s.") % {
            "day": placement.ends_on.isoformat()
        }
    if any(evaluation.author_role == side for evaluation in placement.evaluations.all()):
        return _("Ya enviaste tu evaluación de esta estancia.")
    return None


def evaluate(*, placement, side, author, rating, comment=""):
    """Keeps `side`'s evaluation of `placement`, once; raises TransitionRefused with the reason
    otherwise (too early, cancelled, already sent, also by a racing request)."""
    try:
        with transaction.atomic():
            locked = Placement.objects.select_for_update().get(pk=placement.pk)
            refusal = evaluation_refusal(locked, side)
            if refusal:
                raise TransitionRefused(refusal)
            return Evaluation.objects.create(
                placement=locked,
                author_role=side,
                author=author,
                rating=rating,
                comment=comment.strip(),
            )
    except IntegrityError:
        # The unique constraint (one per side) answered for a request at the same moment.
        raise TransitionRefused(_("Ya enviaste tu evaluación de esta estancia.")) from None


def certificate_title(placement):
    posting = placement.application.posting
    return _("Pasantía «%(title)s» en %(organisation)s") % {
        "title": posting.title,
        "organisation": posting.organisation,
    }


def _issue_certificate(placement):
    posting = placement.application.posting
    place = posting.city or ""
    if posting.country:
        place = f"{place}, {posting.country.name}" if place else str(posting.country.name)
    return issue_many(
        kind=Kind.INTERNSHIP,
        holders=[placement.application.student],
        title=certificate_title(placement),
        starts_on=placement.starts_on,
        ends_on=placement.ends_on,
        place=place,
        source_app=SOURCE_APP,
        source_key=placement.certificate_key,
    )


def move_placement(*, placement, status, actor):
    """Moves `placement` along PLACEMENT_TRANSITIONS under its row lock; completing it issues the
    student's certificate of completion (once, whatever is retried). Raises TransitionRefused."""
    with transaction.atomic():
        locked = (
            Placement.objects.select_for_update(of=("self",))
            .select_related("application__posting", "application__student")
            .get(pk=placement.pk)
        )
        locked.move_to(status, actor=actor)
        if status == PlacementStatus.COMPLETED:
            _issue_certificate(locked)
    return locked


def complete_placements(placements, *, actor):
    """IME's action over several placements: (completed, [(placement, refusal), …])."""
    done, refused = 0, []
    for placement in placements:
        try:
            move_placement(placement=placement, status=PlacementStatus.COMPLETED, actor=actor)
        except TransitionRefused as refusal:
            refused.append((placement, refusal.message))
        else:
            done += 1
    return done, refused


def certificates_of(placements):
    """{placement pk: Certificate} for the placements whose certificate was issued (one query)."""
    keys = {placement.certificate_key: placement.pk for placement in placements}
    if not keys:
        return {}
    return {
        keys[certificate.source_key]: certificate
        for certificate in Certificate.objects.filter(
            kind=Kind.INTERNSHIP, source_app=SOURCE_APP, source_key__in=list(keys)
        )
    }
