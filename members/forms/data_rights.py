"""The confirmation asked before an account is deleted."""

from django import forms
from django.utils.translation import gettext_lazy as _


class AccountDeleteForm(forms.Form):
    # Long enough for any real password; longer input is refused before it is hashed.
    password = forms.CharField(
        label=_("Tu contraseña"),
        max_length=1024,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Escríbela de nuevo para confirmar que eres tú."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                _("La contraseña no es correcta. Tu cuenta sigue igual."), code="wrong_password"
            )
        return password
