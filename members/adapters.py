"""allauth adapter: a new account goes through onboarding after its first sign-in; failed
sign-ins are limited per address and per account-and-address, and slow an account down."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal.ratelimit import get_ip
from django.urls import reverse

from . import throttling


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        if request.user.is_authenticated and not request.user.account_type:
            return reverse("members:onboarding")
        return super().get_login_redirect_url(request)

    def get_signup_redirect_url(self, request):
        # Where the sign-up resumes once the address is verified: a new account has no type yet.
        return reverse("members:onboarding")

    def get_email_verification_redirect_url(self, email_address):
        # Verification signs the person in (ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION); a new account
        # continues with the onboarding rather than the home page.
        if not email_address.user.account_type:
            return reverse("members:onboarding")
        return super().get_email_verification_redirect_url(email_address)

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
