"""Trade and business-learning missions (/proyectos/misiones/): a delegation travelling to or from
Mexico on given dates, for one sector. Delegates register through the capacity and waitlist
engine (redtalentos.lib.capacity), ask each other and the mission's hosts for one-to-one
meetings, and the accepted meetings form each delegate's schedule without overlaps
(projects.missions checks it under a lock).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from redtalentos.lib.capacity import ACTIVE, SeatLog, SeatRequest, SeatStatus
from redtalentos.lib.workflows import Stateful, StatusChange, Workflow


class MissionKind(models.TextChoices):
    TRADE = "trade", _("Misión comercial")
    LEARNING = "learning", _("Misión de aprendizaje empresarial")


class MissionDirection(models.TextChoices):
    TO_MEXICO = "to_mexico", _("Hacia México")
    FROM_MEXICO = "from_mexico", _("Desde México")


class MissionStatus(models.TextChoices):
    DRAFT = "draft", _("Borrador")
    PUBLISHED = "published", _("Publicada")
    CANCELLED = "cancelled", _("Cancelada")


# A draft is published or dropped; a published mission can only be cancelled (people may have
# registered and planned their trip); a cancelled one stays so.
MISSION_TRANSITIONS = {
    MissionStatus.DRAFT: {MissionStatus.PUBLISHED, MissionStatus.CANCELLED},
    MissionStatus.PUBLISHED: {MissionStatus.CANCELLED},
}
MISSION_WORKFLOW = Workflow(
    MissionStatus,
    MISSION_TRANSITIONS,
    refused=_("Una misión «%(current)s» no puede pasar a «%(wanted)s»."),
    refusals={
        (MissionStatus.PUBLISHED, MissionStatus.DRAFT): _(
            "Una misión publicada ya no vuelve a borrador: quien se registró cuenta con ella. "
            "Si no se hará, cancélala."
        ),
        (MissionStatus.CANCELLED, MissionStatus.PUBLISHED): _(
            "Una misión cancelada no se vuelve a publicar: crea una nueva."
        ),
    },
)


class MissionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=MissionStatus.PUBLISHED)

    def upcoming(self, today=None):
        return self.filter(ends_on__gte=today or timezone.localdate())

    def past(self, today=None):
        return self.filter(ends_on__lt=today or timezone.localdate())


class Mission(Stateful, models.Model):
    Kind = MissionKind
    Direction = MissionDirection
    Status = MissionStatus
    workflow = MISSION_WORKFLOW

    slug = models.SlugField(_("identificador en URL"), max_length=90, unique=True)
    title = models.CharField(_("título"), max_length=200)
    kind = models.CharField(_("tipo"), max_length=10, choices=MissionKind.choices)
    direction = models.CharField(_("dirección"), max_length=12, choices=MissionDirection.choices)
    sector = models.ForeignKey(
        "pncs.Sector",
        verbose_name=_("sector"),
        on_delete=models.PROTECT,
        related_name="missions",
    )
    destination_city = models.CharField(_("ciudad de destino"), max_length=120)
    destination_country = CountryField(_("país de destino"))
    organiser = models.CharField(_("organizador"), max_length=200)
    starts_on = models.DateField(_("inicio"))
    ends_on = models.DateField(_("fin"))
    capacity = models.PositiveIntegerField(
        _("lugares"), null=True, blank=True, help_text=_("Vacío: sin límite.")
    )
    registration_closes_on = models.DateField(
        _("cierre del registro"), null=True, blank=True, help_text=_("Vacío: hasta el inicio.")
    )
    description = models.TextField(_("descripción"), max_length=6000, blank=True)
    status = models.CharField(
        _("estado"), max_length=10, choices=MissionStatus.choices, default=MissionStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("creada por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("creada"), auto_now_add=True)
    updated_at = models.DateTimeField(_("actualizada"), auto_now=True)

    objects = MissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("misión")
        verbose_name_plural = _("misiones")
        ordering = ["starts_on", "pk"]
        indexes = [models.Index(fields=["status", "ends_on"], name="projects_mission_listing")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="projects_mission_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(status__in=MissionStatus.values), name="projects_mission_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=MissionKind.values), name="projects_mission_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(direction__in=MissionDirection.values),
                name="projects_mission_direction_valid",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("projects:mission_detail", kwargs={"slug": self.slug})

    @property
    def closes_on(self):
        return self.registration_closes_on or self.starts_on

    def registration_open(self, today=None):
        today = today or timezone.localdate()
        return self.status == MissionStatus.PUBLISHED and today <= self.closes_on


class MissionChange(StatusChange):
    """One change of a mission's status; its creation on the site is the first row (from
    empty)."""

    mission = models.ForeignKey(
        Mission, verbose_name=_("misión"), on_delete=models.CASCADE, related_name="history"
    )
    from_status = models.CharField(
        _("de"), max_length=10, choices=MissionStatus.choices, blank=True
    )
    to_status = models.CharField(_("a"), max_length=10, choices=MissionStatus.choices)

    class Meta(StatusChange.Meta):
        verbose_name = _("cambio de estado de una misión")
        verbose_name_plural = _("cambios de estado de las misiones")


class DelegateQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=ACTIVE)

    def confirmed(self):
        return self.filter(status=SeatStatus.CONFIRMED)


class Delegate(SeatRequest):
    """A person's place in a mission's delegation: a seat request of the mission."""

    Status = SeatStatus
    holder_field = "mission"

    mission = models.ForeignKey(
        Mission, verbose_name=_("misión"), on_delete=models.CASCADE, related_name="delegates"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("persona"),
        on_delete=models.CASCADE,
        related_name="mission_delegations",
    )
    organisation = models.CharField(_("organización"), max_length=200)
    role = models.CharField(_("papel en la delegación"), max_length=120, blank=True)
    interests = models.TextField(_("intereses"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("creado"), auto_now_add=True)

    objects = DelegateQuerySet.as_manager()

    class Meta:
        verbose_name = _("delegado")
        verbose_name_plural = _("delegados")
        ordering = ["mission", "priority", "requested_at", "pk"]
        indexes = [
            models.Index(
                fields=["mission", "status", "priority", "requested_at"],
                name="projects_delegate_line",
            ),
            models.Index(fields=["status", "offer_expires_at"], name="projects_delegate_offers"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "user"], name="projects_delegate_once_per_mission"
            ),
            models.CheckConstraint(
                condition=Q(status__in=SeatStatus.values), name="projects_delegate_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=SeatStatus.OFFERED) | Q(offer_expires_at__isnull=False),
                name="projects_delegate_offer_has_expiry",
            ),
        ]

    def __str__(self):
        return f"{self.mission} · {self.user.get_full_name()}"

    def notify(self, action):
        from projects.missions import delegate_changed

        delegate_changed(self, action)

    @property
    def is_active(self):
        return self.status in ACTIVE


class DelegateLog(SeatLog):
    request = models.ForeignKey(
        Delegate, verbose_name=_("delegado"), on_delete=models.CASCADE, related_name="log"
    )

    class Meta(SeatLog.Meta):
        verbose_name = _("cambio de un delegado")
        verbose_name_plural = _("bitácora de delegados")


class MissionHost(models.Model):
    """An organisation that receives the mission; delegates may ask it for a meeting."""

    mission = models.ForeignKey(
        Mission, verbose_name=_("misión"), on_delete=models.CASCADE, related_name="hosts"
    )
    name = models.CharField(_("organización"), max_length=200)
    contact_name = models.CharField(_("persona de contacto"), max_length=200, blank=True)
    description = models.CharField(_("descripción"), max_length=400, blank=True)

    class Meta:
        verbose_name = _("anfitrión")
        verbose_name_plural = _("anfitriones")
        ordering = ["mission", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "name"], name="projects_missionhost_unique_name"
            )
        ]

    def __str__(self):
        return self.name


class MeetingStatus(models.TextChoices):
    REQUESTED = "requested", _("Solicitada")
    ACCEPTED = "accepted", _("Aceptada")
    DECLINED = "declined", _("Rechazada")
    CANCELLED = "cancelled", _("Cancelada")


class Meeting(models.Model):
    """A one-to-one meeting a delegate asks another delegate or a host for."""

    Status = MeetingStatus

    mission = models.ForeignKey(
        Mission, verbose_name=_("misión"), on_delete=models.CASCADE, related_name="meetings"
    )
    requester = models.ForeignKey(
        Delegate,
        verbose_name=_("solicitante"),
        on_delete=models.CASCADE,
        related_name="meetings_requested",
    )
    with_delegate = models.ForeignKey(
        Delegate,
        verbose_name=_("con el delegado"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="meetings_received",
    )
    with_host = models.ForeignKey(
        MissionHost,
        verbose_name=_("con el anfitrión"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="meetings",
    )
    starts_at = models.DateTimeField(_("inicio"))
    ends_at = models.DateTimeField(_("fin"))
    status = models.CharField(
        _("estado"),
        max_length=10,
        choices=MeetingStatus.choices,
        default=MeetingStatus.REQUESTED,
    )
    note = models.CharField(_("nota"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("creada"), auto_now_add=True)
    answered_at = models.DateTimeField(_("respondida"), null=True, blank=True)

    class Meta:
        verbose_name = _("reunión")
        verbose_name_plural = _("reuniones")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="projects_meeting_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(status__in=MeetingStatus.values), name="projects_meeting_status_valid"
            ),
            models.CheckConstraint(
                condition=(Q(with_delegate__isnull=False) & Q(with_host__isnull=True))
                | (Q(with_delegate__isnull=True) & Q(with_host__isnull=False)),
                name="projects_meeting_one_counterpart",
            ),
            models.CheckConstraint(
                condition=~Q(with_delegate=F("requester")),
                name="projects_meeting_not_with_oneself",
            ),
        ]

    def __str__(self):
        return f"{self.mission} · {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def counterpart_name(self):
        if self.with_host_id:
            return self.with_host.name
        return self.with_delegate.user.get_full_name()
