"""Onboarding (account type, privacy notice, consents) and the privacy settings page."""

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
from members.permissions import is_participant
from redtalentos.lib.roles import is_ime_account


def _after_onboarding(user):
    # Talents go on to fill in their profile, participants to their home: both at /perfil/.
    if user.account_type == AccountType.TALENT or is_participant(user):
        return redirect("members:profile_edit")
    return redirect("home")


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def choose_account_type(request):
    user = request.user
    if user.account_type:
        # The account type is chosen once; the next step is the consents.
        return redirect("members:onboarding_consents")
    form = AccountTypeForm(request.POST or None, initial={"full_name": user.full_name})
    if request.method == "POST" and form.is_valid():
        onboarding_service.choose_account_type(
            user=user,
            account_type=form.cleaned_data["account_type"],
            full_name=form.cleaned_data["full_name"],
        )
        return redirect("members:onboarding_consents")
    return render(request, "members/onboarding_account_type.html", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def consents(request):
    user = request.user
    if not user.account_type:
        return redirect("members:onboarding")
    state = {purpose: bool(c and c.granted) for purpose, c in current_consents(user).items()}
    form = ConsentsForm(request.POST or None, user=user, initial_state=state)
    if request.method == "POST" and form.is_valid():
        for purpose in purposes_for(user):
            set_consent(user=user, purpose=purpose, granted=form.cleaned_data[purpose])
        messages.success(request, _("Listo: guardamos tus decisiones de privacidad."))
        return _after_onboarding(user)
    return render(request, "members/onboarding_consents.html", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def privacy_settings(request):
    """Each consent in force, with its date and notice version, and a one-click change."""
    user = request.user
    if not user.account_type:
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
