"""The capacity engine through Jornadas registrations: confirmed while seats last, then the line;
offers, acceptance, expiry passing the seat on, priority groups, manual promotion, and every
transition outside the table refused."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from jornadas.models import PriorityGroup, Registration, RegistrationLog
from redtalentos.lib import capacity
from redtalentos.lib.capacity import TRANSITIONS, SeatAction, SeatRefused, SeatStatus
from tests.conftest import make_member, make_pncs_staff

from .helpers import add_speaker, make_session, make_track
from .registration_helpers import make_open_edition, make_participant, register

pytestmark = pytest.mark.django_db


def statuses(edition):
    return list(
        Registration.objects.filter(edition=edition)
        .order_by("requested_at", "pk")
        .values_list("status", flat=True)
    )


def actions(registration):
    return list(registration.log.values_list("action", flat=True))


def test_seats_are_confirmed_until_full_then_the_line_begins(django_capture_on_commit_callbacks):
    edition = make_open_edition(capacity=2)
    with django_capture_on_commit_callbacks(execute=True):
        first, _second, third, fourth = (register(edition) for _ in range(4))
    assert statuses(edition) == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    assert capacity.position(third) == 1 and capacity.position(fourth) == 2
    assert capacity.position(first) is None
    subjects = [message.subject for message in mail.outbox]
    assert sum("confirmado" in subject for subject in subjects) == 2
    assert sum("lista de espera" in subject for subject in subjects) == 2


def test_online_attendance_never_waits(db):
    edition = make_open_edition(capacity=1, is_online=True)
    register(edition)
    online = register(edition, attendance="online")
    assert online.status == SeatStatus.CONFIRMED
    assert capacity.free_seats(Registration, edition) == 0


def test_a_cancellation_offers_the_seat_to_the_next_in_line(django_capture_on_commit_callbacks):
    edition = make_open_edition(capacity=1)
    first = register(edition)
    waiting = register(edition)
    with django_capture_on_commit_callbacks(execute=True):
        capacity.cancel(seat=first, actor=first.user)
    waiting.refresh_from_db()
    assert waiting.status == SeatStatus.OFFERED
    expected = timezone.now() + datetime.timedelta(hours=48)
    assert abs((waiting.offer_expires_at - expected).total_seconds()) < 60
    (offer,) = mail.outbox
    assert offer.to == [waiting.user.email] and "Se liberó un lugar" in offer.subject
    assert waiting.get_absolute_url() in offer.body
    # The offered seat is held: a newcomer waits.
    assert register(edition).status == SeatStatus.WAITLISTED
    capacity.accept_offer(seat=waiting, actor=waiting.user)
    waiting.refresh_from_db()
    assert waiting.status == SeatStatus.CONFIRMED and waiting.offer_expires_at is None
    assert actions(waiting) == ["waitlisted", "offered", "accepted"]


def test_an_expired_offer_passes_on_and_the_command_is_idempotent(
    django_capture_on_commit_callbacks,
):
    edition = make_open_edition(capacity=1)
    first, second, third = (register(edition) for _ in range(3))
    capacity.cancel(seat=first, actor=first.user)
    second.refresh_from_db()
    Registration.objects.filter(pk=second.pk).update(
        offer_expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("expire_offers", stdout=open("/dev/null", "w"))  # noqa: SIM115
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == SeatStatus.EXPIRED
    assert third.status == SeatStatus.OFFERED
    assert {message.to[0] for message in mail.outbox} == {second.user.email, third.user.email}
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("expire_offers", stdout=open("/dev/null", "w"))  # noqa: SIM115
    third.refresh_from_db()
    assert third.status == SeatStatus.OFFERED and not mail.outbox
    assert RegistrationLog.objects.filter(action="expired").count() == 1
    assert RegistrationLog.objects.filter(action="offered").count() == 2


def test_accepting_a_late_offer_expires_it_and_says_so(db):
    edition = make_open_edition(capacity=1)
    first, second, third = (register(edition) for _ in range(3))
    capacity.cancel(seat=first, actor=first.user)
    second.refresh_from_db()
    later = second.offer_expires_at + datetime.timedelta(seconds=1)
    with pytest.raises(SeatRefused, match="venció"):
        capacity.accept_offer(seat=second, actor=second.user, now=later)
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == SeatStatus.EXPIRED and third.status == SeatStatus.OFFERED


def test_priority_groups_order_the_line_before_arrival(db):
    edition = make_open_edition(capacity=1)
    make_track(edition)
    speaker = make_member("Sara Ponente")
    add_speaker(make_session(edition, edition.tracks.get()), speaker)
    register(edition)  # takes the only seat
    participant = register(edition, make_participant())
    member = register(edition, make_member("Mario Exterior").user)
    staff = register(edition, make_pncs_staff())
    on_stage = register(edition, speaker.user)
    order = [participant, member, staff, on_stage]
    assert [r.role for r in order] == ["participant", "member_abroad", "pncs_staff", "speaker"]
    assert [capacity.position(r) for r in order] == [4, 3, 2, 1]
    # IME puts participants first for this edition: newcomers follow the edition's groups.
    PriorityGroup.objects.create(edition=edition, role="participant", priority=0)
    late = register(edition, make_participant("Pedro Tardío"))
    assert late.priority == 0 and capacity.position(late) == 2


def test_promotion_by_hand_only_into_a_free_seat_and_logged(ime_admin):
    edition = make_open_edition(capacity=1)
    register(edition)
    waiting = register(edition)
    with pytest.raises(SeatRefused, match="No hay lugares libres"):
        capacity.promote_by_hand(seat=waiting, actor=ime_admin)
    assert Registration.objects.get(pk=waiting.pk).status == SeatStatus.WAITLISTED
    edition.capacity = 2
    edition.save()
    capacity.promote_by_hand(seat=waiting, actor=ime_admin, note="ponente suplente")
    entry = waiting.log.get(action=SeatAction.PROMOTED)
    assert (entry.from_status, entry.to_status) == ("waitlisted", "confirmed")
    assert entry.actor == ime_admin
    assert entry.note == "ponente suplente"


def test_a_larger_capacity_is_offered_by_the_next_run_in_line_order(db):
    edition = make_open_edition(capacity=1)
    register(edition)
    waiting = [register(edition) for _ in range(3)]
    edition.capacity = 3
    edition.save()
    assert capacity.expire_offers(model=Registration) == (0, 2)
    for registration in waiting:
        registration.refresh_from_db()
    assert [r.status for r in waiting] == ["offered", "offered", "waitlisted"]


@pytest.mark.parametrize("status", ["", *SeatStatus.values])
@pytest.mark.parametrize("action", SeatAction.values)
def test_every_transition_outside_the_table_is_refused(db, action, status):
    edition = make_open_edition()
    registration = Registration(edition=edition, user=make_participant(), status=status)
    if status:
        registration.offer_expires_at = timezone.now()
        registration.save()
    froms, to = TRANSITIONS[action]
    if status in froms:
        registration.move(action)
        assert registration.status == to
    else:
        with pytest.raises(SeatRefused) as refused:
            registration.move(action)
        assert str(refused.value)
        if registration.pk:
            assert Registration.objects.get(pk=registration.pk).status == status
            assert not registration.log.exists()
