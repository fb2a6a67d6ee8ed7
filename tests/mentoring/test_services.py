"""The mentoring's rules, asked through mentoring.services and the brokered channel
(members.introductions): requests and their cohort places, proposals and their refusals, the
mentor's answer, expiry, the relationship's endings, check-ins and their reminders. Each change
is checked in the rows it leaves and in the emails people receive."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from certificates.models import Certificate, Kind
from members.introductions import IntroductionRefused, answer_introduction
from members.models import IntroductionRequest
from mentoring import checkin_services, services
from mentoring.models import (
    CheckIn,
    CohortPlace,
    Mentorship,
    MentorshipChange,
    MentorshipStatus,
    Request,
)
from mentoring.services import MentoringRefused
from redtalentos.lib.capacity import SeatStatus
from tests.conftest import make_member, make_pncs_staff

from .helpers import make_cohort, make_mentee, make_offer, make_request, reload, set_capacity

pytestmark = pytest.mark.django_db

BASE_URL = "http://testserver/"
MS = MentorshipStatus
RS = Request.Status
Intro = IntroductionRequest.Status


@pytest.fixture
def staff(db):
    return make_pncs_staff("pncs-mentorias@example.org")


@pytest.fixture
def mentor(db):
    return make_member("Mario Mentor Soto", email="mentor@example.org")


@pytest.fixture
def offer(mentor):
    return make_offer(mentor, capacity=2)


@pytest.fixture
def mentee(db):
    return make_mentee("Luisa Mentorada Paz", email="mentee@example.org")


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Runs a service and the emails it leaves for after the commit."""

    def call(function, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(**kwargs)

    return call


def readable(message):
    """What a person reads in an email: subject and bodies."""
    return "\n".join([message.subject, message.body, *(c for c, _ in message.alternatives)])


def mail_to(mailoutbox, address):
    return [message for message in mailoutbox if address in message.to]


def propose(run, request, offer, staff):
    return run(services.propose, request=request, offer=offer, actor=staff)


def answer(run, mentorship, *, accept):
    mentorship = reload(mentorship)
    return run(
        answer_introduction,
        introduction=mentorship.introduction,
        member=mentorship.mentor,
        accept=accept,
        base_url=BASE_URL,
    )


def introduction_of(mentorship):
    return IntroductionRequest.objects.get(mentorship=mentorship)


def nothing_proposed(request, offer):
    assert reload(request).status == RS.OPEN
    assert reload(offer).load == 0
    assert not Mentorship.objects.filter(request=request).exists()
    assert not IntroductionRequest.objects.filter(member=offer.member).exists()


# Requests


def test_a_participant_has_at_most_three_requests_in_progress(mentee):
    first, *_others = [make_request(mentee) for _ in range(3)]

    with pytest.raises(MentoringRefused, match="3 solicitudes en curso"):
        make_request(mentee)
    assert Request.objects.filter(mentee=mentee).count() == 3

    services.withdraw_request(request=first, mentee=mentee)
    assert make_request(mentee).status == RS.OPEN


def test_a_cohort_request_with_a_free_place_joins_the_queue(mentee):
    cohort = make_cohort(places=1)

    request = make_request(mentee, cohort=cohort)

    assert request.status == RS.OPEN
    assert reload(request).status == RS.OPEN
    assert CohortPlace.objects.get(request=request).status == SeatStatus.CONFIRMED


def test_a_cohort_request_waits_in_line_when_the_cohort_is_full(mentee):
    cohort = make_cohort(places=1)
    make_request(cohort=cohort)

    request = make_request(mentee, cohort=cohort)

    assert reload(request).status == RS.WAITLISTED
    assert CohortPlace.objects.get(request=request).status == SeatStatus.WAITLISTED


def test_a_participant_applies_once_to_a_cohort(mentee):
    cohort = make_cohort(places=1)
    make_request(mentee, cohort=cohort)

    with pytest.raises(MentoringRefused, match="Ya tienes una solicitud en este grupo"):
        make_request(mentee, cohort=cohort)


def test_withdrawing_offers_the_place_to_the_next_who_then_takes_it(run, mentee, mailoutbox):
    cohort = make_cohort(places=1)
    first = make_request(cohort=cohort)
    second = make_request(mentee, cohort=cohort)
    with pytest.raises(MentoringRefused):
        services.accept_place(request=second, actor=mentee)  # nothing offered yet
    mailoutbox.clear()

    run(services.withdraw_request, request=first, mentee=first.mentee)

    assert reload(first).status == RS.WITHDRAWN
    assert CohortPlace.objects.get(request=first).status == SeatStatus.CANCELLED
    place = CohortPlace.objects.get(request=second)
    assert place.status == SeatStatus.OFFERED
    assert reload(second).status == RS.WAITLISTED  # not in the queue until they take the place
    assert len(mail_to(mailoutbox, mentee.email)) == 1  # the seat offered to them

    run(services.accept_place, request=second, actor=mentee)

    assert reload(second).status == RS.OPEN
    assert reload(place).status == SeatStatus.CONFIRMED


def test_a_place_taken_too_late_expires_and_passes_to_the_next(run, mentee, mailoutbox):
    """The offer expires when the mentee comes back after its time: the acceptance is refused,
    and the expiry stands (the request is closed with the reason, the place goes on)."""
    cohort = make_cohort(places=1)
    first = make_request(cohort=cohort)
    second = make_request(mentee, cohort=cohort)
    third = make_request(cohort=cohort)
    run(services.withdraw_request, request=first, mentee=first.mentee)
    place = CohortPlace.objects.get(request=second)
    CohortPlace.objects.filter(pk=place.pk).update(
        offer_expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    mailoutbox.clear()

    with pytest.raises(MentoringRefused, match="venció"):
        run(services.accept_place, request=second, actor=mentee)

    assert reload(place).status == SeatStatus.EXPIRED
    second.refresh_from_db()
    assert second.status == RS.CLOSED
    assert "venció" in second.closing_note
    assert CohortPlace.objects.get(request=third).status == SeatStatus.OFFERED
    assert mail_to(mailoutbox, mentee.email)


def test_withdrawing_a_proposed_request_frees_the_mentors_place(run, mentee, offer, staff):
    request = make_request(mentee)
    mentorship = propose(run, request, offer, staff)

    run(services.withdraw_request, request=request, mentee=mentee)

    assert reload(request).status == RS.WITHDRAWN
    assert reload(mentorship).status == MS.CANCELLED
    assert reload(offer).load == 0
    assert introduction_of(mentorship).status == Intro.EXPIRED


def test_someone_else_cannot_withdraw_a_request(mentee):
    request = make_request(mentee)

    with pytest.raises(MentoringRefused):
        services.withdraw_request(request=request, mentee=make_mentee())
    assert reload(request).status == RS.OPEN


# Proposals


def test_proposing_asks_the_mentor_through_an_introduction_from_the_mentee(
    run, mentee, mentor, offer, staff, mailoutbox
):
    request = make_request(mentee)
    before = timezone.now()

    mentorship = propose(run, request, offer, staff)

    mentorship.refresh_from_db()
    assert mentorship.status == MS.PROPOSED
    assert mentorship.proposed_by == staff
    assert (
        before + datetime.timedelta(days=14)
        <= mentorship.expires_at
        <= timezone.now() + datetime.timedelta(days=14)
    )
    introduction = mentorship.introduction
    assert introduction.requester == mentee
    assert introduction.member == mentor
    assert introduction.purpose == IntroductionRequest.Purpose.MENTORING
    assert introduction.status == Intro.PENDING
    assert reload(offer).load == 1
    assert reload(request).status == RS.PROPOSED
    assert MentorshipChange.objects.filter(mentorship=mentorship, to_status=MS.PROPOSED).exists()
    # The mentor is asked on their introductions page; the mentee hears who was proposed.
    [to_mentor] = mail_to(mailoutbox, mentor.user.email)
    [to_mentee] = mail_to(mailoutbox, mentee.email)
    assert "Mario Mentor Soto" in readable(to_mentee)
    # Nobody's address travels before the mentor accepts.
    assert mentee.email not in readable(to_mentor)
    assert mentor.user.email not in readable(to_mentee)


def test_a_paused_mentor_is_not_proposed(mentee, mentor, staff):
    offer = make_offer(mentor, paused=True)
    request = make_request(mentee)

    with pytest.raises(MentoringRefused, match="pausó"):
        services.propose(request=request, offer=offer, actor=staff)
    nothing_proposed(request, offer)


def test_a_mentor_without_a_free_place_is_not_proposed(run, mentor, staff):
    offer = make_offer(mentor, capacity=1)
    propose(run, make_request(), offer, staff)
    request = make_request()

    with pytest.raises(MentoringRefused, match="no tiene lugar libre"):
        services.propose(request=request, offer=offer, actor=staff)
    assert reload(request).status == RS.OPEN
    assert reload(offer).load == 1
    assert not Mentorship.objects.filter(request=request).exists()


def test_nobody_is_proposed_as_their_own_mentor(mentor, offer, staff):
    request = make_request(mentor.user)

    with pytest.raises(MentoringRefused, match="su propio mentor"):
        services.propose(request=request, offer=offer, actor=staff)
    nothing_proposed(request, offer)


def test_a_mentor_who_declined_is_not_proposed_again_for_that_request(run, mentee, offer, staff):
    request = make_request(mentee)
    answer(run, propose(run, request, offer, staff), accept=False)
    assert reload(request).status == RS.OPEN

    with pytest.raises(MentoringRefused, match="Ya se propuso"):
        services.propose(request=request, offer=offer, actor=staff)
    assert Mentorship.objects.filter(request=request).count() == 1
    assert reload(offer).load == 0


def test_a_request_that_is_not_open_gets_no_proposal(run, mentee, offer, staff):
    request = make_request(mentee)
    propose(run, request, offer, staff)
    other = make_offer(make_member("Otra Mentora Díaz"))

    with pytest.raises(MentoringRefused, match="no espera mentor"):
        services.propose(request=request, offer=other, actor=staff)
    assert reload(other).load == 0
    assert Mentorship.objects.filter(request=request).count() == 1

    waiting = make_request(cohort=make_cohort(places=1), mentee=make_mentee())
    in_line = make_request(cohort=waiting.cohort)
    assert reload(in_line).status == RS.WAITLISTED
    with pytest.raises(MentoringRefused, match="no espera mentor"):
        services.propose(request=in_line, offer=other, actor=staff)
    assert reload(other).load == 0


# The mentor's answer, through the brokered channel


def test_accepting_starts_the_mentorship_and_only_then_shares_addresses(
    run, mentee, mentor, offer, staff, mailoutbox
):
    request = make_request(mentee)
    mentorship = propose(run, request, offer, staff)

    answer(run, mentorship, accept=True)

    mentorship.refresh_from_db()
    assert mentorship.status == MS.ACTIVE
    assert mentorship.started_on == timezone.localdate()
    assert introduction_of(mentorship).status == Intro.ACCEPTED
    assert reload(request).status == RS.MATCHED
    assert reload(offer).load == 1  # the proposal's place is now the mentorship's
    # The addresses are in the brokered channel's acceptance emails, and in no other.
    with_both = [
        message
        for message in mailoutbox
        if mentee.email in readable(message) and mentor.user.email in readable(message)
    ]
    assert len(with_both) == 2
    assert {message.to[0] for message in with_both} == {mentee.email, mentor.user.email}
    others = [message for message in mailoutbox if message not in with_both]
    assert any("aceptó acompañarte" in readable(message) for message in others)
    for message in others:
        assert mentee.email not in readable(message)
        assert mentor.user.email not in readable(message)


def test_declining_sends_the_request_back_to_the_queue_and_tells_the_mentee(
    run, mentee, offer, staff, mailoutbox
):
    request = make_request(mentee)
    mentorship = propose(run, request, offer, staff)
    mailoutbox.clear()

    answer(run, mentorship, accept=False)

    assert reload(mentorship).status == MS.DECLINED
    assert introduction_of(mentorship).status == Intro.DECLINED
    assert reload(offer).load == 0
    assert reload(request).status == RS.OPEN
    news = [m for m in mail_to(mailoutbox, mentee.email) if "no puede acompañarte" in readable(m)]
    assert len(news) == 1


def test_a_mentor_who_lowered_their_capacity_cannot_accept_past_it(run, offer, staff):
    first, second = make_request(), make_request()
    active = propose(run, first, offer, staff)
    waiting = propose(run, second, offer, staff)
    answer(run, active, accept=True)
    set_capacity(offer, 1)

    with pytest.raises(IntroductionRefused, match="Ya acompañas a 1 persona,"):
        answer(run, waiting, accept=True)

    # Nothing changed: the answer is refused with the mentorship.
    assert reload(waiting).status == MS.PROPOSED
    assert introduction_of(waiting).status == Intro.PENDING
    assert reload(second).status == RS.PROPOSED
    assert reload(offer).load == 2
    assert Mentorship.objects.filter(mentor=offer.member, status=MS.ACTIVE).count() == 1


def test_an_answered_proposal_cannot_be_answered_again(run, offer, staff):
    mentorship = propose(run, make_request(), offer, staff)
    answer(run, mentorship, accept=False)

    with pytest.raises(IntroductionRefused):
        answer(run, mentorship, accept=True)
    assert reload(mentorship).status == MS.DECLINED
    assert reload(offer).load == 0


# Expiry


def test_a_proposal_past_its_time_expires_and_the_mentee_is_told(
    run, mentee, offer, staff, mailoutbox
):
    request = make_request(mentee)
    mentorship = propose(run, request, offer, staff)
    not_due = propose(run, make_request(), offer, staff)
    mailoutbox.clear()
    later = reload(mentorship).expires_at + datetime.timedelta(seconds=1)
    Mentorship.objects.filter(pk=not_due.pk).update(expires_at=later + datetime.timedelta(days=1))

    assert run(services.expire_proposals, now=later) == 1

    assert reload(mentorship).status == MS.EXPIRED
    assert introduction_of(mentorship).status == Intro.EXPIRED
    assert reload(request).status == RS.OPEN
    assert reload(offer).load == 1  # the other proposal still waits
    assert reload(not_due).status == MS.PROPOSED
    [news] = mail_to(mailoutbox, mentee.email)
    assert "no respondió a tiempo" in readable(news)
    # A second run finds nothing; the mentor can no longer accept.
    assert run(services.expire_proposals, now=later) == 0
    with pytest.raises(IntroductionRefused):
        answer(run, mentorship, accept=True)
    assert reload(mentorship).status == MS.EXPIRED


# The relationship's endings


def active_mentorship(run, request, offer, staff):
    mentorship = propose(run, request, offer, staff)
    answer(run, mentorship, accept=True)
    return reload(mentorship)


def test_completing_issues_a_certificate_to_each_side_once(run, mentee, mentor, offer, staff):
    request = make_request(mentee)
    mentorship = active_mentorship(run, request, offer, staff)
    checkin_services.record_check_in(
        mentorship=mentorship,
        side="mentor",
        month=timezone.localdate().replace(day=1),
        text="Revisamos el plan de exportación.",
        hours=Decimal("2.5"),
    )

    run(services.complete, mentorship=mentorship, actor=staff, note="Objetivo cumplido.")

    assert reload(mentorship).status == MS.COMPLETED
    assert mentorship.ended_on == timezone.localdate()
    assert reload(offer).load == 0
    assert reload(request).status == RS.COMPLETED
    certificates = Certificate.objects.filter(kind=Kind.MENTORING, source_app="mentoring")
    assert {c.holder for c in certificates} == {mentee, mentor.user}
    assert all(c.source_key == f"mentorship:{mentorship.pk}" for c in certificates)
    assert all("2.5" in c.place for c in certificates)

    with pytest.raises(MentoringRefused):
        services.complete(mentorship=mentorship, actor=staff, note="Otra vez.")
    assert certificates.count() == 2
    assert reload(offer).load == 0


def test_a_mentorship_cancelled_by_the_mentor_sends_the_request_back_to_the_queue(
    run, mentee, mentor, offer, staff, mailoutbox
):
    request = make_request(mentee)
    mentorship = active_mentorship(run, request, offer, staff)
    mailoutbox.clear()

    run(services.cancel, mentorship=mentorship, actor=mentor.user, note="Cambié de trabajo.")

    assert reload(mentorship).status == MS.CANCELLED
    assert mentorship.end_reason == "Cambié de trabajo."
    assert reload(request).status == RS.OPEN
    assert reload(offer).load == 0
    [news] = mailoutbox
    assert news.to == [mentee.email]
    assert "Cambié de trabajo." in readable(news)


def test_a_mentorship_cancelled_by_the_mentee_ends_their_request(
    run, mentee, mentor, offer, staff, mailoutbox
):
    request = make_request(mentee)
    mentorship = active_mentorship(run, request, offer, staff)
    mailoutbox.clear()

    run(services.cancel, mentorship=mentorship, actor=mentee, note="Ya no lo necesito.")

    assert reload(mentorship).status == MS.CANCELLED
    assert reload(request).status == RS.WITHDRAWN
    assert reload(offer).load == 0
    [news] = mailoutbox
    assert news.to == [mentor.user.email]


# Check-ins


def this_month():
    return timezone.localdate().replace(day=1)


def test_a_check_in_is_refused_on_a_mentorship_that_is_not_active(run, offer, staff):
    mentorship = propose(run, make_request(), offer, staff)
    with pytest.raises(MentoringRefused, match="ya no recibe seguimientos"):
        checkin_services.record_check_in(
            mentorship=mentorship, side="mentee", month=this_month(), text="Avance."
        )

    answer(run, mentorship, accept=True)
    services.complete(mentorship=mentorship, actor=None, note="Concluida.")
    with pytest.raises(MentoringRefused, match="ya no recibe seguimientos"):
        checkin_services.record_check_in(
            mentorship=mentorship, side="mentee", month=this_month(), text="Avance."
        )
    assert not CheckIn.objects.filter(mentorship=mentorship).exists()


def test_a_check_in_is_refused_for_a_month_outside_the_mentorship(run, offer, staff):
    mentorship = active_mentorship(run, make_request(), offer, staff)
    before = (this_month() - datetime.timedelta(days=1)).replace(day=1)
    after = (this_month() + datetime.timedelta(days=32)).replace(day=1)

    for month in (before, after, timezone.localdate().replace(day=15)):
        with pytest.raises(MentoringRefused, match="meses de la mentoría"):
            checkin_services.record_check_in(
                mentorship=mentorship, side="mentee", month=month, text="Avance."
            )
    assert not CheckIn.objects.filter(mentorship=mentorship).exists()


def test_both_sides_write_the_months_check_in_and_the_mentor_logs_hours(run, offer, staff):
    mentorship = active_mentorship(run, make_request(), offer, staff)

    checkin_services.record_check_in(
        mentorship=mentorship, side="mentee", month=this_month(), text="Terminé el plan."
    )
    check_in = checkin_services.record_check_in(
        mentorship=mentorship,
        side="mentor",
        month=this_month(),
        text="Buen avance.",
        hours=Decimal("1.5"),
    )

    check_in.refresh_from_db()
    assert CheckIn.objects.filter(mentorship=mentorship).count() == 1
    assert (check_in.progress, check_in.feedback) == ("Terminé el plan.", "Buen avance.")
    assert check_in.hours == Decimal("1.5")
    assert check_in.complete


def test_reminders_go_once_per_side_and_month(run, mentee, mentor, offer, staff, mailoutbox):
    mentorship = active_mentorship(run, make_request(mentee), offer, staff)
    next_month = (this_month() + datetime.timedelta(days=32)).replace(day=3)
    mailoutbox.clear()

    assert run(checkin_services.remind_check_ins, today=next_month) == 2

    assert sorted(message.to[0] for message in mailoutbox) == sorted(
        [mentee.email, mentor.user.email]
    )
    assert run(checkin_services.remind_check_ins, today=next_month) == 0
    assert len(mailoutbox) == 2
    check_in = CheckIn.objects.get(mentorship=mentorship, month=this_month())
    assert check_in.mentee_reminded_at and check_in.mentor_reminded_at


def test_a_side_that_wrote_its_check_in_is_not_reminded(run, mentor, offer, staff, mailoutbox):
    mentorship = active_mentorship(run, make_request(), offer, staff)
    checkin_services.record_check_in(
        mentorship=mentorship, side="mentee", month=this_month(), text="Avance del mes."
    )
    mailoutbox.clear()

    next_month = (this_month() + datetime.timedelta(days=32)).replace(day=3)
    assert run(checkin_services.remind_check_ins, today=next_month) == 1

    [reminder] = mailoutbox
    assert reminder.to == [mentor.user.email]


# Closing a request


def test_staff_close_a_request_with_a_note_the_mentee_receives(run, mentee, staff, mailoutbox):
    request = make_request(mentee)
    note = "No hay mentores disponibles en ese tema este semestre."

    run(services.close_request, request=request, actor=staff, note=note)

    request.refresh_from_db()
    assert request.status == RS.CLOSED
    assert request.closing_note == note
    [news] = mail_to(mailoutbox, mentee.email)
    assert note in readable(news)


def test_a_request_waiting_for_a_mentors_answer_cannot_be_closed(run, offer, staff):
    request = make_request()
    propose(run, request, offer, staff)

    with pytest.raises(MentoringRefused):
        services.close_request(request=request, actor=staff, note="Sin mentor.")
    assert reload(request).status == RS.PROPOSED


def test_closing_a_cohort_request_gives_its_place_to_the_next(run, staff):
    cohort = make_cohort(places=1)
    first = make_request(cohort=cohort)
    second = make_request(cohort=cohort)

    run(services.close_request, request=first, actor=staff, note="Fuera del perfil del grupo.")

    assert CohortPlace.objects.get(request=second).status == SeatStatus.OFFERED


def test_a_proposal_cancelled_by_staff_no_longer_waits_in_the_mentors_inbox(
    run, mentee, offer, staff
):
    """Staff may cancel a proposal before the mentor answers (the transitions allow it, and the
    relationship's page offers it to staff): its introduction request must end with it, or it
    stays pending for the mentor and counts against the mentee's requests waiting."""
    request = make_request(mentee)
    mentorship = propose(run, request, offer, staff)

    run(services.cancel, mentorship=mentorship, actor=staff, note="Nos equivocamos de mentor.")

    assert reload(mentorship).status == MS.CANCELLED
    assert reload(request).status == RS.OPEN
    assert reload(offer).load == 0
    assert introduction_of(mentorship).status == Intro.EXPIRED
