"""Member profiles: the profile itself with its field groups and search data, skills and
education."""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Value
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from .accounts import User
from .choices import Availability, ContributionOffer, Language, MexicanState, Visibility


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


# Who each directory audience may find, and what it filters on (members.directory.conditions).
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
            # the conditions inside one index scan, driven by the rarest, where separate indexes
            # would be combined as bitmaps as large as their most common condition.
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


class NameWord(models.Model):
    """A word of some member's name (accent-free, lower case, four letters or more), kept by the
    triggers of migration 0019_name_words while a name holds it: the vocabulary against which the
    directory corrects a mistyped name (`coeom` -> Cocom). Never shown: it only widens a search,
    whose results stay those the searcher may find."""

    word = models.CharField(_("palabra"), max_length=150, primary_key=True)

    class Meta:
        verbose_name = _("palabra de nombre")
        verbose_name_plural = _("palabras de nombres")
        indexes = [
            GinIndex(fields=["word"], name="members_nameword_trgm_idx", opclasses=["gin_trgm_ops"])
        ]

    def __str__(self):
        return self.word
