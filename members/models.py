"""People of the portal: accounts, member profiles, consents, introductions and audit logs."""

import uuid

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Value
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


class AccountType(models.TextChoices):
    TALENT = "talent", _("Talento mexicano en el exterior")
    STUDENT = "student", _("Estudiante en México")
    INSTITUTION = "institution", _("Contacto de una institución en México")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """An account. Email is the login; there is no username."""

    email = models.EmailField(_("correo electrónico"), unique=True)
    full_name = models.CharField(_("nombre completo"), max_length=200, blank=True)
    is_staff = models.BooleanField(
        _("acceso a la administración"),
        default=False,
        help_text=_("Puede entrar al sitio de administración."),
    )
    is_active = models.BooleanField(_("activa"), default=True)
    date_joined = models.DateTimeField(_("fecha de registro"), default=timezone.now)
    account_type = models.CharField(
        _("tipo de cuenta"), max_length=12, choices=AccountType.choices, blank=True
    )
    # Bumped to end every session of the account at once (logout everywhere).
    session_generation = models.PositiveIntegerField(default=0, editable=False)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("cuenta")
        verbose_name_plural = _("cuentas")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="members_user_email_ci_unique"),
        ]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else ""

    def _get_session_auth_hash(self, secret=None):
        # Sessions store this hash: a new password or a new generation invalidates all of them.
        return salted_hmac(
            "members.User.get_session_auth_hash",
            f"{self.password}:{self.session_generation}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def end_all_sessions(self):
        """Signs the account out everywhere (the current session included)."""
        User.objects.filter(pk=self.pk).update(
            session_generation=models.F("session_generation") + 1
        )
        self.refresh_from_db(fields=["session_generation"])


class Visibility(models.TextChoices):
    """Who sees a field group, from the widest audience to the narrowest."""

    PUBLIC = "public", _("Público")
    MEMBERS = "members", _("Miembros de la red")
    STAFF = "staff", _("Personal de los PNCS y del IME")
    PRIVATE = "private", _("Solo yo")


class ContributionOffer(models.TextChoices):
    STRATEGIC_VISION = "strategic_vision", _("Visión estratégica")
    PROMOTION = "promotion", _("Promoción de las capacidades de México")
    ALLIANCES = "alliances", _("Alianzas estratégicas")
    BEST_PRACTICES = "best_practices", _("Mejores prácticas")
    KNOWLEDGE_TRANSFER = (
        "knowledge_transfer",
        _("Transferencia de conocimiento y desarrollo de habilidades"),
    )
    PROJECTS = "projects", _("Proyectos específicos")
    COMPANY_MENTORING = "company_mentoring", _("Mentoría a empresas mexicanas")
    MISSIONS = "missions", _("Misiones comerciales y de aprendizaje de negocios")
    ACADEMIC_MENTORING = "academic_mentoring", _("Mentoría a programas académicos")
    SKILLS_GUIDANCE = "skills_guidance", _("Orientación sobre habilidades demandadas")
    INTERNSHIPS = "internships", _("Estancias y prácticas profesionales")


class Availability(models.TextChoices):
    AVAILABLE = "available", _("Disponible para colaborar")
    LIMITED = "limited", _("Disponibilidad limitada")
    UNAVAILABLE = "unavailable", _("Sin disponibilidad por ahora")


class MexicanState(models.TextChoices):
    AGS = "AGU", "Aguascalientes"
    BC = "BCN", "Baja California"
    BCS = "BCS", "Baja California Sur"
    CAM = "CAM", "Campeche"
    CHP = "CHP", "Chiapas"
    CHH = "CHH", "Chihuahua"
    CMX = "CMX", "Ciudad de México"
    COA = "COA", "Coahuila"
    COL = "COL", "Colima"
    DUR = "DUR", "Durango"
    GUA = "GUA", "Guanajuato"
    GRO = "GRO", "Guerrero"
    HID = "HID", "Hidalgo"
    JAL = "JAL", "Jalisco"
    MEX = "MEX", "Estado de México"
    MIC = "MIC", "Michoacán"
    MOR = "MOR", "Morelos"
    NAY = "NAY", "Nayarit"
    NLE = "NLE", "Nuevo León"
    OAX = "OAX", "Oaxaca"
    PUE = "PUE", "Puebla"
    QUE = "QUE", "Querétaro"
    ROO = "ROO", "Quintana Roo"
    SLP = "SLP", "San Luis Potosí"
    SIN = "SIN", "Sinaloa"
    SON = "SON", "Sonora"
    TAB = "TAB", "Tabasco"
    TAM = "TAM", "Tamaulipas"
    TLA = "TLA", "Tlaxcala"
    VER = "VER", "Veracruz"
    YUC = "YUC", "Yucatán"
    ZAC = "ZAC", "Zacatecas"


class Language(models.TextChoices):
    SPANISH = "es", _("Español")
    ENGLISH = "en", _("Inglés")
    FRENCH = "fr", _("Francés")
    GERMAN = "de", _("Alemán")
    PORTUGUESE = "pt", _("Portugués")
    ITALIAN = "it", _("Italiano")
    CHINESE = "zh", _("Chino")
    JAPANESE = "ja", _("Japonés")
    KOREAN = "ko", _("Coreano")
    ARABIC = "ar", _("Árabe")
    RUSSIAN = "ru", _("Ruso")
    HINDI = "hi", _("Hindi")
    NAHUATL = "nah", _("Náhuatl")
    MAYA = "yua", _("Maya")
    OTHER = "other", _("Otro")


class Skill(models.Model):
    """A normalised skill tag: `name` as first typed, `key` lower-case and unaccented to match."""

    name = models.CharField(_("nombre"), max_length=60)
    key = models.CharField(_("clave de búsqueda"), max_length=60, unique=True, editable=False)

    class Meta:
        verbose_name = _("habilidad")
        verbose_name_plural = _("habilidades")
        ordering = ["name"]

    def __str__(self):
        return self.name


class MemberQuerySet(models.QuerySet):
    def listed_publicly(self):
        return self.filter(listed_publicly=True, user__is_active=True)

    def findable_by_pncs(self):
        return self.filter(findable_by_pncs=True, user__is_active=True)


def _visibility_field(label, default):
    return models.CharField(label, max_length=10, choices=Visibility.choices, default=default)


# Who each directory audience may find, and what it filters on (members.directory).
LISTED = models.Q(listed_publicly=True, account_active=True)
FINDABLE = models.Q(findable_by_pncs=True, account_active=True)
DIRECTORY_FILTER_COLUMNS = [
    "sector_ids",
    "skill_keys",
    "contribution_offers",
    "languages",
    "country",
    "city_key",
    "chapter",
    "availability",
]


class Member(models.Model):
    """The profile of a Mexican talent abroad. Field groups carry their own visibility."""

    # The field groups a member can show or hide, with the fields in each.
    FIELD_GROUPS = {
        "photo": ["photo"],
        "about": ["bio"],
        "location": ["city", "country", "state_of_origin"],
        "work": ["organisation", "position"],
        "expertise": ["sectors", "skills", "contribution_offers", "availability"],
        "education": ["education"],
        "languages": ["languages"],
        "links": ["linkedin_url", "orcid", "website"],
        "chapter": ["chapter"],
    }

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="member")
    slug = models.SlugField(_("identificador en URL"), max_length=80, unique=True)
    full_name = models.CharField(_("nombre completo"), max_length=150)
    headline = models.CharField(
        _("titular"),
        max_length=160,
        blank=True,
        help_text=_("Una línea sobre lo que haces, p. ej. «Ingeniera de software en robótica»."),
    )
    bio = models.TextField(
        _("biografía"),
        max_length=5000,
        blank=True,
        help_text=_("Texto simple o Markdown sencillo; no se admite HTML."),
    )
    photo = models.ImageField(_("foto"), upload_to="members/photos/", blank=True)
    photo_small = models.ImageField(upload_to="members/photos/", blank=True, editable=False)
    city = models.CharField(_("ciudad de residencia"), max_length=120, blank=True)
    country = CountryField(_("país de residencia"), blank=True)
    state_of_origin = models.CharField(
        _("estado de origen en México"), max_length=3, choices=MexicanState.choices, blank=True
    )
    organisation = models.CharField(_("organización actual"), max_length=160, blank=True)
    # Where the member worked before, kept when they change their organisation: evaluation
    # committees read it to catch conflicts of interest (committees.conflicts).
    past_organisations = ArrayField(
        models.CharField(max_length=160),
        verbose_name=_("organizaciones anteriores"),
        default=list,
        # Rows copied in bulk (demo data, the benchmark) leave it out.
        db_default=Value([], output_field=ArrayField(models.CharField(max_length=160))),
        blank=True,
        editable=False,
    )
    position = models.CharField(_("cargo"), max_length=160, blank=True)
    sectors = models.ManyToManyField("pncs.Sector", verbose_name=_("sectores"), blank=True)
    skills = models.ManyToManyField(Skill, verbose_name=_("habilidades"), blank=True)
    languages = ArrayField(
        models.CharField(max_length=5, choices=Language.choices),
        verbose_name=_("idiomas"),
        default=list,
        blank=True,
    )
    linkedin_url = models.URLField(_("perfil de LinkedIn"), max_length=300, blank=True)
    orcid = models.CharField(
        _("ORCID iD"),
        max_length=19,
        blank=True,
        validators=[
            RegexValidator(
                r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$",
                _("Escribe el ORCID iD con el formato 0000-0002-1825-0097."),
            )
        ],
    )
    website = models.URLField(_("sitio web"), max_length=300, blank=True)
    contribution_offers = ArrayField(
        models.CharField(max_length=30, choices=ContributionOffer.choices),
        verbose_name=_("qué puedo aportar"),
        default=list,
        blank=True,
    )
    availability = models.CharField(
        _("disponibilidad"),
        max_length=20,
        choices=Availability.choices,
        default=Availability.AVAILABLE,
    )
    chapter = models.ForeignKey(
        "chapters.Chapter",
        verbose_name=_("capítulo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )

    visibility_photo = _visibility_field(_("visibilidad de la foto"), Visibility.MEMBERS)
    visibility_about = _visibility_field(_("visibilidad de la biografía"), Visibility.PUBLIC)
    visibility_location = _visibility_field(_("visibilidad de la residencia"), Visibility.PUBLIC)
    visibility_work = _visibility_field(_("visibilidad del trabajo actual"), Visibility.PUBLIC)
    visibility_expertise = _visibility_field(
        _("visibilidad de sectores y habilidades"), Visibility.PUBLIC
    )
    visibility_education = _visibility_field(_("visibilidad de la formación"), Visibility.MEMBERS)
    visibility_languages = _visibility_field(_("visibilidad de los idiomas"), Visibility.MEMBERS)
    visibility_links = _visibility_field(_("visibilidad de los enlaces"), Visibility.MEMBERS)
    visibility_chapter = _visibility_field(_("visibilidad del capítulo"), Visibility.MEMBERS)

    # Current state of the consents (the history is in Consent), kept here for fast filtering.
    listed_publicly = models.BooleanField(_("en el directorio público"), default=False)
    findable_by_pncs = models.BooleanField(_("localizable por los PNCS"), default=False)
    visible_to_chapter = models.BooleanField(_("visible para su capítulo"), default=False)

    intro_monthly_limit = models.PositiveSmallIntegerField(
        _("solicitudes de presentación al mes"),
        default=4,
        validators=[MaxValueValidator(30)],
    )
    intro_paused = models.BooleanField(_("solicitudes en pausa"), default=False)

    verified_at = models.DateTimeField(_("verificado el"), null=True, blank=True)
    # Search data, kept by database triggers (migrations 0003_search, 0004_directory) in the same
    # transaction as every change: one text vector per audience, built only from the field groups
    # that audience may see, and the values the directory filters and sorts on.
    search_vector = SearchVectorField(null=True, editable=False)  # visitors
    search_members = SearchVectorField(null=True, editable=False)
    search_staff = SearchVectorField(null=True, editable=False)
    sector_ids = ArrayField(models.IntegerField(), default=list, editable=False)
    skill_keys = ArrayField(models.CharField(max_length=60), default=list, editable=False)
    city_key = models.CharField(max_length=120, blank=True, editable=False)
    sort_name = models.CharField(max_length=150, blank=True, editable=False)
    account_active = models.BooleanField(default=True, editable=False)
    created_at = models.DateTimeField(_("creado"), auto_now_add=True)
    updated_at = models.DateTimeField(_("actualizado"), auto_now=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("miembro")
        verbose_name_plural = _("miembros")
        ordering = ["full_name"]
        indexes = [
            # One GIN index per audience over its text and every filter (btree_gin for the
            # scalars), limited to the profiles that audience may find: PostgreSQL intersects
            # the conditions inside one index scan, driven by the rarest. Separate indexes led
            # the planner into bitmap ANDs of huge bitmaps (see make bench).
            *(
                GinIndex(
                    fields=[vector, *DIRECTORY_FILTER_COLUMNS],
                    name=f"members_member_{audience}_idx",
                    condition=scope,
                )
                for audience, vector, scope in (
                    ("public", "search_vector", LISTED),
                    ("network", "search_members", LISTED),
                    ("pncs", "search_staff", FINDABLE),
                )
            ),
            # Keyset pagination of the directory (most recent, name) over the listed profiles.
            models.Index(
                fields=["-created_at", "-id"],
                name="members_member_recent_idx",
                condition=models.Q(listed_publicly=True, account_active=True),
            ),
            models.Index(
                fields=["sort_name", "id"],
                name="members_member_name_sort_idx",
                condition=models.Q(listed_publicly=True, account_active=True),
            ),
            # Name prefixes and typos (`gonz`, `hernadez`) on the accent-free name.
            GinIndex(
                fields=["sort_name"],
                name="members_member_name_trgm_idx",
                opclasses=["gin_trgm_ops"],
            ),
            models.Index(
                fields=["-created_at", "-id"],
                name="members_member_recent_pncs_idx",
                condition=FINDABLE,
            ),
            models.Index(
                fields=["sort_name", "id"], name="members_member_name_pncs_idx", condition=FINDABLE
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(intro_monthly_limit__lte=30),
                name="members_member_intro_limit_range",
            ),
        ]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("members:member_detail", kwargs={"slug": self.slug})

    @property
    def is_verified(self):
        return self.verified_at is not None

    def visibility_of(self, group):
        return getattr(self, f"visibility_{group}")


class Education(models.Model):
    class Degree(models.TextChoices):
        BACHELOR = "bachelor", _("Licenciatura o ingeniería")
        SPECIALTY = "specialty", _("Especialidad")
        MASTER = "master", _("Maestría")
        DOCTORATE = "doctorate", _("Doctorado")
        POSTDOC = "postdoc", _("Posdoctorado")
        OTHER = "other", _("Otro")

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="education")
    degree = models.CharField(_("grado"), max_length=12, choices=Degree.choices)
    field = models.CharField(_("área de estudio"), max_length=160)
    institution = models.CharField(_("institución"), max_length=160)
    year = models.PositiveSmallIntegerField(
        _("año de obtención"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1940), MaxValueValidator(2100)],
    )

    class Meta:
        verbose_name = _("formación")
        verbose_name_plural = _("formación")
        ordering = ["-year", "id"]

    def __str__(self):
        return f"{self.get_degree_display()} · {self.field} · {self.institution}"


class Consent(models.Model):
    """One decision of a person about one purpose. Append-only: the latest row is in force."""

    class Purpose(models.TextChoices):
        PUBLIC_LISTING = "public_listing", _("Aparecer en el directorio público")
        PNCS_SEARCH = (
            "pncs_search",
            _("Ser localizable por el personal de los PNCS de mis sectores"),
        )
        CHAPTER = "chapter", _("Ser visible para los miembros de mi capítulo")
        NEWS = "news", _("Recibir las noticias de la red")

    user = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consents",
        verbose_name=_("cuenta"),
    )
    purpose = models.CharField(_("finalidad"), max_length=20, choices=Purpose.choices)
    granted = models.BooleanField(_("otorgado"))
    notice_version = models.CharField(_("versión del aviso de privacidad"), max_length=20)
    created_at = models.DateTimeField(_("fecha"), default=timezone.now)

    class Meta:
        verbose_name = _("consentimiento")
        verbose_name_plural = _("consentimientos")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["user", "purpose", "-created_at"], name="members_consent_latest_idx"
            )
        ]

    def __str__(self):
        state = _("otorgado") if self.granted else _("retirado")
        return f"{self.get_purpose_display()}: {state}"


class IntroductionRequest(models.Model):
    """A request to be put in touch with a member; emails are shared only if they accept."""

    class Purpose(models.TextChoices):
        COLLABORATION = "collaboration", _("Colaboración profesional")
        MENTORING = "mentoring", _("Mentoría")
        PROJECT = "project", _("Proyecto binacional")
        INTERNSHIP = "internship", _("Pasantía o estancia")
        EVENT = "event", _("Evento o conferencia en México")
        EVALUATION = "evaluation", _("Comité de evaluación")
        OTHER = "other", _("Otro")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pendiente")
        ACCEPTED = "accepted", _("Aceptada")
        DECLINED = "declined", _("Declinada")
        EXPIRED = "expired", _("Vencida")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Both sides survive an account deletion as anonymised records (audit trail).
    requester = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        related_name="introductions_sent",
        verbose_name=_("solicitante"),
    )
    member = models.ForeignKey(
        Member,
        on_delete=models.SET_NULL,
        null=True,
        related_name="introductions_received",
        verbose_name=_("miembro"),
    )
    purpose = models.CharField(_("propósito"), max_length=20, choices=Purpose.choices)
    message = models.TextField(_("mensaje"), max_length=1000)
    status = models.CharField(
        _("estado"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("enviada"), default=timezone.now)
    answered_at = models.DateTimeField(_("respondida"), null=True, blank=True)

    class Meta:
        verbose_name = _("solicitud de presentación")
        verbose_name_plural = _("solicitudes de presentación")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["member", "created_at"], name="members_intro_member_idx"),
            models.Index(fields=["requester", "status"], name="members_intro_requester_idx"),
        ]

    def __str__(self):
        return f"{self.get_purpose_display()} · {self.get_status_display()}"


class StaffAccess(models.Model):
    """Who at a PNCS or IME saw a profile at staff level, or exported it (audit log)."""

    class Kind(models.TextChoices):
        PROFILE_VIEW = "profile_view", _("Consulta de perfil")
        SEARCH = "search", _("Búsqueda de expertos")
        EXPORT = "export", _("Exportación")

    viewer = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        related_name="staff_accesses",
        verbose_name=_("quién consultó"),
    )
    member = models.ForeignKey(
        Member,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff_accesses",
        verbose_name=_("miembro"),
    )
    kind = models.CharField(_("tipo"), max_length=20, choices=Kind.choices)
    detail = models.JSONField(_("detalle"), default=dict, blank=True)
    rows = models.PositiveIntegerField(_("filas"), default=1)
    created_at = models.DateTimeField(_("fecha"), default=timezone.now)

    class Meta:
        verbose_name = _("acceso del personal")
        verbose_name_plural = _("accesos del personal")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["viewer", "created_at"], name="members_access_viewer_idx"),
            # The daily cap counts a viewer's profile views of today.
            models.Index(fields=["viewer", "kind", "created_at"], name="members_access_daily_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.created_at:%Y-%m-%d %H:%M}"


class MemberChange(models.Model):
    """Change history of a profile: who changed which fields, when (no values: personal data)."""

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="changes", verbose_name=_("miembro")
    )
    changed_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("cambiado por")
    )
    fields = ArrayField(models.CharField(max_length=60), verbose_name=_("campos"))
    created_at = models.DateTimeField(_("fecha"), default=timezone.now)

    class Meta:
        verbose_name = _("cambio de perfil")
        verbose_name_plural = _("cambios de perfil")
        ordering = ["-created_at"]

    def __str__(self):
        return ", ".join(self.fields)


class StaffCapLift(models.Model):
    """IME lifts the daily limits of one staff account for one day: the profile-view cap and the
    export row budget. Each row is also the record of who lifted them and why."""

    # Empty once the account is deleted: the lift stays in the staff log, without whom it was for.
    user = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        related_name="cap_lifts",
        verbose_name=_("cuenta"),
    )
    day = models.DateField(_("día"), default=timezone.localdate)
    lifted_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("levantado por"),
    )
    reason = models.TextField(_("motivo"), max_length=1000)
    created_at = models.DateTimeField(_("fecha"), default=timezone.now)

    class Meta:
        verbose_name = _("límite diario levantado")
        verbose_name_plural = _("límites diarios levantados")
        ordering = ["-day", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "day"],
                name="members_staffcaplift_one_per_day",
                violation_error_message=_(
                    "Ya existe un levantamiento del límite para esta cuenta en este día."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.user or _('cuenta eliminada')} · {self.day:%Y-%m-%d}"

    def clean(self):
        if self._state.adding and self.day and self.day < timezone.localdate():
            raise ValidationError(
                {"day": _("No se puede levantar el límite de un día que ya pasó.")}
            )
        if self.user_id and not (self.user.is_staff or self.user.contact_points.exists()):
            raise ValidationError(
                {"user": _("El límite solo se levanta para cuentas del personal (PNCS o IME).")}
            )
