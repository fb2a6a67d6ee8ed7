"""allauth's sign-up form (ACCOUNT_FORMS): a registered address costs what a new one does."""

from allauth.account.forms import SignupForm as AllauthSignupForm
from django.contrib.auth.hashers import make_password


class SignupForm(AllauthSignupForm):
    def try_save(self, request):
        if self.account_already_exists:
            # allauth then creates nothing and mails the owner a notice, so the answer came back in
            # a twentieth of the time a new account takes, hashing its password: the time alone
            # told which addresses are registered. The same hashing, thrown away, evens it out.
            make_password(self.cleaned_data["password1"])
        return super().try_save(request)
