"""Account security of the staff roles: MFA passed in the session before any staff page, enrolment
of an authenticator app only through a link sent by email, and a short idle timeout."""

import time
from urllib.parse import urlencode

from allauth.account.authentication import get_authentication_records
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import get_language_from_path
from django.utils.translation import gettext as _

from redtalentos.lib.roles import MFA_SESSION_ATTR, passed_mfa

from .mfa_enrolment import enrolment_granted
from .permissions import has_totp, is_staff_role

# Staff pages, matched after the language prefix: the admin and the PNCS staff workspace.
STAFF_PATH_PREFIXES = ("/admin/", "/pncs/")
ADMIN_LOGIN_PATH = "/admin/login/"
ADMIN_LOGOUT_PATH = "/admin/logout/"


def without_language_prefix(path):
    """'/en/admin/' -> '/admin/'; a path without a language prefix is returned as it is."""
    language = get_language_from_path(path)
    if language and path.startswith(f"/{language}/"):
        return path[len(language) + 1 :]
    return path


SEEN_KEY = "_rt_staff_seen"
IDLE_RENEWAL_SECONDS = 60


def session_passed_mfa(request, user):
    """Whether this session signed `user` in with a second factor (or re-confirmed one)."""
    return any(
        record.get("method") == "mfa" for record in get_authentication_records(request, user)
    )


class StaffSecurityMiddleware:
    """Staff (IME and PNCS) reach staff pages only from a session that passed a second factor;
    their sessions end after settings.STAFF_SESSION_IDLE_TIMEOUT seconds without a request.

    The check is on the session, not the account: a session signed in with the password before
    the account had an authenticator app gains nothing when one is added elsewhere (and adding or
    removing one ends the account's other sessions, members.signals). A staff account without an
    app may set one up only after opening a link sent to its address (members.mfa_enrolment): the
    password alone is not enough to enrol an attacker's phone.

    The admin's own sign-in form is replaced by allauth's: it would skip the MFA code.
    Goes after AuthenticationMiddleware and MessageMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = without_language_prefix(request.path_info)
        user = request.user

        if path == ADMIN_LOGIN_PATH:
            if not user.is_authenticated:
                next_url = request.GET.get("next") or reverse("admin:index")
                return redirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")
            if not user.is_staff:
                # Its "sign in as someone else" form would bypass MFA too.
                raise PermissionDenied

        if user.is_authenticated:
            # Read by redtalentos.lib.roles for every staff right during this request.
            setattr(user, MFA_SESSION_ATTR, session_passed_mfa(request, user))

        if user.is_authenticated and is_staff_role(user):
            # The expiry counts from the last request (idle time), renewed at most once a
            # minute: saving the session on every request cost each staff page a write.
            now = int(time.time())
            if now - request.session.get(SEEN_KEY, 0) >= IDLE_RENEWAL_SECONDS:
                request.session[SEEN_KEY] = now
                request.session.set_expiry(settings.STAFF_SESSION_IDLE_TIMEOUT)
            refusal = self._refuse_without_mfa(request, user, path)
            if refusal is not None:
                return refusal

        return self.get_response(request)

    @staticmethod
    def _refuse_without_mfa(request, user, path):
        activate_path = without_language_prefix(reverse("mfa_activate_totp"))
        if path == activate_path and not has_totp(user) and not enrolment_granted(request):
            messages.warning(
                request,
                _(
                    "Las cuentas del personal activan la verificación en dos pasos con un enlace "
                    "que enviamos a su correo: pídelo aquí."
                ),
            )
            return redirect("members:mfa_enrol")
        if not path.startswith(STAFF_PATH_PREFIXES) or path == ADMIN_LOGOUT_PATH:
            return None
        if not has_totp(user):
            messages.warning(
                request,
                _(
                    "Para entrar a las páginas del personal necesitas activar la verificación "
                    "en dos pasos: configura una aplicación de autenticación en tu teléfono."
                ),
            )
            return redirect("members:mfa_enrol")
        if not passed_mfa(user):
            messages.warning(
                request,
                _(
                    "Esta sesión empezó sin el código de tu aplicación de autenticación. "
                    "Escríbelo para entrar a las páginas del personal."
                ),
            )
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('mfa_reauthenticate')}?{query}")
        return None
