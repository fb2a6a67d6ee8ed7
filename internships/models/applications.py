"""Students' ranked applications to postings, what hosts note on them and who read which CV;
APPLICATION_TRANSITIONS is the one table of allowed status changes."""

import datetime
from uuid import uuid4

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from members.models import Language
from redtalentos.lib.documents import private_storage, upload_to
from redtalentos.lib.workflows import Stateful, StatusChange, Workflow

from .cycles import Cycle
from .postings import Posting


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Borrador")
    SUBMITTED = "submitted", _("Enviada")
    IN_REVIEW = "in_review", _("En revisión")
    SHORTLISTED = "shortlisted", _("Preseleccionada")
    INTERVIEW = "interview", _("Entrevista")
    OFFER = "offer", _("Oferta")
    ACCEPTED = "accepted", _("Aceptada")
    NOT_SELECTED = "not_selected", _("No seleccionada")
    WITHDRAWN = "withdrawn", _("Retirada")


AS = ApplicationStatus
# The only changes an application's status may make. The host moves it through the stages; an
# offer comes from the approved matching run or, where the cycle allows, from the host directly;
# the student accepts it or declines it (withdrawn); an expired offer ends as not selected and a
# not-selected candidate may still receive an offer passed on from someone else. The student may
# withdraw at any time before the end.
APPLICATION_TRANSITIONS = {
    AS.DRAFT: {AS.SUBMITTED, AS.WITHDRAWN},
    AS.SUBMITTED: {
        AS.IN_REVIEW,
        AS.SHORTLISTED,
        AS.INTERVIEW,
        AS.OFFER,
        AS.NOT_SELECTED,
        AS.WITHDRAWN,
    },
    AS.IN_REVIEW: {AS.SHORTLISTED, AS.INTERVIEW, AS.OFFER, AS.NOT_SELECTED, AS.WITHDRAWN},
    AS.SHORTLISTED: {AS.IN_REVIEW, AS.INTERVIEW, AS.OFFER, AS.NOT_SELECTED, AS.WITHDRAWN},
    AS.INTERVIEW: {AS.SHORTLISTED, AS.OFFER, AS.NOT_SELECTED, AS.WITHDRAWN},
    AS.OFFER: {AS.ACCEPTED, AS.NOT_SELECTED, AS.WITHDRAWN},
    AS.ACCEPTED: {AS.WITHDRAWN},
    AS.NOT_SELECTED: {AS.OFFER},
    AS.WITHDRAWN: set(),
}
# Stages a host moves an application through by hand (the rest come from offers and students).
HOST_STAGES = (AS.IN_REVIEW, AS.SHORTLISTED, AS.INTERVIEW, AS.NOT_SELECTED)
# Applications that are still in the running (they count in the matching and for the host).
IN_PLAY = (AS.SUBMITTED, AS.IN_REVIEW, AS.SHORTLISTED, AS.INTERVIEW, AS.OFFER)
MAX_APPLICATIONS_PER_CYCLE = 3

_APPLICATION_REFUSALS = {
    (AS.WITHDRAWN, AS.WITHDRAWN): _("Esta postulación ya estaba retirada."),
    (AS.ACCEPTED, AS.ACCEPTED): _("Ya aceptaste esta oferta."),
    (AS.NOT_SELECTED, AS.ACCEPTED): _("La oferta ya venció o se cerró."),
    (AS.WITHDRAWN, AS.ACCEPTED): _("Esta postulación está retirada."),
    (AS.SUBMITTED, AS.SUBMITTED): _("Esta postulación ya fue enviada."),
}


APPLICATION_WORKFLOW = Workflow(
    ApplicationStatus,
    APPLICATION_TRANSITIONS,
    refused=_("Una postulación «%(current)s» no puede pasar a «%(wanted)s»."),
    refusals=_APPLICATION_REFUSALS,
)


class HostChoice(models.TextChoices):
    NONE = "none", _("Sin marcar")
    PRIMARY = "primary", _("Primera opción")
    ALTERNATE = "alternate", _("Alternativa")


class ApplicationQuerySet(models.QuerySet):
    def active(self):
        """Every application but the withdrawn ones (they hold a rank)."""
        return self.exclude(status=ApplicationStatus.WITHDRAWN)

    def in_play(self):
        return self.filter(status__in=IN_PLAY)

    def of_host(self, member):
        """Applications to the postings `member` hosts, drafts left out (students still write
        them)."""
        return self.filter(posting__host=member).exclude(status=ApplicationStatus.DRAFT)


class Application(Stateful, models.Model):
    """A student's application to one posting of a cycle, ranked 1 to 3 among their applications
    in that cycle. A withdrawn application gives up its rank (rank empty), so the student may
    rank another one in its place; the database refuses a 4th rank and two applications with the
    same rank (`internships.applications` locks the student's account row first, so that two
    requests get a message rather than an IntegrityError)."""

    Status = ApplicationStatus
    HostChoice = HostChoice

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    cycle = models.ForeignKey(
        Cycle, verbose_name=_("ciclo"), on_delete=models.PROTECT, related_name="applications"
    )
    posting = models.ForeignKey(
        Posting, verbose_name=_("plaza"), on_delete=models.PROTECT, related_name="applications"
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("estudiante"),
        on_delete=models.CASCADE,
        related_name="internship_applications",
    )
    rank = models.PositiveSmallIntegerField(
        _("preferencia"), null=True, blank=True, help_text=_("1 es la plaza que más quieres.")
    )
    motivation = models.TextField(_("motivación"), max_length=4000, blank=True)
    university = models.CharField(_("universidad"), max_length=200, blank=True)
    programme = models.CharField(_("carrera o programa"), max_length=200, blank=True)
    semester = models.PositiveSmallIntegerField(_("semestre"), null=True, blank=True)
    languages = ArrayField(
        models.CharField(max_length=5, choices=Language.choices),
        verbose_name=_("idiomas"),
        default=list,
        blank=True,
    )
    cv = models.FileField(
        _("currículum (PDF)"),
        upload_to=upload_to("internships/cv"),
        storage=private_storage,
        max_length=200,
        blank=True,
    )
    cv_size = models.PositiveIntegerField(_("tamaño del CV en bytes"), default=0)
    # The name the student's file had (cleaned): the stored name is random (upload_to).
    cv_filename = models.CharField(_("nombre del archivo del CV"), max_length=200, blank=True)
    # Accounts have no language of their own: the one the student last used here, for the
    # status emails (internships.applications).
    language = models.CharField(
        _("idioma de los avisos"), max_length=10, choices=settings.LANGUAGES, blank=True
    )
    status = models.CharField(
        _("estado"),
        max_length=12,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
    )
    host_rank = models.PositiveSmallIntegerField(
        _("lugar en la lista de la persona anfitriona"), null=True, blank=True
    )
    host_choice = models.CharField(
        _("marca de la persona anfitriona"),
        max_length=10,
        choices=HostChoice.choices,
        default=HostChoice.NONE,
    )
    offer_expires_at = models.DateTimeField(_("la oferta vence"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("enviada"), null=True, blank=True)
    decided_at = models.DateTimeField(_("último cambio de estado"), null=True, blank=True)
    created_at = models.DateTimeField(_("creada"), auto_now_add=True)
    updated_at = models.DateTimeField(_("actualizada"), auto_now=True)

    objects = ApplicationQuerySet.as_manager()
    workflow = APPLICATION_WORKFLOW

    class Meta:
        verbose_name = _("postulación")
        verbose_name_plural = _("postulaciones")
        ordering = ["cycle", "student", "rank", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ApplicationStatus.values),
                name="internships_application_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(rank__isnull=True)
                | Q(rank__gte=1, rank__lte=MAX_APPLICATIONS_PER_CYCLE),
                name="internships_application_rank_range",
            ),
            models.CheckConstraint(
                condition=Q(status=ApplicationStatus.WITHDRAWN) | Q(rank__isnull=False),
                name="internships_application_ranked_unless_withdrawn",
            ),
            models.CheckConstraint(
                condition=Q(host_choice__in=HostChoice.values),
                name="internships_application_host_choice_valid",
            ),
            models.CheckConstraint(
                condition=Q(host_rank__isnull=True) | Q(host_rank__gte=1),
                name="internships_application_host_rank_positive",
            ),
            models.CheckConstraint(
                condition=Q(semester__isnull=True) | Q(semester__gte=1, semester__lte=20),
                name="internships_application_semester_range",
            ),
            # Deferred, so that a student may swap two ranks in one transaction.
            models.UniqueConstraint(
                fields=["student", "cycle", "rank"],
                name="internships_application_one_per_rank",
                deferrable=models.Deferrable.DEFERRED,
            ),
            models.UniqueConstraint(
                fields=["student", "posting"], name="internships_application_once_per_posting"
            ),
        ]
        indexes = [
            models.Index(fields=["posting", "status"], name="internships_app_posting_idx"),
            models.Index(fields=["cycle", "status"], name="internships_app_cycle_idx"),
            models.Index(
                fields=["offer_expires_at"],
                condition=Q(status="offer"),
                name="internships_app_offer_due_idx",
            ),
        ]

    def __str__(self):
        return f"{self.student} → {self.posting}"

    def get_absolute_url(self):
        return reverse("internships:application_detail", kwargs={"uuid": self.uuid})

    @property
    def is_editable(self):
        return self.status == ApplicationStatus.DRAFT

    def move_to(self, wanted, *, actor, note="", now=None):
        """Changes the status along APPLICATION_TRANSITIONS and keeps it in the history; raises
        TransitionRefused otherwise. Withdrawing gives up the rank; an offer gets its expiry
        from the cycle (`offer_days`). The caller holds the row's lock and sends the mail."""
        self.workflow.check(self.status, wanted)
        now = now or timezone.now()
        self.decided_at = now
        if wanted == AS.SUBMITTED:
            self.submitted_at = now
        elif wanted == AS.WITHDRAWN:
            self.rank = None
        if wanted == AS.OFFER:
            self.offer_expires_at = now + datetime.timedelta(days=self.cycle.offer_days)
        elif wanted != AS.ACCEPTED:
            self.offer_expires_at = None
        self.workflow.move(self, wanted, actor=actor, note=note, at=now)
        return self


class ApplicationStatusChange(StatusChange):
    """One change of an application's status."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("postulación"),
        on_delete=models.CASCADE,
        related_name="history",
    )
    from_status = models.CharField(
        _("de"), max_length=12, choices=ApplicationStatus.choices, blank=True
    )
    to_status = models.CharField(_("a"), max_length=12, choices=ApplicationStatus.choices)

    class Meta(StatusChange.Meta):
        verbose_name = _("cambio de estado de una postulación")
        verbose_name_plural = _("cambios de estado de las postulaciones")

    def __str__(self):
        return f"{self.application} · {self.get_to_status_display()}"


class ApplicationNote(models.Model):
    """A private note on an application, seen only by the posting's host and IME (never by the
    student)."""

    application = models.ForeignKey(
        Application, verbose_name=_("postulación"), on_delete=models.CASCADE, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("autor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="internship_notes",
    )
    text = models.TextField(_("nota"), max_length=3000)
    created_at = models.DateTimeField(_("fecha"), auto_now_add=True)

    class Meta:
        verbose_name = _("nota privada de una postulación")
        verbose_name_plural = _("notas privadas de las postulaciones")
        ordering = ["application", "created_at", "pk"]

    def __str__(self):
        return gettext("Nota de %(when)s") % {"when": self.created_at}


class CVAccess(models.Model):
    """Each time a CV is fetched: who (empty once the account is gone), as what, when."""

    class Role(models.TextChoices):
        STUDENT = "student", _("La persona que se postula")
        HOST = "host", _("Persona anfitriona de la plaza")
        IME = "ime", _("IME")

    application = models.ForeignKey(
        Application, verbose_name=_("postulación"), on_delete=models.CASCADE, related_name="cv_log"
    )
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("quién"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="internship_cv_views",
    )
    role = models.CharField(_("como"), max_length=10, choices=Role.choices)
    viewed_at = models.DateTimeField(_("fecha"), default=timezone.now)

    class Meta:
        verbose_name = _("consulta de un CV")
        verbose_name_plural = _("consultas de CV")
        ordering = ["-viewed_at", "-pk"]
        indexes = [
            models.Index(fields=["application", "-viewed_at"], name="internships_cvaccess_idx"),
        ]

    def __str__(self):
        return f"{self.application} · {self.viewed_at:%Y-%m-%d %H:%M}"
