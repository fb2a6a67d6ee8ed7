"""The portal's one certificate: attendance, speaking, internships, mentoring and reviewing.

Apps above (jornadas, internships, mentoring, committees) issue certificates through
certificates.services, naming themselves as the source; this app never refers to them. A
certificate is reached by its random public id (never its pk), shows its public check at
get_absolute_url, and is revoked rather than edited or deleted.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# 16 random bytes: 22 URL-safe characters that nobody can guess or enumerate.
PUBLIC_ID_BYTES = 16
# What the public id's URL converter accepts (certificates.urls): wider than what we issue, so
# that ids of another length would still resolve, narrow enough to keep junk away from the query.
PUBLIC_ID_PATTERN = "[A-Za-z0-9_-]{16,64}"
DEFAULT_ISSUER = "Instituto de los Mexicanos en el Exterior"


def new_public_id():
    return secrets.token_urlsafe(PUBLIC_ID_BYTES)


class Kind(models.TextChoices):
    ATTENDANCE = "asistencia", _("Asistencia")
    SPEAKING = "ponente", _("Ponente")
    INTERNSHIP = "pasantia", _("Pasantía")
    MENTORING = "mentoria", _("Mentoría")
    REVIEWING = "evaluacion", _("Evaluación")


# The heading printed on each kind of certificate and shown on its public check.
DOCUMENT_TITLES = {
    Kind.ATTENDANCE: _("Certificado de asistencia"),
    Kind.SPEAKING: _("Certificado de participación como ponente"),
    Kind.INTERNSHIP: _("Certificado de pasantía"),
    Kind.MENTORING: _("Certificado de mentoría"),
    Kind.REVIEWING: _("Certificado de participación en un comité de evaluación"),
}


class CertificateQuerySet(models.QuerySet):
    def valid(self):
        return self.filter(revoked_at__isnull=True)

    def revoked(self):
        return self.filter(revoked_at__isnull=False)

    def held_by(self, user):
        return self.filter(holder=user)


class Certificate(models.Model):
    Kind = Kind

    public_id = models.CharField(
        _("identificador público"),
        max_length=64,
        unique=True,
        default=new_public_id,
        editable=False,
    )
    kind = models.CharField(_("tipo"), max_length=20, choices=Kind.choices)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("titular"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certificates",
    )
    # As printed: the certificate says who it was issued to even if the account's name changes.
    holder_name = models.CharField(_("nombre del titular"), max_length=200)
    title = models.CharField(
        _("título"),
        max_length=300,
        help_text=_("Por ejemplo: Jornada Informativa 2027 — Tecnologías de la Información."),
    )
    role = models.CharField(
        _("participación"),
        max_length=300,
        blank=True,
        help_text=_("Una línea con el papel o el detalle, por ejemplo la sesión que impartió."),
    )
    starts_on = models.DateField(_("fecha"))
    ends_on = models.DateField(_("fecha de término"), null=True, blank=True)
    place = models.CharField(_("lugar"), max_length=200, blank=True)
    issued_at = models.DateTimeField(_("emitido"), default=timezone.now, editable=False)
    issued_by_label = models.CharField(_("emisor"), max_length=200, default=DEFAULT_ISSUER)
    # Who issued it ("jornadas", "edition:12"): lets the issuing app issue again without doubles.
    source_app = models.CharField(_("aplicación de origen"), max_length=50, blank=True)
    source_key = models.CharField(_("origen"), max_length=100, blank=True)
    revoked_at = models.DateTimeField(_("revocado"), null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revocado por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    revocation_reason = models.CharField(
        _("motivo de la revocación"), max_length=500, blank=True, editable=False
    )

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificado")
        verbose_name_plural = _("certificados")
        ordering = ["-issued_at", "-pk"]
        indexes = [
            models.Index(fields=["holder", "-issued_at"], name="certificates_holder_issued_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "source_app", "source_key", "holder"],
                condition=~Q(source_key=""),
                name="certificates_certificate_one_per_source",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="certificates_certificate_dates_in_order",
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=False) | Q(revocation_reason=""),
                name="certificates_certificate_reason_only_when_revoked",
            ),
        ]

    def __str__(self):
        # No name: the admin's log keeps this text after the holder deletes their account.
        return f"{self.get_kind_display()} · {self.public_id}"

    def get_absolute_url(self):
        return reverse("certificates:verify", kwargs={"public_id": self.public_id})

    def get_pdf_url(self):
        return reverse("certificates:pdf", kwargs={"public_id": self.public_id})

    @property
    def document_title(self):
        return DOCUMENT_TITLES.get(self.kind, self.get_kind_display())

    @property
    def is_revoked(self):
        return self.revoked_at is not None
