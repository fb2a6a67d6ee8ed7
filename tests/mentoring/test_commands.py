"""The mentoring's scheduled commands: a proposal past its time expires (the mentor's place
freed, the mentee told, the request back in the queue) and last month's check-in is reminded to
each side once; both print a one-line summary and change nothing more when run again."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from mentoring.models import Mentorship, MentorshipStatus, Request

from .flows import active, proposed
from .helpers import make_request, reload

pytestmark = pytest.mark.django_db


def _run(commit, name):
    out = io.StringIO()
    commit(call_command, name, stdout=out)
    return out.getvalue().strip()


def test_expire_mentoring_proposals_expires_once(commit, mentee, offer, staff, mailoutbox):
    mentorship = proposed(commit, make_request(mentee), offer, staff)
    Mentorship.objects.filter(pk=mentorship.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    mailoutbox.clear()

    assert _run(commit, "expire_mentoring_proposals") == (
        "expire_mentoring_proposals: 1 proposals expired, 0 cohort places expired, "
        "0 offered to the next in line"
    )
    assert reload(mentorship).status == MentorshipStatus.EXPIRED
    assert reload(mentorship.request).status == Request.Status.OPEN
    assert reload(offer).load == 0
    assert [message.to for message in mailoutbox] == [["mentee@example.org"]]

    assert _run(commit, "expire_mentoring_proposals") == (
        "expire_mentoring_proposals: 0 proposals expired, 0 cohort places expired, "
        "0 offered to the next in line"
    )
    assert len(mailoutbox) == 1


def test_remind_mentoring_check_ins_reminds_each_side_once(
    commit, mentee, offer, staff, mailoutbox
):
    mentorship = active(commit, make_request(mentee), offer, staff)
    started = timezone.localdate().replace(day=1) - datetime.timedelta(days=20)
    Mentorship.objects.filter(pk=mentorship.pk).update(started_on=started)
    mailoutbox.clear()

    assert (
        _run(commit, "remind_mentoring_check_ins") == "remind_mentoring_check_ins: 2 reminders sent"
    )
    assert sorted(a for m in mailoutbox for a in m.to) == [
        "mentee@example.org",
        "mentor@example.org",
    ]

    assert (
        _run(commit, "remind_mentoring_check_ins") == "remind_mentoring_check_ins: 0 reminders sent"
    )
    assert len(mailoutbox) == 2
