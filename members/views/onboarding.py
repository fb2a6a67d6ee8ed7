"""Onboarding (account type, privacy notice, consents) and the privacy settings page."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from members import onboarding as onboarding_service
from members.consents import current_consents, set_consent
from members.forms.onboarding import (
    PURPOSE_HELP,
    AccountTypeForm,
    ConsentChangeForm,
    ConsentsForm,
    purposes_for,
)
from members.models import AccountType, Consent
from members.permissions import is_participant, is_staff_role
from redtalentos.lib.roles import is_ime_account


def _after_onboarding(user, next_url):
    # The page the person was on before signing up (a profile, say) comes first; without one,
    # talents go on to fill in their profile, participants to their home: both at /perfil/.
    if next_url:
        return redirect(next_url)
    if user.account_type == AccountType.TALENT or is_participant(user):
        return redirect("members:profile_edit")
    return redirect("home")


def _next_url(request):
    """The page to go on to after the onboarding (see members.adapters.post_login), if safe."""
    value = request.POST.get("next") if request.method == "POST" else None
    return onboarding_service.safe_next(request, value or request.GET.get("next"))


def _staff_elsewhere(user):
    # Staff (IME, PNCS) take part as staff: the members' onboarding is not for them.
    return not user.account_type and is_staff_role(user)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def choose_account_type(request):
    user = request.user
    if _staff_elsewhere(user):
        return redirect(settings.LOGIN_REDIRECT_URL)
    next_url = _next_url(request)
    consents_step = onboarding_service.onboarding_url(next_url, step="members:onboarding_consents")
    if user.account_type:
        # The account type is chosen once; the next step is the consents.
        return redirect(consents_step)
    form = AccountTypeForm(request.POST or None, initial={"full_name": user.full_name})
    if request.method == "POST" and form.is_valid():
        onboarding_service.choose_account_type(
            user=user,
            account_type=form.cleaned_data["account_type"],
            full_name=form.cleaned_data["full_name"],
        )
        return redirect(consents_step)
    return render(
        request, "members/onboarding_account_type.html", {"form": form, "next_url": next_url}
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def consents(request):
    user = request.user
    if _staff_elsewhere(user):
        return redirect(settings.LOGIN_REDIRECT_URL)
    next_url = _next_url(request)
    if not user.account_type:
        return redirect(onboarding_service.onboarding_url(next_url))
    state = {purpose: bool(c and c.granted) for purpose, c in current_consents(user).items()}
    form = ConsentsForm(request.POST or None, user=user, initial_state=state)
    if request.method == "POST" and form.is_valid():
        for purpose in purposes_for(user):
            set_consent(user=user, purpose=purpose, granted=form.cleaned_data[purpose])
        messages.success(request, _("Listo: guardamos tus decisiones de privacidad."))
        return _after_onboarding(user, next_url)
    return render(request, "members/onboarding_consents.html", {"form": form, "next_url": next_url})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def privacy_settings(request):
    """Each consent in force, with its date and notice version, and a one-click change.
    Staff have one too (the news, and their roles), without an account type."""
    user = request.user
    if onboarding_service.needs_onboarding(user):
        return redirect("members:onboarding")
    if request.method == "POST":
        form = ConsentChangeForm(request.POST, user=user)
        if not form.is_valid():
            return HttpResponseBadRequest(_("Solicitud no válida."))
        purpose = Consent.Purpose(form.cleaned_data["purpose"])
        granted = form.cleaned_data["granted"]
        set_consent(user=user, purpose=purpose, granted=granted)
        if granted:
            messages.success(request, _("Otorgaste tu consentimiento: %s.") % purpose.label)
        else:
            messages.success(
                request, _("Retiraste tu consentimiento, con efecto inmediato: %s.") % purpose.label
            )
        return redirect("members:privacy_settings")
    in_force = current_consents(user)
    rows = [
        {
            "purpose": purpose,
            "label": Consent.Purpose(purpose).label,
            "consent": in_force[purpose],
            "granted": bool(in_force[purpose] and in_force[purpose].granted),
            "help": PURPOSE_HELP[purpose],
        }
        for purpose in purposes_for(user)
    ]
    roles = {
        "chapters": user.chapter_roles.select_related("chapter"),
        "contact_points": user.contact_points.all(),
        "ime_admin": is_ime_account(user),
    }
    return render(request, "members/privacy_settings.html", {"rows": rows, "roles": roles})
