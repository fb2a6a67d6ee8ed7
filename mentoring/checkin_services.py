"""The monthly check-ins of an active mentorship: the months one may be written for, recording a
side's check-in, and the reminders to whoever has not written last month's."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import emails
from .models import (
    CheckIn,
    Mentorship,
)
from .services import MS, MentoringRefused, month_of


def check_in_months(mentorship, today=None):
    """The months a check-in may be written for: from the month the mentorship started to this
    one (the last six at most), newest first."""
    today = today or timezone.localdate()
    start = month_of(mentorship.started_on or today)
    months, month = [], month_of(today)
    while month >= start and len(months) < 6:
        months.append(month)
        month = month_of(month - datetime.timedelta(days=1))
    return months


@transaction.atomic
def record_check_in(*, mentorship, side, month, text, hours=None):
    """Writes the mentee's progress or the mentor's feedback and hours for `month`."""
    mentorship = Mentorship.objects.select_for_update().get(pk=mentorship.pk)
    if mentorship.status != MS.ACTIVE:
        raise MentoringRefused(
            _("Esta mentoría está «%(status)s»: ya no recibe seguimientos.")
            % {"status": mentorship.get_status_display()}
        )
    if month not in check_in_months(mentorship):
        raise MentoringRefused(_("Elige uno de los meses de la mentoría."))
    check_in, _created = CheckIn.objects.get_or_create(mentorship=mentorship, month=month)
    now = timezone.now()
    if side == "mentee":
        check_in.progress, check_in.progress_at = text, now
    else:
        check_in.feedback, check_in.hours, check_in.feedback_at = text, hours, now
    check_in.save()
    return check_in


def remind_check_ins(*, today=None):
    """Emails each side of an active mentorship whose check-in of last month lacks their part,
    once per month and side. Returns how many reminders left."""
    today = today or timezone.localdate()
    last_month = month_of(month_of(today) - datetime.timedelta(days=1))
    sent = 0
    due = Mentorship.objects.filter(
        status=MS.ACTIVE, started_on__lt=month_of(today)
    ).select_related("mentor__user", "request__mentee")
    for mentorship in due:
        with transaction.atomic():
            check_in, _created = CheckIn.objects.select_for_update().get_or_create(
                mentorship=mentorship, month=last_month
            )
            now = timezone.now()
            if check_in.progress_at is None and check_in.mentee_reminded_at is None:
                emails.check_in_reminder(
                    mentorship, user=mentorship.request.mentee, side="mentee", month=last_month
                )
                check_in.mentee_reminded_at = now
                sent += 1
            if check_in.feedback_at is None and check_in.mentor_reminded_at is None:
                emails.check_in_reminder(
                    mentorship, user=mentorship.mentor.user, side="mentor", month=last_month
                )
                check_in.mentor_reminded_at = now
                sent += 1
            check_in.save()
    return sent
