"""Internships (pasantías): a cycle with its milestone dates, the places members abroad post at
their organisations, students' ranked applications, the matching runs IME reviews, placements
and their evaluations.

Three state machines are written here once, each a table `from -> allowed destinations`:
POSTING_TRANSITIONS (review before publication), APPLICATION_TRANSITIONS (what a student sees)
and PLACEMENT_TRANSITIONS (the internship itself).
`Posting.move_to` and `Application.move_to` refuse every other change with a message
(TransitionRefused) and keep each change in their history; the services lock the row first and
send the mail after the commit.
"""

import datetime
from uuid import uuid4

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from members.models import Language
from redtalentos.lib.documents import private_storage, upload_to


def _in_english():
    return (get_language() or "").startswith("en")


class TransitionRefused(Exception):
    """A change the table does not allow; `str()` says why, for the person who asked."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


# Cycles


class CycleStage(models.TextChoices):
    """Where a cycle is on a given day, from its milestone dates."""

    UPCOMING = "upcoming", _("Próximo")
    POSTINGS = "postings", _("Recibiendo plazas")
    APPLICATIONS = "applications", _("Postulaciones abiertas")
    REVIEW = "review", _("Revisión de postulaciones")
    OFFERS = "offers", _("Selección y ofertas")
    PREPARATION = "preparation", _("Preparación de las estancias")
    PLACEMENT = "placement", _("Estancias en curso")
    FINISHED = "finished", _("Concluido")


def default_offer_days():
    return settings.INTERNSHIP_OFFER_DAYS


class CycleQuerySet(models.QuerySet):
    def visible(self, today=None):
        """Cycles whose published postings are listed: postings open and placements not over."""
        today = today or timezone.localdate()
        return self.filter(postings_open__lte=today, placement_end__gte=today)

    def accepting_postings(self, today=None):
        """Cycles in which a host may still post a place (until applications close)."""
        today = today or timezone.localdate()
        return self.filter(applications_close__gte=today)

    def accepting_applications(self, today=None):
        today = today or timezone.localdate()
        return self.filter(applications_open__lte=today, applications_close__gte=today)


class Cycle(models.Model):
    """One round of internships (e.g. "Verano 2027") and its milestones, in order. Dates are days
    in the portal's time zone; a milestone's day is included in the stage it opens or closes."""

    Stage = CycleStage

    name = models.CharField(_("nombre"), max_length=120, unique=True)
    name_en = models.CharField(_("nombre en inglés"), max_length=120, blank=True)
    slug = models.SlugField(_("identificador en URL"), max_length=80, unique=True)
    description = models.TextField(_("descripción"), max_length=5000, blank=True)
    postings_open = models.DateField(
        _("apertura de plazas"), help_text=_("Desde este día se publican las plazas aprobadas.")
    )
    applications_open = models.DateField(_("apertura de postulaciones"))
    applications_close = models.DateField(
        _("cierre de postulaciones"), help_text=_("Último día para enviar una postulación.")
    )
    selection_on = models.DateField(
        _("selección"), help_text=_("Día en que IME corre la asignación y salen las ofertas.")
    )
    offers_until = models.DateField(_("fin de las ofertas"))
    offer_days = models.PositiveSmallIntegerField(
        _("días para responder una oferta"), default=default_offer_days
    )
    placement_start = models.DateField(_("inicio de las estancias"))
    placement_end = models.DateField(_("fin de las estancias"))
    allow_direct_offers = models.BooleanField(
        _("ofertas directas"),
        default=False,
        help_text=_("Las personas anfitrionas pueden ofrecer una plaza sin esperar la asignación."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("creado por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="internship_cycles_created",
    )
    created_at = models.DateTimeField(_("creado"), auto_now_add=True)

    objects = CycleQuerySet.as_manager()

    class Meta:
        verbose_name = _("ciclo de pasantías")
        verbose_name_plural = _("ciclos de pasantías")
        ordering = ["-applications_open", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(applications_open__gte=models.F("postings_open"))
                & Q(applications_close__gte=models.F("applications_open"))
                & Q(selection_on__gte=models.F("applications_close"))
                & Q(offers_until__gte=models.F("selection_on"))
                & Q(placement_start__gte=models.F("offers_until"))
                & Q(placement_end__gte=models.F("placement_start")),
                name="internships_cycle_milestones_in_order",
            ),
            models.CheckConstraint(
                condition=Q(offer_days__gte=1, offer_days__lte=60),
                name="internships_cycle_offer_days_range",
            ),
        ]
        indexes = [
            models.Index(
                fields=["postings_open", "placement_end"], name="internships_cycle_window_idx"
            ),
        ]

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("internships:cycle_detail", kwargs={"slug": self.slug})

    @property
    def display_name(self):
        return self.name_en if _in_english() and self.name_en else self.name

    # The milestones in the order they must come (equal days allowed), as the constraint says.
    MILESTONE_ORDER = [
        "postings_open",
        "applications_open",
        "applications_close",
        "selection_on",
        "offers_until",
        "placement_start",
        "placement_end",
    ]

    def clean(self):
        """Names the first milestone out of order (the admin's form shows it on its field)."""
        super().clean()
        previous = None
        for name in self.MILESTONE_ORDER:
            day = getattr(self, name)
            if day is None:
                return
            if previous is not None and day < getattr(self, previous):
                raise ValidationError(
                    {
                        name: gettext("Esta fecha no puede ser anterior a «%(before)s».")
                        % {"before": self._meta.get_field(previous).verbose_name}
                    }
                )
            previous = name

    def milestones(self):
        """(label, first day) of each stage after "upcoming", in order, for the pages."""
        return [
            (CycleStage.POSTINGS, self.postings_open),
            (CycleStage.APPLICATIONS, self.applications_open),
            (CycleStage.REVIEW, self.applications_close + datetime.timedelta(days=1)),
            (CycleStage.OFFERS, self.selection_on),
            (CycleStage.PREPARATION, self.offers_until + datetime.timedelta(days=1)),
            (CycleStage.PLACEMENT, self.placement_start),
            (CycleStage.FINISHED, self.placement_end + datetime.timedelta(days=1)),
        ]

    def stage_on(self, today):
        """The stage on `today`: the last milestone whose first day has come."""
        current = CycleStage.UPCOMING
        for stage, first_day in self.milestones():
            if today >= first_day:
                current = stage
        return current

    @property
    def stage(self):
        return self.stage_on(timezone.localdate())

    def accepts_applications(self, today=None):
        today = today or timezone.localdate()
        return self.applications_open <= today <= self.applications_close

    def accepts_postings(self, today=None):
        today = today or timezone.localdate()
        return today <= self.applications_close


# Postings


class PostingStatus(models.TextChoices):
    DRAFT = "draft", _("Borrador")
    SUBMITTED = "submitted", _("En revisión")
    APPROVED = "approved", _("Publicada")
    RETURNED = "returned", _("Devuelta con comentarios")
    CLOSED = "closed", _("Cerrada")


PS = PostingStatus
# The only changes a posting's status may make. Approval publishes; closing takes it off the list.
POSTING_TRANSITIONS = {
    PS.DRAFT: {PS.SUBMITTED},
    PS.SUBMITTED: {PS.APPROVED, PS.RETURNED},
    PS.RETURNED: {PS.SUBMITTED},
    PS.APPROVED: {PS.CLOSED},
    PS.CLOSED: set(),
}
POSTING_EDITABLE = (PS.DRAFT, PS.RETURNED)  # the host may change the text


def posting_refusal(current, wanted):
    """Why a posting cannot go from `current` to `wanted`, or None when it can."""
    if wanted in POSTING_TRANSITIONS.get(current, set()):
        return None
    return gettext("Una plaza «%(current)s» no puede pasar a «%(wanted)s».") % {
        "current": PostingStatus(current).label,
        "wanted": PostingStatus(wanted).label,
    }


class PostingQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=PostingStatus.APPROVED)

    def listed(self, today=None):
        """Published postings of the cycles whose postings are shown today."""
        return self.published().filter(cycle__in=Cycle.objects.visible(today))

    def awaiting_review(self):
        return self.filter(status=PostingStatus.SUBMITTED)


class Posting(models.Model):
    """A place a member abroad offers at their organisation for one cycle. PNCS staff of one of
    its sectors review it before it is published."""

    Status = PostingStatus

    cycle = models.ForeignKey(
        Cycle, verbose_name=_("ciclo"), on_delete=models.PROTECT, related_name="postings"
    )
    # Empty once the host's profile is deleted: students' applications to it stay theirs
    # (internships.personal_data closes the posting).
    host = models.ForeignKey(
        "members.Member",
        verbose_name=_("persona anfitriona"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="internship_postings",
    )
    title = models.CharField(_("título"), max_length=200)
    slug = models.SlugField(_("identificador en URL"), max_length=100, unique=True)
    organisation = models.CharField(_("organización"), max_length=160)
    city = models.CharField(_("ciudad"), max_length=120, blank=True)
    country = CountryField(_("país"), blank=True)
    remote = models.BooleanField(_("a distancia"), default=False)
    duration_weeks = models.PositiveSmallIntegerField(_("duración en semanas"))
    seats = models.PositiveSmallIntegerField(_("plazas"), default=1)
    sectors = models.ManyToManyField(
        "pncs.Sector", verbose_name=_("sectores"), related_name="internship_postings"
    )
    skills = models.ManyToManyField(
        "members.Skill",
        verbose_name=_("habilidades buscadas"),
        blank=True,
        related_name="internship_postings",
    )
    languages = ArrayField(
        models.CharField(max_length=5, choices=Language.choices),
        verbose_name=_("idiomas"),
        default=list,
        blank=True,
    )
    stipend = models.BooleanField(_("apoyo económico"), default=False)
    lodging = models.BooleanField(_("alojamiento"), default=False)
    visa_letter = models.BooleanField(_("carta para la visa"), default=False)
    support_note = models.CharField(
        _("detalles del apoyo"),
        max_length=300,
        blank=True,
        help_text=_("Por ejemplo, el monto mensual o el tipo de alojamiento."),
    )
    description = models.TextField(_("descripción"), max_length=5000)
    learning_outcomes = models.TextField(_("qué aprenderá la persona"), max_length=3000)
    # Accounts have no language of their own: the one the host last used writing the posting,
    # for the review emails (internships.postings).
    language = models.CharField(
        _("idioma de los avisos"), max_length=10, choices=settings.LANGUAGES, blank=True
    )
    status = models.CharField(
        _("estado"), max_length=10, choices=PostingStatus.choices, default=PostingStatus.DRAFT
    )
    review_comment = models.TextField(
        _("comentario de la revisión"),
        max_length=3000,
        blank=True,
        help_text=_("Lo que la persona anfitriona debe cambiar antes de volver a enviarla."),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revisada por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="internship_postings_reviewed",
    )
    reviewed_at = models.DateTimeField(_("revisada"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("enviada a revisión"), null=True, blank=True)
    published_at = models.DateTimeField(_("publicada"), null=True, blank=True)
    created_at = models.DateTimeField(_("creada"), auto_now_add=True)
    updated_at = models.DateTimeField(_("actualizada"), auto_now=True)

    objects = PostingQuerySet.as_manager()

    class Meta:
        verbose_name = _("plaza de pasantía")
        verbose_name_plural = _("plazas de pasantía")
        ordering = ["-published_at", "-created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=PostingStatus.values),
                name="internships_posting_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(seats__gte=1, seats__lte=50), name="internships_posting_seats_range"
            ),
            models.CheckConstraint(
                condition=Q(duration_weeks__gte=1, duration_weeks__lte=104),
                name="internships_posting_duration_range",
            ),
            models.CheckConstraint(
                condition=Q(remote=True) | ~Q(country=""),
                name="internships_posting_place_known",
            ),
            models.CheckConstraint(
                condition=~Q(status=PostingStatus.APPROVED) | Q(published_at__isnull=False),
                name="internships_posting_published_dated",
            ),
        ]
        indexes = [
            # The public list: published postings of a cycle in its order (-published_at, -pk),
            # and the countries offered in its filter.
            models.Index(
                fields=["cycle", "-published_at", "-id"],
                condition=Q(status="approved"),
                name="internships_post_list_idx",
            ),
            models.Index(
                fields=["cycle", "country"],
                condition=Q(status="approved"),
                name="internships_post_country_idx",
            ),
            models.Index(
                fields=["cycle"],
                condition=Q(status="approved", remote=True),
                name="internships_post_remote_idx",
            ),
            models.Index(
                fields=["cycle"],
                condition=Q(status="approved", stipend=True),
                name="internships_post_stipend_idx",
            ),
            models.Index(
                fields=["cycle"],
                condition=Q(status="approved", lodging=True),
                name="internships_post_lodging_idx",
            ),
            models.Index(
                fields=["cycle"],
                condition=Q(status="approved", visa_letter=True),
                name="internships_post_visa_idx",
            ),
            GinIndex(fields=["languages"], name="internships_post_lang_idx"),
            # The list's search: icontains is UPPER(column) LIKE '%WORD%' on these three.
            GinIndex(
                OpClass(Upper("title"), name="gin_trgm_ops"),
                OpClass(Upper("organisation"), name="gin_trgm_ops"),
                OpClass(Upper("description"), name="gin_trgm_ops"),
                condition=Q(status="approved"),
                name="internships_post_search_idx",
            ),
            models.Index(fields=["host", "-created_at"], name="internships_post_host_idx"),
        ]

    def __str__(self):
        return f"{self.title} · {self.organisation}"

    def get_absolute_url(self):
        return reverse("internships:posting_detail", kwargs={"slug": self.slug})

    @property
    def is_published(self):
        return self.status == PostingStatus.APPROVED

    @property
    def is_editable(self):
        return self.status in POSTING_EDITABLE

    def allowed_statuses(self):
        allowed = POSTING_TRANSITIONS.get(self.status, set())
        return [status for status in PostingStatus if status in allowed]

    def move_to(self, wanted, *, actor, comment="", now=None):
        """Changes the status along POSTING_TRANSITIONS and keeps it in the history; raises
        TransitionRefused otherwise. The caller holds the row's lock and sends the mail."""
        refusal = posting_refusal(self.status, wanted)
        if refusal:
            raise TransitionRefused(refusal)
        now = now or timezone.now()
        previous, self.status = self.status, wanted
        if wanted == PS.SUBMITTED:
            self.submitted_at = now
        elif wanted in (PS.APPROVED, PS.RETURNED):
            self.reviewed_by, self.reviewed_at, self.review_comment = actor, now, comment
            if wanted == PS.APPROVED:
                self.published_at = now
        self.save()
        self.status_changes.create(
            actor=actor, from_status=previous, to_status=wanted, comment=comment, created_at=now
        )
        return self


class PostingStatusChange(models.Model):
    """One change of a posting's status: who, from, to, the reviewer's comment, when."""

    posting = models.ForeignKey(
        Posting, verbose_name=_("plaza"), on_delete=models.CASCADE, related_name="status_changes"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("quién"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="internship_posting_changes",
    )
    from_status = models.CharField(
        _("de"), max_length=10, choices=PostingStatus.choices, blank=True
    )
    to_status = models.CharField(_("a"), max_length=10, choices=PostingStatus.choices)
    comment = models.TextField(_("comentario"), max_length=3000, blank=True)
    created_at = models.DateTimeField(_("fecha"), default=timezone.now)

    class Meta:
        verbose_name = _("cambio de estado de una plaza")
        verbose_name_plural = _("cambios de estado de las plazas")
        ordering = ["posting", "created_at", "pk"]

    def __str__(self):
        return f"{self.posting} · {self.get_to_status_display()}"


# Applications


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


def application_refusal(current, wanted):
    """Why an application cannot go from `current` to `wanted`, or None when it can."""
    if wanted in APPLICATION_TRANSITIONS.get(current, set()):
        return None
    message = _APPLICATION_REFUSALS.get((current, wanted))
    if message:
        return str(message)
    return gettext("Una postulación «%(current)s» no puede pasar a «%(wanted)s».") % {
        "current": ApplicationStatus(current).label,
        "wanted": ApplicationStatus(wanted).label,
    }


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


class Application(models.Model):
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

    def allowed_statuses(self):
        allowed = APPLICATION_TRANSITIONS.get(self.status, set())
        return [status for status in ApplicationStatus if status in allowed]

    def can_become(self, wanted):
        return application_refusal(self.status, wanted) is None

    def move_to(self, wanted, *, actor, note="", now=None):
        """Changes the status along APPLICATION_TRANSITIONS and keeps it in the history; raises
        TransitionRefused otherwise. Withdrawing gives up the rank; an offer gets its expiry
        from the cycle (`offer_days`). The caller holds the row's lock and sends the mail."""
        refusal = application_refusal(self.status, wanted)
        if refusal:
            raise TransitionRefused(refusal)
        now = now or timezone.now()
        previous, self.status = self.status, wanted
        self.decided_at = now
        if wanted == AS.SUBMITTED:
            self.submitted_at = now
        elif wanted == AS.WITHDRAWN:
            self.rank = None
        if wanted == AS.OFFER:
            self.offer_expires_at = now + datetime.timedelta(days=self.cycle.offer_days)
        elif wanted != AS.ACCEPTED:
            self.offer_expires_at = None
        self.save()
        self.status_changes.create(
            actor=actor, from_status=previous, to_status=wanted, note=note, created_at=now
        )
        return self


class ApplicationStatusChange(models.Model):
    """One change of an application's status: who (empty for the system), from, to, when."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("postulación"),
        on_delete=models.CASCADE,
        related_name="status_changes",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("quién"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="internship_application_changes",
        help_text=_("Vacío: el sistema."),
    )
    from_status = models.CharField(
        _("de"), max_length=12, choices=ApplicationStatus.choices, blank=True
    )
    to_status = models.CharField(_("a"), max_length=12, choices=ApplicationStatus.choices)
    note = models.CharField(_("nota"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("fecha"), default=timezone.now)

    class Meta:
        verbose_name = _("cambio de estado de una postulación")
        verbose_name_plural = _("cambios de estado de las postulaciones")
        ordering = ["application", "created_at", "pk"]

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


# Selection


class MatchingStatus(models.TextChoices):
    DRAFT = "draft", _("Por revisar")
    APPROVED = "approved", _("Aprobada")
    DISCARDED = "discarded", _("Descartada")


class MatchingRun(models.Model):
    """One run of the student-proposing deferred acceptance over a cycle: the inputs it read
    (students' ranks, hosts' ranks, seats) and the result, kept as they were. IME reviews a draft
    and approves it (the offers go out then) or discards it; a cycle has at most one approved
    run."""

    Status = MatchingStatus

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    cycle = models.ForeignKey(
        Cycle, verbose_name=_("ciclo"), on_delete=models.PROTECT, related_name="matching_runs"
    )
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("corrida por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="internship_matching_runs",
    )
    created_at = models.DateTimeField(_("fecha"), default=timezone.now)
    inputs = models.JSONField(_("datos de entrada"), default=dict)
    result = models.JSONField(_("resultado"), default=dict)
    status = models.CharField(
        _("estado"), max_length=10, choices=MatchingStatus.choices, default=MatchingStatus.DRAFT
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aprobada por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="internship_matching_approvals",
    )
    approved_at = models.DateTimeField(_("aprobada"), null=True, blank=True)

    class Meta:
        verbose_name = _("asignación")
        verbose_name_plural = _("asignaciones")
        ordering = ["cycle", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=MatchingStatus.values),
                name="internships_matchingrun_status_valid",
            ),
            models.UniqueConstraint(
                fields=["cycle"],
                condition=Q(status="approved"),
                name="internships_matchingrun_one_approved",
            ),
        ]

    def __str__(self):
        return gettext("Asignación de %(cycle)s, %(when)s") % {
            "cycle": self.cycle,
            "when": timezone.localtime(self.created_at).strftime("%Y-%m-%d %H:%M"),
        }


# Placement and outcome


class PlacementStatus(models.TextChoices):
    PLANNED = "planned", _("Por iniciar")
    IN_PROGRESS = "in_progress", _("En curso")
    COMPLETED = "completed", _("Concluida")
    CANCELLED = "cancelled", _("Cancelada")


PL = PlacementStatus
# The only changes a placement's status may make. Accepting an offer plans it; IME marks it in
# progress and, once its end date has passed, completed (the certificate follows); withdrawing the
# accepted place cancels it (internships.selection). Completed and cancelled are final.
PLACEMENT_TRANSITIONS = {
    PL.PLANNED: {PL.IN_PROGRESS, PL.COMPLETED, PL.CANCELLED},
    PL.IN_PROGRESS: {PL.COMPLETED, PL.CANCELLED},
    PL.COMPLETED: set(),
    PL.CANCELLED: set(),
}


def placement_refusal(current, wanted, *, ends_on=None, today=None):
    """Why a placement cannot go from `current` to `wanted` (None when it can). A placement is
    completed only once its end date has passed."""
    if wanted not in PLACEMENT_TRANSITIONS.get(current, set()):
        if current == wanted == PL.COMPLETED:
            return gettext("Esta estancia ya estaba concluida.")
        return gettext("Una estancia «%(current)s» no puede pasar a «%(wanted)s».") % {
            "current": PlacementStatus(current).label,
            "wanted": PlacementStatus(wanted).label,
        }
    today = today or timezone.localdate()
    if wanted == PL.COMPLETED and ends_on is not None and today < ends_on:
        return gettext("La estancia termina el %(day)s: se marca concluida después.") % {
            "day": ends_on.isoformat()
        }
    return None


class PlacementQuerySet(models.QuerySet):
    def counted(self):
        """Placements that happened or will (the cancelled ones left out)."""
        return self.exclude(status=PlacementStatus.CANCELLED)


class Placement(models.Model):
    """The internship itself, once a student accepted an offer: its dates and how it went. Its
    certificate of completion is a certificates.Certificate with source ("internships",
    "placement:<uuid>"), issued when IME marks it completed (internships.placements)."""

    Status = PlacementStatus

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    application = models.OneToOneField(
        Application,
        verbose_name=_("postulación"),
        on_delete=models.PROTECT,
        related_name="placement",
    )
    starts_on = models.DateField(_("inicio"))
    ends_on = models.DateField(_("fin"))
    status = models.CharField(
        _("estado"), max_length=12, choices=PlacementStatus.choices, default=PlacementStatus.PLANNED
    )
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("concluida por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="internship_placements_completed",
    )
    completed_at = models.DateTimeField(_("concluida el"), null=True, blank=True)
    created_at = models.DateTimeField(_("creada"), auto_now_add=True)
    updated_at = models.DateTimeField(_("actualizada"), auto_now=True)

    objects = PlacementQuerySet.as_manager()

    class Meta:
        verbose_name = _("estancia")
        verbose_name_plural = _("estancias")
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="internships_placement_dates_in_order",
            ),
            models.CheckConstraint(
                condition=Q(status__in=PlacementStatus.values),
                name="internships_placement_status_valid",
            ),
        ]

    def __str__(self):
        return str(self.application)

    def get_absolute_url(self):
        return reverse("internships:placement_detail", kwargs={"uuid": self.uuid})

    @property
    def certificate_key(self):
        return f"placement:{self.uuid}"

    def is_over(self, today=None):
        return (today or timezone.localdate()) > self.ends_on

    def stage(self, today=None):
        """The status a person reads: a planned placement whose first day came is in progress."""
        today = today or timezone.localdate()
        if self.status == PL.PLANNED and today >= self.starts_on:
            return PL.IN_PROGRESS
        return PlacementStatus(self.status)

    def move_to(self, wanted, *, actor, note="", now=None):
        """Changes the status along PLACEMENT_TRANSITIONS and keeps it in the history; raises
        TransitionRefused otherwise. The caller holds the row's lock (internships.placements)."""
        now = now or timezone.now()
        refusal = placement_refusal(
            self.status, wanted, ends_on=self.ends_on, today=timezone.localdate(now)
        )
        if refusal:
            raise TransitionRefused(refusal)
        previous, self.status = self.status, wanted
        if wanted == PL.COMPLETED:
            self.completed_by, self.completed_at = actor, now
        self.save()
        self.status_changes.create(
            actor=actor, from_status=previous, to_status=wanted, note=note, created_at=now
        )
        return self


class PlacementStatusChange(models.Model):
    """One change of a placement's status: who (empty for the system), from, to, when. Its
    creation is the first row (from empty)."""

    placement = models.ForeignKey(
        Placement,
        verbose_name=_("estancia"),
        on_delete=models.CASCADE,
        related_name="status_changes",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("quién"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="internship_placement_changes",
        help_text=_("Vacío: el sistema."),
    )
    from_status = models.CharField(
        _("de"), max_length=12, choices=PlacementStatus.choices, blank=True
    )
    to_status = models.CharField(_("a"), max_length=12, choices=PlacementStatus.choices)
    note = models.CharField(_("nota"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("fecha"), default=timezone.now)

    class Meta:
        verbose_name = _("cambio de estado de una estancia")
        verbose_name_plural = _("cambios de estado de las estancias")
        ordering = ["placement", "created_at", "pk"]

    def __str__(self):
        return f"{self.placement} · {self.get_to_status_display()}"


class EvaluationAuthor(models.TextChoices):
    HOST = "host", _("Persona anfitriona")
    STUDENT = "student", _("Estudiante")


class Evaluation(models.Model):
    """The short evaluation each side fills at the end of a placement (one per side)."""

    Author = EvaluationAuthor

    placement = models.ForeignKey(
        Placement,
        verbose_name=_("estancia"),
        on_delete=models.CASCADE,
        related_name="evaluations",
    )
    author_role = models.CharField(
        _("de parte de"), max_length=10, choices=EvaluationAuthor.choices
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("autor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="internship_evaluations",
    )
    rating = models.PositiveSmallIntegerField(_("calificación (1 a 5)"))
    comment = models.TextField(_("comentario"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("fecha"), auto_now_add=True)

    class Meta:
        verbose_name = _("evaluación de una estancia")
        verbose_name_plural = _("evaluaciones de las estancias")
        ordering = ["placement", "author_role"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5),
                name="internships_evaluation_rating_range",
            ),
            models.CheckConstraint(
                condition=Q(author_role__in=EvaluationAuthor.values),
                name="internships_evaluation_author_valid",
            ),
            models.UniqueConstraint(
                fields=["placement", "author_role"], name="internships_evaluation_one_per_side"
            ),
        ]

    def __str__(self):
        return f"{self.placement} · {self.get_author_role_display()}"
