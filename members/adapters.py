"""allauth adapter: a new account goes through onboarding after its first sign-in."""

from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse


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
