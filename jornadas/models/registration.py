"""Registration: a person's Registration for an edition and their SessionChoices (the personal
agenda) are seat requests of redtalentos.lib.capacity, with their logs and the edition's
PriorityGroups. A confirmed registration carries a check-in code (jornadas.checkin)."""

import secrets
from uuid import uuid4

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from redtalentos.lib.capacity import ACTIVE, SeatLog, SeatRequest, SeatStatus

from .agenda import Edition, Session


class Attendance(models.TextChoices):
    IN_PERSON = "in_person", _("Presencial")
    ONLINE = "online", _("En línea")


class PriorityRole(models.TextChoices):
    """Who a person is to an edition, for its priority groups (lower number, earlier in line)."""

    SPEAKER = "speaker", _("Ponentes")
    PNCS_STAFF = "pncs_staff", _("Personal de los PNCS")
    MEMBER_ABROAD = "member_abroad", _("Miembros en el exterior")
    PARTICIPANT = "participant", _("Participantes")


DEFAULT_PRIORITIES = {
    PriorityRole.SPEAKER: 0,
    PriorityRole.PNCS_STAFF: 1,
    PriorityRole.MEMBER_ABROAD: 2,
    PriorityRole.PARTICIPANT: 3,
}


class PriorityGroup(models.Model):
    """IME's order of the line for one edition: a role's group number (DEFAULT_PRIORITIES when
    the edition has no row for it)."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("edición"), on_delete=models.CASCADE, related_name="priority_groups"
    )
    role = models.CharField(_("quiénes"), max_length=20, choices=PriorityRole.choices)
    priority = models.PositiveSmallIntegerField(
        _("grupo"), help_text=_("Menor número, antes en la fila; el mismo número, por llegada.")
    )

    class Meta:
        verbose_name = _("grupo de prioridad")
        verbose_name_plural = _("grupos de prioridad")
        ordering = ["edition", "priority", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "role"], name="jornadas_prioritygroup_one_per_role"
            ),
            models.CheckConstraint(
                condition=Q(role__in=PriorityRole.values), name="jornadas_prioritygroup_role_valid"
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.priority}"


# 16 random bytes: 22 URL-safe characters, shown as a QR code at the door; nobody can guess one.
CHECKIN_CODE_BYTES = 16


def new_checkin_code():
    return secrets.token_urlsafe(CHECKIN_CODE_BYTES)


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=ACTIVE)

    def checked_in(self):
        return self.filter(checked_in_at__isnull=False)


class Registration(SeatRequest):
    """A person's registration for an edition: a seat request of the edition (in-person
    attendance counts against its capacity; online attendance always has a place).

    The travel needs, dietary and accessibility needs are personal data for IME's logistics only:
    no page shows them to PNCS staff or other members.
    """

    Status = SeatStatus
    holder_field = "edition"

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    edition = models.ForeignKey(
        Edition, verbose_name=_("edición"), on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("persona"),
        on_delete=models.CASCADE,
        related_name="jornadas_registrations",
    )
    role = models.CharField(
        _("papel en la fila"), max_length=20, choices=PriorityRole.choices, blank=True
    )
    attendance = models.CharField(
        _("asistencia"), max_length=10, choices=Attendance.choices, default=Attendance.IN_PERSON
    )
    arrives_on = models.DateField(_("llegada"), null=True, blank=True)
    departs_on = models.DateField(_("salida"), null=True, blank=True)
    needs_invitation_letter = models.BooleanField(
        _("necesita carta de invitación para la visa"), default=False
    )
    dietary_needs = models.CharField(_("necesidades de alimentación"), max_length=300, blank=True)
    accessibility_needs = models.CharField(
        _("necesidades de accesibilidad"), max_length=300, blank=True
    )
    # Given the first time the seat is confirmed (save) and kept after: a cancelled person's code
    # is then recognised at the door and refused as cancelled, not as unknown.
    checkin_code = models.CharField(
        _("código de registro de asistencia"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        editable=False,
    )
    checked_in_at = models.DateTimeField(
        _("asistencia registrada"), null=True, blank=True, editable=False
    )
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asistencia registrada por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("creado"), auto_now_add=True)
    updated_at = models.DateTimeField(_("actualizado"), auto_now=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registro")
        verbose_name_plural = _("registros")
        ordering = ["edition", "priority", "requested_at", "pk"]
        indexes = [
            models.Index(
                fields=["edition", "status", "priority", "requested_at"],
                name="jornadas_registration_line",
            ),
            models.Index(
                fields=["status", "offer_expires_at"], name="jornadas_registration_offers"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "user"], name="jornadas_registration_once_per_edition"
            ),
            models.CheckConstraint(
                condition=Q(status__in=SeatStatus.values), name="jornadas_registration_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(attendance__in=Attendance.values),
                name="jornadas_registration_attendance_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status=SeatStatus.OFFERED) | Q(offer_expires_at__isnull=False),
                name="jornadas_registration_offer_has_expiry",
            ),
            models.CheckConstraint(
                condition=Q(departs_on__isnull=True)
                | Q(arrives_on__isnull=True)
                | Q(departs_on__gte=F("arrives_on")),
                name="jornadas_registration_departs_after_arrives",
            ),
            models.CheckConstraint(
                condition=Q(checked_in_at__isnull=True) | Q(checkin_code__isnull=False),
                name="jornadas_registration_checked_in_with_a_code",
            ),
        ]

    def __str__(self):
        return f"{self.edition} · {self.user.get_full_name()}"

    def save(self, *args, **kwargs):
        if self.status == SeatStatus.CONFIRMED and not self.checkin_code:
            self.checkin_code = new_checkin_code()
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "checkin_code"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(
            "jornadas:registration_detail", kwargs={"slug": self.edition.slug, "uuid": self.uuid}
        )

    @classmethod
    def seats_of(cls, holder):
        return cls.objects.filter(edition=holder, attendance=Attendance.IN_PERSON)

    def takes_a_seat(self):
        return self.attendance == Attendance.IN_PERSON

    def notify(self, action):
        from ..notifications import registration_changed

        registration_changed(self, action)

    @property
    def is_active(self):
        return self.status in ACTIVE


class RegistrationLog(SeatLog):
    request = models.ForeignKey(
        Registration, verbose_name=_("registro"), on_delete=models.CASCADE, related_name="log"
    )

    class Meta(SeatLog.Meta):
        verbose_name = _("cambio de un registro")
        verbose_name_plural = _("bitácora de registros")


class SessionChoice(SeatRequest):
    """A session in a registered person's agenda: a seat request of the session, whose capacity
    is its own or its room's (none: no limit)."""

    Status = SeatStatus
    holder_field = "session"

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registro"),
        on_delete=models.CASCADE,
        related_name="session_choices",
    )
    session = models.ForeignKey(
        Session, verbose_name=_("sesión"), on_delete=models.CASCADE, related_name="choices"
    )
    created_at = models.DateTimeField(_("creada"), auto_now_add=True)

    class Meta:
        verbose_name = _("sesión elegida")
        verbose_name_plural = _("sesiones elegidas")
        ordering = ["session__starts_at", "pk"]
        indexes = [
            models.Index(
                fields=["session", "status", "priority", "requested_at"],
                name="jornadas_choice_line",
            ),
            models.Index(fields=["status", "offer_expires_at"], name="jornadas_choice_offers"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "session"], name="jornadas_choice_once_per_session"
            ),
            models.CheckConstraint(
                condition=Q(status__in=SeatStatus.values), name="jornadas_choice_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=SeatStatus.OFFERED) | Q(offer_expires_at__isnull=False),
                name="jornadas_choice_offer_has_expiry",
            ),
        ]

    def __str__(self):
        return f"{self.session} · {self.registration.user.get_full_name()}"

    @classmethod
    def capacity_of(cls, holder):
        return session_capacity(holder)

    @classmethod
    def seats_of(cls, holder):
        return cls.objects.filter(session=holder, registration__attendance=Attendance.IN_PERSON)

    def takes_a_seat(self):
        return self.registration.attendance == Attendance.IN_PERSON

    def notify(self, action):
        from ..notifications import session_choice_changed

        session_choice_changed(self, action)


def session_capacity(session):
    """A session's seats: its own capacity, else its room's; None for no limit."""
    if session.capacity is not None:
        return session.capacity
    if session.room_id is not None:
        return session.room.capacity
    return None


class SessionChoiceLog(SeatLog):
    request = models.ForeignKey(
        SessionChoice,
        verbose_name=_("sesión elegida"),
        on_delete=models.CASCADE,
        related_name="log",
    )

    class Meta(SeatLog.Meta):
        verbose_name = _("cambio de una sesión elegida")
        verbose_name_plural = _("bitácora de sesiones elegidas")
