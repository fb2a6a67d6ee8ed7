"""Account security of the staff roles: MFA before any staff page, and a short idle timeout."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import get_language_from_path
from django.utils.translation import gettext as _

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


class StaffSecurityMiddleware:
    """IME and PNCS staff must set up an authenticator app before any staff page, and their
    sessions end after settings.STAFF_SESSION_IDLE_TIMEOUT seconds without a request.

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

        if user.is_authenticated and is_staff_role(user):
            # The expiry counts from the last request (idle time), renewed at most once a
            # minute: saving the session on every request cost each staff page a write.
            now = int(time.time())
            if now - request.session.get(SEEN_KEY, 0) >= IDLE_RENEWAL_SECONDS:
                request.session[SEEN_KEY] = now
                request.session.set_expiry(settings.STAFF_SESSION_IDLE_TIMEOUT)
            if (
                path.startswith(STAFF_PATH_PREFIXES)
                and path != ADMIN_LOGOUT_PATH
                and not has_totp(user)
            ):
                messages.warning(
                    request,
                    _(
                        "Para entrar a las páginas del personal necesitas activar la verificación "
                        "en dos pasos: configura una aplicación de autenticación en tu teléfono."
                    ),
                )
                return redirect("mfa_activate_totp")

        return self.get_response(request)
