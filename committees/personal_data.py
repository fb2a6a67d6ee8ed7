"""The committees' share of a person's data download and of its deletion (registered in
redtalentos.lib.personal_data by CommitteesConfig.ready).

What a deletion does, and why:
- The proposals the person submitted go with their account, with their documents (the files
  leave the private storage once the deletion commits), their history, assignments, reviews and
  conflicts: a proposal speaks for its applicant and nobody is left to answer for it.
- As a reviewer (their profile): their seats on committees go, with their assignments, reviews,
  scores and conflicts, and so do their standing declarations. A review is a personal opinion
  signed by its author; the committee's results stay in the proposals' decisions and rationales,
  which staff wrote.
- What they did as staff stays without who did it (on_delete SET_NULL): calls opened, decisions,
  changes of status of calls and proposals, waivers, assignments made, exports and document
  fetches.

The download holds the proposals (with their documents' names and history), the seats, reviews
(scores and comments), conflicts and declarations, and what they did as staff.
"""

from django.db import transaction

from redtalentos.lib.personal_data import Provider, choice, date

from .models import (
    Assignment,
    Call,
    CallChange,
    Conflict,
    Declaration,
    DocumentAccess,
    Proposal,
    ProposalChange,
    ProposalDocument,
    Review,
    Reviewer,
    ReviewExport,
)


def export(*, user, member):
    return {
        "committee_proposals": _proposals(user) if user is not None else [],
        "committee_seats": _seats(member) if member is not None else [],
        "committee_reviews": _reviews(member) if member is not None else [],
        "committee_conflicts": _conflicts(member) if member is not None else [],
        "conflict_declarations": _declarations(member) if member is not None else [],
        "committee_staff_actions": _staff(user) if user is not None else _no_staff(),
    }


def _proposals(user):
    rows = (
        Proposal.objects.filter(applicant=user)
        .select_related("call")
        .prefetch_related("documents", "history")
        .defer("search")
        .order_by("submitted_at", "pk")
    )
    return [
        {
            "call": row.call.title,
            "title": row.title,
            "summary": row.summary,
            "organisation": row.organisation,
            "applicant_name": row.applicant_name,
            "language": choice(row.language, row.get_language_display()),
            "status": choice(row.status, row.get_status_display()),
            "rationale": row.rationale or None,
            "decided_at": date(row.decided_at),
            "submitted_at": date(row.submitted_at),
            "documents": [
                {"name": document.name, "size": document.size, "pages": document.pages}
                for document in row.documents.all()
            ],
            "history": [
                {
                    "from": choice(change.from_status, change.get_from_status_display()),
                    "to": choice(change.to_status, change.get_to_status_display()),
                    "note": change.note or None,
                    "at": date(change.at),
                }
                for change in row.history.all()
            ],
            "url": row.get_absolute_url(),
        }
        for row in rows
    ]


def _seats(member):
    rows = Reviewer.objects.filter(member=member).select_related("call").order_by("created_at")
    return [
        {
            "call": row.call.title,
            "status": choice(row.status, row.get_status_display()),
            "invited_at": date(row.created_at),
        }
        for row in rows
    ]


def _reviews(member):
    rows = (
        Review.objects.filter(assignment__reviewer__member=member)
        .select_related("assignment__proposal__call")
        .prefetch_related("scores__criterion")
        .order_by("pk")
    )
    return [
        {
            "call": row.assignment.proposal.call.title,
            "proposal": row.assignment.proposal.title,
            "scores": [
                {
                    "criterion": score.criterion.name,
                    "value": score.value,
                    "scale_max": score.criterion.scale_max,
                }
                for score in row.scores.all()
            ],
            "total": str(row.total) if row.total is not None else None,
            "comment_to_applicant": row.comment_to_applicant or None,
            "comment_to_committee": row.comment_to_committee or None,
            "submitted_at": date(row.submitted_at),
        }
        for row in rows
    ]


def _conflicts(member):
    rows = (
        Conflict.objects.filter(reviewer__member=member)
        .select_related("proposal__call")
        .order_by("created_at", "pk")
    )
    return [
        {
            "call": row.proposal.call.title,
            "proposal": row.proposal.title,
            "source": choice(row.source, row.get_source_display()),
            "detail": row.detail or None,
            "waived": row.waived_at is not None,
            "detected_at": date(row.created_at),
        }
        for row in rows
    ]


def _declarations(member):
    return [
        {
            "kind": choice(row.kind, row.get_kind_display()),
            "name": row.name,
            "declared_at": date(row.created_at),
        }
        for row in Declaration.objects.filter(member=member)
    ]


def _no_staff():
    return {
        "calls_opened": [],
        "decisions": [],
        "status_changes": 0,
        "call_status_changes": 0,
        "committee_invitations": 0,
        "conflicts_waived": 0,
        "assignments_made": 0,
        "review_exports": 0,
        "documents_viewed": 0,
    }


def _staff(user):
    return {
        "calls_opened": list(Call.objects.filter(opened_by=user).values_list("title", flat=True)),
        "decisions": [
            {"proposal": title, "at": date(at)}
            for title, at in Proposal.objects.filter(decided_by=user).values_list(
                "title", "decided_at"
            )
        ],
        # Counts only: the rows are about other people's proposals and committees.
        "status_changes": ProposalChange.objects.filter(actor=user)
        .exclude(proposal__applicant=user)
        .count(),
        "call_status_changes": CallChange.objects.filter(actor=user).count(),
        "committee_invitations": Reviewer.objects.filter(invited_by=user).count(),
        "conflicts_waived": Conflict.objects.filter(waived_by=user).count(),
        "assignments_made": Assignment.objects.filter(assigned_by=user).count(),
        "review_exports": ReviewExport.objects.filter(exported_by=user).count(),
        "documents_viewed": DocumentAccess.objects.filter(viewer=user).count(),
    }


def erase(*, user, member):
    """See the module's docstring. The staff's traces are SET_NULL by the database."""
    if user is not None:
        files = [
            (document.file.storage, document.file.name)
            for document in ProposalDocument.objects.filter(proposal__applicant=user)
            if document.file.name
        ]
        Proposal.objects.filter(applicant=user).delete()

        def delete_files():
            for storage, name in files:
                storage.delete(name)

        transaction.on_commit(delete_files)
    if member is not None:
        # Seats cascade to their assignments, reviews, scores and conflicts.
        Reviewer.objects.filter(member=member).delete()
        Declaration.objects.filter(member=member).delete()


PROVIDER = Provider(
    app="committees",
    covers=frozenset(
        {
            "committees.Call.opened_by",
            "committees.CallChange.actor",
            "committees.Proposal.applicant",
            "committees.Proposal.decided_by",
            "committees.ProposalChange.actor",
            "committees.Reviewer.member",
            "committees.Reviewer.invited_by",
            "committees.Declaration.member",
            "committees.Conflict.waived_by",
            "committees.Assignment.assigned_by",
            "committees.ReviewExport.exported_by",
            "committees.DocumentAccess.viewer",
        }
    ),
    export=export,
    erase=erase,
)
