"""Accounts: the email-login User, its manager and the kinds of account."""

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _


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
