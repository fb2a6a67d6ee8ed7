"""Capacity and waitlist: the seats of a "holder" (an edition, a session, later a mission or a
mentoring cohort), given first come, first served within priority groups, and never oversold.

An app declares its seat requests as a subclass of `SeatRequest` (with a foreign key to the holder
named by `holder_field`) and their history as a subclass of `SeatLog` (with a foreign key `request`
to the requests, `related_name="log"`). Every change goes through the service functions below;
each locks the holder's row (SELECT ... FOR UPDATE) before it counts, so two requests for the last
seat are counted one after the other. Rows are always locked in one order — the larger holder, its
request, the smaller holder, its request (an edition, a registration, a session, a session
choice) — so two transactions never wait for each other.

A seat is held by a confirmed request and by an offer not yet answered. When a seat frees up it is
offered to the next in line (lowest priority group first, then arrival); the offer is valid for
settings.WAITLIST_OFFER_HOURS hours. Accepting takes the seat; expiry (`expire_offers`, run by a
scheduler) passes it on. Seats freed by a larger capacity are offered by that same run, so IME can
first promote someone by hand into them. A holder that is called off (`close`) cancels every
request it has and offers nothing.
"""

import datetime

from django.conf import settings
from django.db import models, transaction
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .workflows import Refused


class SeatStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmado")
    WAITLISTED = "waitlisted", _("En lista de espera")
    OFFERED = "offered", _("Lugar ofrecido")
    CANCELLED = "cancelled", _("Cancelado")
    EXPIRED = "expired", _("Oferta vencida")


class SeatAction(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmado al registrarse")
    WAITLISTED = "waitlisted", _("En lista de espera al registrarse")
    OFFERED = "offered", _("Lugar ofrecido")
    ACCEPTED = "accepted", _("Oferta aceptada")
    EXPIRED = "expired", _("Oferta vencida")
    PROMOTED = "promoted", _("Promovido a mano")
    CANCELLED = "cancelled", _("Cancelado")


NEW = ""  # a request that is not in the line yet
S = SeatStatus
# The allowed transitions, the only ones: action -> (the statuses it starts from, where it ends).
# A cancelled request or an expired offer may ask again: it joins the back of the line.
TRANSITIONS = {
    SeatAction.CONFIRMED: ({NEW, S.CANCELLED, S.EXPIRED}, S.CONFIRMED),
    SeatAction.WAITLISTED: ({NEW, S.CANCELLED, S.EXPIRED}, S.WAITLISTED),
    SeatAction.OFFERED: ({S.WAITLISTED}, S.OFFERED),
    SeatAction.ACCEPTED: ({S.OFFERED}, S.CONFIRMED),
    SeatAction.EXPIRED: ({S.OFFERED}, S.EXPIRED),
    SeatAction.PROMOTED: ({S.WAITLISTED, S.OFFERED}, S.CONFIRMED),
    SeatAction.CANCELLED: ({S.CONFIRMED, S.WAITLISTED, S.OFFERED}, S.CANCELLED),
}
HOLDING = (S.CONFIRMED, S.OFFERED)  # statuses that take a seat
ACTIVE = (S.CONFIRMED, S.OFFERED, S.WAITLISTED)

# Why a transition is refused, in the words of the person who asked for it.
_REFUSALS = {
    (SeatAction.ACCEPTED, S.EXPIRED): _(
        "La oferta ya venció y el lugar pasó a la siguiente persona en la fila."
    ),
    (SeatAction.ACCEPTED, S.CONFIRMED): _("Tu lugar ya está confirmado."),
    (SeatAction.ACCEPTED, S.WAITLISTED): _("Todavía no hay un lugar ofrecido para ti."),
    (SeatAction.ACCEPTED, S.CANCELLED): _("Este registro está cancelado."),
    (SeatAction.CANCELLED, S.CANCELLED): _("Este registro ya estaba cancelado."),
    (SeatAction.CANCELLED, S.EXPIRED): _("Esta oferta ya había vencido."),
    (SeatAction.PROMOTED, S.CONFIRMED): _("Este registro ya está confirmado."),
    (SeatAction.CONFIRMED, S.CONFIRMED): _("Ya tienes un lugar confirmado."),
    (SeatAction.WAITLISTED, S.WAITLISTED): _("Ya estás en la lista de espera."),
}


class SeatRefused(Refused):
    """A change of a seat request that the rules do not allow."""


def refusal(action, status):
    """The message for `action` refused from `status`."""
    message = _REFUSALS.get((action, status))
    if message is None:
        if action in (SeatAction.CONFIRMED, SeatAction.WAITLISTED) and status in ACTIVE:
            return gettext("Ya tienes un registro activo.")
        return gettext("No se puede «%(action)s» un registro en estado «%(status)s».") % {
            "action": SeatAction(action).label,
            "status": SeatStatus(status).label if status else gettext("nuevo"),
        }
    return str(message)


class SeatRequest(models.Model):
    """Someone's request for a seat of a holder. Subclasses add the foreign key to the holder
    (named by `holder_field`) and to the person, and may override `capacity_of`, `seats_of`,
    `takes_a_seat` and `notify`."""

    holder_field = None  # the name of the foreign key to the capacity holder

    status = models.CharField(_("estado"), max_length=12, choices=SeatStatus.choices)
    priority = models.PositiveSmallIntegerField(
        _("grupo de prioridad"), default=0, help_text=_("Menor número, antes en la fila.")
    )
    requested_at = models.DateTimeField(_("llegada a la fila"), default=timezone.now)
    offer_expires_at = models.DateTimeField(_("la oferta vence"), null=True, blank=True)
    decided_at = models.DateTimeField(_("último cambio de estado"), null=True, blank=True)

    class Meta:
        abstract = True

    # What an app may override.

    @classmethod
    def capacity_of(cls, holder):
        """The seats of `holder`; None for no limit."""
        return holder.capacity

    @classmethod
    def seats_of(cls, holder):
        """The requests of `holder` that count against its capacity when they hold a seat."""
        return cls._default_manager.filter(**{cls.holder_field: holder})

    def takes_a_seat(self):
        """False for a request that never needs a seat (e.g. attending online)."""
        return True

    def notify(self, action):
        """Called inside the transaction after each change; send mail with on_commit."""

    # The state machine.

    @property
    def holder(self):
        return getattr(self, self.holder_field)

    def can(self, action):
        froms, _to = TRANSITIONS[action]
        return (self.status or NEW) in froms

    def move(self, action, *, actor=None, now=None, note=""):
        """Applies `action` (a SeatAction) and logs it; raises SeatRefused when the table does not
        allow it from the current status. Callers hold the holder's lock (the services do)."""
        if action not in TRANSITIONS:
            raise SeatRefused(gettext("Acción desconocida."))
        froms, to = TRANSITIONS[action]
        previous = self.status or NEW
        if previous not in froms:
            raise SeatRefused(refusal(action, previous))
        now = now or timezone.now()
        self.status = to
        self.decided_at = now
        if action == SeatAction.OFFERED:
            self.offer_expires_at = now + datetime.timedelta(hours=settings.WAITLIST_OFFER_HOURS)
        elif to != S.EXPIRED:
            self.offer_expires_at = None
        if previous == NEW or action in (SeatAction.CONFIRMED, SeatAction.WAITLISTED):
            self.requested_at = now  # a new request, or one asked again, joins the back
        self.save()
        self.log.create(
            action=action,
            from_status=previous,
            to_status=to,
            actor=actor,
            note=note,
            created_at=now,
        )
        self.notify(action)
        return self


class SeatLog(models.Model):
    """One change of a seat request: who (empty for the system), when, from and to which status.
    Subclasses add `request = ForeignKey(<their SeatRequest>, related_name="log")`."""

    action = models.CharField(_("acción"), max_length=12, choices=SeatAction.choices)
    from_status = models.CharField(_("de"), max_length=12, choices=SeatStatus.choices, blank=True)
    to_status = models.CharField(_("a"), max_length=12, choices=SeatStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("quién"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Vacío: el sistema."),
    )
    note = models.CharField(_("nota"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("fecha"), default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()} · {self.created_at:%Y-%m-%d %H:%M}"


# Reading the line.


def line_order():
    return ("priority", "requested_at", "pk")


def holding_count(model, holder):
    return model.seats_of(holder).filter(status__in=HOLDING).count()


def free_seats(model, holder):
    """Seats of `holder` neither confirmed nor offered; None when it has no limit."""
    capacity = model.capacity_of(holder)
    if capacity is None:
        return None
    return max(capacity - holding_count(model, holder), 0)


def position(seat):
    """The place in line (1 = next) of a waitlisted request; None otherwise."""
    if seat.status != S.WAITLISTED:
        return None
    model = type(seat)
    ahead = (
        model.seats_of(seat.holder)
        .filter(status=S.WAITLISTED)
        .filter(
            models.Q(priority__lt=seat.priority)
            | models.Q(priority=seat.priority, requested_at__lt=seat.requested_at)
            | models.Q(priority=seat.priority, requested_at=seat.requested_at, pk__lt=seat.pk)
        )
        .count()
    )
    return ahead + 1


def with_place_in_line(queryset):
    """`queryset` of seat requests with `place_in_line` (1 = next; None unless waitlisted), in one
    query whatever the number of rows."""
    model = queryset.model
    ahead = (
        model.seats_of(models.OuterRef(model.holder_field))
        .filter(status=S.WAITLISTED)
        .filter(
            models.Q(priority__lt=models.OuterRef("priority"))
            | models.Q(
                priority=models.OuterRef("priority"),
                requested_at__lt=models.OuterRef("requested_at"),
            )
            | models.Q(
                priority=models.OuterRef("priority"),
                requested_at=models.OuterRef("requested_at"),
                pk__lt=models.OuterRef("pk"),
            )
        )
        .order_by()
        .values(model.holder_field)
        .annotate(ahead=models.Count("pk"))
        .values("ahead")
    )
    return queryset.annotate(
        place_in_line=models.Case(
            models.When(
                status=S.WAITLISTED,
                then=Coalesce(models.Subquery(ahead), 0) + 1,
            ),
            default=None,
            output_field=models.IntegerField(),
        )
    )


# The services: each in one transaction, the holder's row locked before any count.


def lock(holder):
    """Locks `holder`'s row until the transaction ends and returns it as it is now."""
    return type(holder)._default_manager.select_for_update(of=("self",)).get(pk=holder.pk)


def _locked_seat(seat):
    return type(seat)._default_manager.select_for_update(of=("self",)).get(pk=seat.pk)


def _offer_free_seats(model, holder, *, now):
    """Offers each free seat of `holder` (locked) to the next in line. Returns the offers."""
    free = free_seats(model, holder)
    waiting = model.seats_of(holder).filter(status=S.WAITLISTED).order_by(*line_order())
    if free is not None:
        if free <= 0:
            return []
        waiting = waiting[:free]
    offers = []
    for seat in waiting:
        offers.append(seat.move(SeatAction.OFFERED, now=now))
    return offers


def request_seat(*, seat, actor=None, now=None, locked_holder=None):
    """Puts `seat` (new, or cancelled/expired asking again) in the line: confirmed when a seat is
    free and nobody of its group or a better one waits, waitlisted otherwise.

    `locked_holder`: the holder as returned by `lock()` in the caller's transaction, when the
    caller locked it already (to check its own rules first); it is not locked a second time.
    Every statement here runs while the holder is locked and every registration waits for it, so
    there is no savepoint either: a refusal rolls back the caller's whole transaction."""
    with transaction.atomic(savepoint=False):
        holder = locked_holder if locked_holder is not None else lock(seat.holder)
        if seat.pk is not None:
            # The caller's instance carries its new details; the status is the one in the row.
            seat.status = _locked_seat(seat).status
        model = type(seat)
        action = SeatAction.CONFIRMED
        capacity = model.capacity_of(holder) if seat.takes_a_seat() else None
        if capacity is not None:
            # One query while the lock is held: seats taken, and whoever waits ahead of this one.
            counts = (
                model.seats_of(holder)
                .exclude(pk=seat.pk)
                .aggregate(
                    held=models.Count("pk", filter=models.Q(status__in=HOLDING)),
                    ahead=models.Count(
                        "pk",
                        filter=models.Q(status=S.WAITLISTED, priority__lte=seat.priority),
                    ),
                )
            )
            if counts["held"] >= capacity or counts["ahead"]:
                action = SeatAction.WAITLISTED
        return seat.move(action, actor=actor, now=now)


def cancel(*, seat, actor=None, now=None, note=""):
    """Cancels `seat`; a seat it held is offered to the next in line."""
    with transaction.atomic():
        holder = lock(seat.holder)
        seat = _locked_seat(seat)
        held = seat.status in HOLDING and seat.takes_a_seat()
        seat.move(SeatAction.CANCELLED, actor=actor, now=now, note=note)
        if held:
            _offer_free_seats(type(seat), holder, now=now or timezone.now())
        return seat


def close(*, holder, model, actor=None, now=None, note=""):
    """Cancels every active request of `holder` (locked by the caller), without offering the
    seats on: the holder itself is called off. Returns the requests cancelled, in line order."""
    now = now or timezone.now()
    seats = list(
        model.seats_of(holder)
        .filter(status__in=ACTIVE)
        .select_for_update(of=("self",))
        .order_by(*line_order())
    )
    for seat in seats:
        seat.move(SeatAction.CANCELLED, actor=actor, now=now, note=note)
    return seats


def accept_offer(*, seat, actor=None, now=None):
    """Takes the offered seat. An offer past its time expires here (and passes on) and the
    acceptance is refused."""
    now = now or timezone.now()
    with transaction.atomic():
        holder = lock(seat.holder)
        seat = _locked_seat(seat)
        late = seat.status == S.OFFERED and seat.offer_expires_at <= now
        if late:
            seat.move(SeatAction.EXPIRED, now=now)
            _offer_free_seats(type(seat), holder, now=now)
        else:
            seat.move(SeatAction.ACCEPTED, actor=actor, now=now)
    if late:
        raise SeatRefused(refusal(SeatAction.ACCEPTED, S.EXPIRED))
    return seat


def promote_by_hand(*, seat, actor, now=None, note=""):
    """IME confirms a waitlisted request out of turn, into a free seat only: never over capacity.
    An offered request already holds its seat and is simply confirmed."""
    with transaction.atomic():
        holder = lock(seat.holder)
        seat = _locked_seat(seat)
        if seat.status == S.WAITLISTED and seat.takes_a_seat():
            free = free_seats(type(seat), holder)
            if free is not None and free <= 0:
                raise SeatRefused(
                    gettext(
                        "No hay lugares libres. Para promover a esta persona, aumenta el cupo "
                        "primero: los lugares nuevos se pueden asignar a mano hasta la siguiente "
                        "revisión automática, que los ofrece en el orden de la fila."
                    )
                )
        return seat.move(SeatAction.PROMOTED, actor=actor, now=now, note=note)


def offer_free_seats(*, holder, model, now=None):
    """Offers the free seats of `holder` to the next in line (after a larger capacity)."""
    with transaction.atomic():
        holder = lock(holder)
        return _offer_free_seats(model, holder, now=now or timezone.now())


def expire_offers(*, model, now=None):
    """Expires every offer past its time and passes each seat on; then offers any other free
    seat to whoever waits. Idempotent: a second run finds nothing to do. Returns (expired,
    offered) counts."""
    now = now or timezone.now()
    field = model.holder_field
    holder_model = model._meta.get_field(field).related_model
    late = set(
        model._default_manager.filter(status=S.OFFERED, offer_expires_at__lte=now).values_list(
            f"{field}_id", flat=True
        )
    )
    waiting = set(
        model._default_manager.filter(status=S.WAITLISTED).values_list(f"{field}_id", flat=True)
    )
    expired = offered = 0
    for holder_id in sorted(late | waiting):  # one holder at a time, in a fixed order
        with transaction.atomic():
            holder = lock(holder_model(pk=holder_id))
            seats = (
                model.seats_of(holder)
                .filter(status=S.OFFERED, offer_expires_at__lte=now)
                .select_for_update(of=("self",))
                .order_by("pk")
            )
            for seat in seats:
                seat.move(SeatAction.EXPIRED, now=now)
                expired += 1
            offered += len(_offer_free_seats(model, holder, now=now))
    return expired, offered
