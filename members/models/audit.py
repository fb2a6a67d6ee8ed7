"""Audit logs and staff limits: staff accesses to profiles, the change history of a profile and
the lifts of a staff account's daily limits."""

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .accounts import User
from .profiles import Member


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
