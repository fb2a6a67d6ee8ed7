"""The internships' share of a person's data download and of its deletion (registered in
redtalentos.lib.personal_data by InternshipsConfig.ready).

What a deletion does, and why:
- A student's offer or accepted place first gives its seat back: the placement is cancelled and
  the host's next free candidate gets the offer (internships.selection.give_seats_back).
- A student's applications go with their account: the texts, the CV (its file leaves the storage
  once the deletion commits, internships.signals), the history, the host's private notes on them,
  the log of who fetched the CV, and the placement with both sides' evaluations (they are about
  the student). A certificate of the placement is the certificates app's.
- A host's postings: those nobody applied to are deleted; the others stay for the students who
  applied (their applications are theirs), closed, without a host (on_delete SET_NULL). The
  private notes the host wrote are deleted (working notes about other people, not a record).
- What staff did stays without who did it (SET_NULL): reviews of postings and their history,
  cycles opened, matching runs run or approved, placements marked completed, status changes
  made (of applications and of placements), CVs fetched, evaluations
  written as a host (they stay with the student's placement).

The download holds a student's applications (without the host's private notes, which are the
host's working notes), and a member's or staff's postings hosted, reviews done, notes and
evaluations written, changes made to placements, and how many CVs they fetched.
"""

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from redtalentos.lib.personal_data import Provider, choice, date, person_name

from .models import (
    Application,
    ApplicationNote,
    Cycle,
    Evaluation,
    MatchingRun,
    Placement,
    PlacementStatusChange,
    Posting,
    PostingStatus,
    PostingStatusChange,
)
from .offers import give_seats_back


def _when(value):
    return value.isoformat() if value else None


def export(*, user, member):
    return {
        "internships": {
            "applications": _applications(user),
            "postings_hosted": _postings(member),
            "posting_reviews": _reviews(user),
            "notes_written": _notes(user),
            "evaluations_written": _evaluations(user),
            "cvs_fetched": user.internship_cv_views.count() if user else 0,
            "cycles_created": (
                [cycle.name for cycle in Cycle.objects.filter(created_by=user)] if user else []
            ),
            "placements_completed": (
                Placement.objects.filter(completed_by=user).count() if user else 0
            ),
            "placement_changes_made": _placement_changes(user),
            "matching_runs": (
                MatchingRun.objects.filter(Q(run_by=user) | Q(approved_by=user)).count()
                if user
                else 0
            ),
        }
    }


def _applications(user):
    if user is None:
        return []
    rows = (
        Application.objects.filter(student=user)
        .select_related("cycle", "posting", "placement")
        .prefetch_related(
            "history",
            "cv_log__viewer",
            "placement__evaluations__author",
            "placement__history",
        )
        .order_by("cycle__applications_open", "rank", "pk")
    )
    result = []
    for row in rows:
        placement = getattr(row, "placement", None) if hasattr(row, "placement") else None
        result.append(
            {
                "cycle": row.cycle.name,
                "posting": row.posting.title,
                "organisation": row.posting.organisation,
                "rank": row.rank,
                "status": choice(row.status, row.get_status_display()),
                "motivation": row.motivation or None,
                "university": row.university or None,
                "programme": row.programme or None,
                "semester": row.semester,
                "languages": list(row.languages),
                "cv_uploaded": bool(row.cv),
                "cv_file_name": row.cv_filename or None,
                "cv_size": row.cv_size or None,
                "language_of_the_emails": row.language or None,
                "host_choice": choice(row.host_choice, row.get_host_choice_display()),
                "host_rank": row.host_rank,
                "offer_expires_at": _when(row.offer_expires_at),
                "submitted_at": _when(row.submitted_at),
                "created_at": _when(row.created_at),
                "history": [
                    {
                        "from": choice(change.from_status, change.get_from_status_display()),
                        "to": choice(change.to_status, change.get_to_status_display()),
                        "at": _when(change.at),
                    }
                    for change in row.history.all()
                ],
                "cv_fetched_by": [
                    {
                        "who": person_name(access.viewer),
                        "as": choice(access.role, access.get_role_display()),
                        "at": _when(access.viewed_at),
                    }
                    for access in row.cv_log.all()
                ],
                "placement": _placement(placement),
                "url": row.get_absolute_url(),
            }
        )
    return result


def _placement(placement):
    if placement is None:
        return None
    return {
        "starts_on": date(placement.starts_on),
        "ends_on": date(placement.ends_on),
        "status": choice(placement.status, placement.get_status_display()),
        "history": [
            {
                "from": choice(change.from_status, change.get_from_status_display()),
                "to": choice(change.to_status, change.get_to_status_display()),
                "at": _when(change.at),
            }
            for change in placement.history.all()
        ],
        "evaluations": [
            {
                "by": choice(evaluation.author_role, evaluation.get_author_role_display()),
                "who": person_name(evaluation.author),
                "rating": evaluation.rating,
                "comment": evaluation.comment or None,
                "at": _when(evaluation.created_at),
            }
            for evaluation in placement.evaluations.all()
        ],
    }


def _postings(member):
    if member is None:
        return []
    rows = (
        Posting.objects.filter(host=member)
        .select_related("cycle")
        .annotate(application_count=Count("applications", filter=~Q(applications__status="draft")))
        .order_by("created_at", "pk")
    )
    return [
        {
            "cycle": row.cycle.name,
            "title": row.title,
            "organisation": row.organisation,
            "city": row.city or None,
            "country": row.country.code or None,
            "remote": row.remote,
            "status": choice(row.status, row.get_status_display()),
            "review_comment": row.review_comment or None,
            "language_of_the_emails": row.language or None,
            "created_at": _when(row.created_at),
            "published_at": _when(row.published_at),
            "applications_received": row.application_count,
            "url": row.get_absolute_url(),
        }
        for row in rows
    ]


def _reviews(user):
    if user is None:
        return []
    rows = (
        PostingStatusChange.objects.filter(
            actor=user, to_status__in=[PostingStatus.APPROVED, PostingStatus.RETURNED]
        )
        .select_related("posting")
        .order_by("at", "pk")
    )
    return [
        {
            "posting": row.posting.title,
            "decision": choice(row.to_status, row.get_to_status_display()),
            "comment": row.note or None,
            "at": _when(row.at),
        }
        for row in rows
    ]


def _placement_changes(user):
    """The changes of status the person made to placements (a student's own are in their
    applications' placement too)."""
    if user is None:
        return []
    rows = (
        PlacementStatusChange.objects.filter(actor=user)
        .select_related("placement__application__posting", "placement__application__student")
        .order_by("at", "pk")
    )
    return [
        {
            "posting": row.placement.application.posting.title,
            "student": person_name(row.placement.application.student),
            "from": choice(row.from_status, row.get_from_status_display()),
            "to": choice(row.to_status, row.get_to_status_display()),
            "note": row.note or None,
            "at": _when(row.at),
        }
        for row in rows
    ]


def _notes(user):
    if user is None:
        return []
    rows = (
        ApplicationNote.objects.filter(author=user)
        .select_related("application__posting", "application__student")
        .order_by("created_at", "pk")
    )
    return [
        {
            "posting": row.application.posting.title,
            "student": person_name(row.application.student),
            "text": row.text,
            "at": _when(row.created_at),
        }
        for row in rows
    ]


def _evaluations(user):
    if user is None:
        return []
    rows = (
        Evaluation.objects.filter(author=user)
        .select_related("placement__application__posting")
        .order_by("created_at", "pk")
    )
    return [
        {
            "posting": row.placement.application.posting.title,
            "as": choice(row.author_role, row.get_author_role_display()),
            "rating": row.rating,
            "comment": row.comment or None,
            "at": _when(row.created_at),
        }
        for row in rows
    ]


def erase(*, user, member):
    if user is not None:
        # An offer or an accepted place goes to the host's next candidate before it is deleted.
        give_seats_back(student_id=user.pk, base_url=settings.SITE_URL.rstrip("/") + "/")
        ApplicationNote.objects.filter(author=user).delete()
        # The placement protects its application: it goes first, with its evaluations.
        Placement.objects.filter(application__student=user).delete()
        # One by one, so that each CV's file is deleted after the commit (internships.signals).
        for application in Application.objects.filter(student=user):
            application.delete()
    if member is not None:
        postings = Posting.objects.filter(host=member)
        postings.filter(applications__isnull=True).delete()
        now = timezone.now()
        kept = list(postings.exclude(status=PostingStatus.CLOSED))
        PostingStatusChange.objects.bulk_create(
            PostingStatusChange(
                posting=posting,
                from_status=posting.status,
                to_status=PostingStatus.CLOSED,
                note="cuenta eliminada",
                at=now,
            )
            for posting in kept
        )
        postings.filter(pk__in=[posting.pk for posting in kept]).update(
            status=PostingStatus.CLOSED, host=None
        )
        postings.update(host=None)


PROVIDER = Provider(
    app="internships",
    covers=frozenset(
        {
            "internships.Cycle.created_by",
            "internships.Posting.host",
            "internships.Posting.reviewed_by",
            "internships.PostingStatusChange.actor",
            "internships.Application.student",
            "internships.ApplicationStatusChange.actor",
            "internships.ApplicationNote.author",
            "internships.CVAccess.viewer",
            "internships.MatchingRun.run_by",
            "internships.MatchingRun.approved_by",
            "internships.Evaluation.author",
            "internships.Placement.completed_by",
            "internships.PlacementStatusChange.actor",
        }
    ),
    export=export,
    erase=erase,
)
