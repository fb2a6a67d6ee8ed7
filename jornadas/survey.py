"""The feedback survey of an edition: who may answer it and when, saving an answer once, and
the results IME reads (averages, counts and comments, never names).

Who answers: a confirmed registration of an edition that is over (its last day, or its year for
an undated edition, before today: Edition.objects.with_span, the same rule as the past editions).
"""

from django.db import IntegrityError, transaction
from django.db.models import Avg, Count
from django.utils import timezone

from .models import Edition, SessionChoice, SessionRating, SurveyResponse
from .models import Session as AgendaSession

RATINGS = range(1, 6)


class AlreadyAnswered(Exception):
    """The registration has an answer already (a double submit, or a second tab)."""


def is_over(edition, today=None):
    today = today or timezone.localdate()
    return Edition.objects.with_span().filter(pk=edition.pk, last_day__lt=today).exists()


def has_answered(registration):
    return SurveyResponse.objects.filter(registration=registration).exists()


def sessions_to_rate(registration):
    """The sessions of the person's agenda (confirmed), in agenda order."""
    return list(
        AgendaSession.objects.filter(
            choices__registration=registration,
            choices__status=SessionChoice.Status.CONFIRMED,
        ).order_by("starts_at", "pk")
    )


def save_answer(*, registration, rating, comment, session_ratings):
    """`session_ratings`: {session: rating} for the sessions rated. Raises AlreadyAnswered."""
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(
                registration=registration, rating=rating, comment=comment
            )
            SessionRating.objects.bulk_create(
                SessionRating(response=response, session=session, rating=value)
                for session, value in session_ratings.items()
            )
    except IntegrityError as error:
        raise AlreadyAnswered from error
    return response


def results(edition):
    """{count, average, distribution [(rating, count)], sessions [(session, average, count)]}
    of the edition's answers, in three queries; the comments are paged by the view."""
    answers = SurveyResponse.objects.filter(registration__edition=edition)
    summary = answers.aggregate(count=Count("pk"), average=Avg("rating"))
    by_rating = dict(answers.values_list("rating").annotate(n=Count("pk")).order_by())
    sessions = (
        AgendaSession.objects.filter(edition=edition, ratings__isnull=False)
        .annotate(average=Avg("ratings__rating"), count=Count("ratings"))
        .select_related("track__sector")
        .order_by("starts_at", "pk")
    )
    return {
        "count": summary["count"],
        "average": summary["average"],
        "distribution": [(value, by_rating.get(value, 0)) for value in reversed(RATINGS)],
        "sessions": list(sessions),
    }


def comments(edition):
    """The comments written, newest first, without anything that names their authors."""
    return (
        SurveyResponse.objects.filter(registration__edition=edition)
        .exclude(comment="")
        .only("rating", "comment", "created_at")
        .order_by("-created_at", "-pk")
    )


def survey_invitation(user, edition):
    """For the edition page: "open" when `user` may answer now, "answered" once they did, or
    None (not registered and confirmed, or the edition not over yet). Two queries at most."""
    if not user.is_authenticated or not is_over(edition):
        return None
    registration = (
        edition.registrations.filter(user=user, status=SessionChoice.Status.CONFIRMED)
        .annotate(answered=Count("survey_response"))
        .values_list("answered", flat=True)
        .first()
    )
    if registration is None:
        return None
    return "answered" if registration else "open"
