"""Enrolment of staff accounts in MFA through a link sent by email (members.mfa_enrolment)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import mfa_enrolment
from ..permissions import has_totp, is_staff_role

# One link per account every few minutes: the button must not become a way to flood a mailbox.
RESEND_SECONDS = 5 * 60


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def mfa_enrol(request):
    """Staff without an authenticator app ask here for the link that lets them set one up.

    Other accounts set theirs up directly on allauth's page; an account that has one is done.
    """
    user = request.user
    if not is_staff_role(user) or has_totp(user):
        return redirect("mfa_index")
    if request.method == "POST":
        if cache.add(f"mfa-enrol-sent:{user.pk}", 1, RESEND_SECONDS):
            mfa_enrolment.send_enrolment_link(user=user, base_url=request.build_absolute_uri("/"))
            messages.success(
                request,
                _(
                    "Te enviamos el enlace a tu correo. Ábrelo en este navegador para configurar "
                    "tu aplicación de autenticación."
                ),
            )
        else:
            messages.info(
                request,
                _(
                    "Ya te enviamos un enlace hace unos minutos: búscalo en tu correo (también en "
                    "la carpeta de correo no deseado) o vuelve a pedirlo más tarde."
                ),
            )
        return redirect("members:mfa_enrol")
    return render(request, "members/mfa_enrol.html")


@require_http_methods(["GET", "HEAD"])
@login_required
def mfa_enrol_link(request, token):
    """The emailed link: opens the activation page to this session for a few minutes."""
    user = request.user
    if has_totp(user):
        messages.info(request, _("Tu cuenta ya tiene la verificación en dos pasos activada."))
        return redirect("mfa_index")
    try:
        mfa_enrolment.check_token(token, user)
    except mfa_enrolment.InvalidLink:
        messages.error(
            request,
            _(
                "Este enlace no sirve: venció, ya se usó o es de otra cuenta. Inicia sesión con la "
                "cuenta que lo pidió y pide uno nuevo."
            ),
        )
        return redirect("members:mfa_enrol" if is_staff_role(user) else "mfa_index")
    mfa_enrolment.grant(request)
    return redirect("mfa_activate_totp")
