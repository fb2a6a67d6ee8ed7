"""allauth adapter: a new account goes through onboarding after its first sign-in (staff never do),
a sign-in moments ago counts as a recent confirmation of the password; failed sign-ins are limited
per address and per account-and-address, and slow an account down."""

import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from allauth.core import context
from allauth.core.internal.ratelimit import get_ip
from django.urls import reverse

from . import throttling
from .onboarding import is_site_path, needs_onboarding, onboarding_url

# The ways of signing in that prove what allauth's "confirm your password" page asks again: the
# password, and the authenticator app's code after it. (A sign-in by emailed code or a social
# account would not, and is not counted.)
SIGN_IN_PROOFS = {"password", "mfa"}


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        if needs_onboarding(request.user):
            return reverse("members:onboarding")
        return super().get_login_redirect_url(request)

    def get_signup_redirect_url(self, request):
        # Where the sign-up resumes once the address is verified: a new account has no type yet.
        return reverse("members:onboarding")

    def get_email_verification_redirect_url(self, email_address):
        # Verification signs the person in (ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION); a new account
        # continues with the onboarding rather than the home page.
        if needs_onboarding(email_address.user):
            return reverse("members:onboarding")
        return super().get_email_verification_redirect_url(email_address)

    def post_login(self, request, user, *, redirect_url, **kwargs):
        # A safe `next` (allauth checked it: the sign-in form and the sign-up keep it through the
        # address's verification) wins over the page after sign-in, but not over a pending
        # onboarding: the onboarding carries it and leads there at its end.
        if needs_onboarding(user):
            if callable(redirect_url):
                redirect_url = redirect_url()
            redirect_url = onboarding_url(redirect_url or "")
        return super().post_login(request, user, redirect_url=redirect_url, **kwargs)

    def is_safe_url(self, url):
        # allauth takes any relative address as safe: a `next` of "%" led to /cuenta/login/%.
        # Pages to go on to are this site's paths only.
        return is_site_path(url) and super().is_safe_url(url)

    def is_reauthentication_required(self, *, app, **kwargs):
        # allauth (65) asks for the password again before changing the second factor unless the
        # person confirmed it on its reauthentication page in the last few minutes; a sign-in a
        # minute ago does not count there, so staff who had just signed in (or just typed their
        # app's code) were asked for the password at once when setting up their authenticator
        # app. A sign-in within the same window now counts as that confirmation.
        if not super().is_reauthentication_required(app=app, **kwargs):
            return False
        return not signed_in_recently(context.request)

    # Failed sign-ins. allauth's "login_failed" limit (ACCOUNT_RATE_LIMITS, default
    # "10/m/ip,5/5m/key") keys its per-key part on the account alone: five wrong passwords, from
    # anyone, and the owner's right one was refused too, everywhere. Keyed on the account and the
    # address, it refuses the guesser's address only; the account as a whole slows down instead
    # (members.throttling). allauth reads this key to count failures and, after a password reset,
    # to clear them: the reset clears the resetting address.

    def _get_login_attempts_cache_key(self, request, **credentials):
        account = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{account}:{get_ip(request)}"

    def pre_authenticate(self, request, **credentials):
        super().pre_authenticate(request, **credentials)  # refused addresses wait for nothing
        throttling.slow_down(credentials.get("email", ""))

    def authentication_failed(self, request, **credentials):
        throttling.record_failure(credentials.get("email", ""))


def signed_in_recently(request):
    """Whether this session signed its user in with the password (or the app's code) within
    allauth's reauthentication window."""
    if request is None or not request.user.is_authenticated:
        return False
    window_start = time.time() - account_settings.REAUTHENTICATION_TIMEOUT
    return any(
        record.get("method") in SIGN_IN_PROOFS
        and isinstance(record.get("at"), int | float)
        and record["at"] >= window_start
        for record in get_authentication_records(request, request.user)
        if isinstance(record, dict)
    )
