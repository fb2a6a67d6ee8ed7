"""Forms of the onboarding: account type, name, and one switch per consent purpose."""

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import AccountType, Consent

# One sentence per purpose, shown next to its switch.
PURPOSE_HELP = {
    Consent.Purpose.PUBLIC_LISTING: _(
        "Cualquier persona podrá encontrar tu perfil en el directorio y ver los datos que marques "
        "como públicos."
    ),
    Consent.Purpose.PNCS_SEARCH: _(
        "El personal de los Puntos Nacionales de Contacto Sectorial de tus sectores podrá "
        "encontrarte y pedirte una presentación; cada consulta queda registrada."
    ),
    Consent.Purpose.CHAPTER: _(
        "Las personas de tu capítulo regional podrán ver tu perfil aunque no esté en el directorio "
        "público."
    ),
    Consent.Purpose.NEWS: _(
        "Te enviaremos por correo las noticias, convocatorias y eventos de la red."
    ),
}

# Purposes that only make sense with a directory profile.
PROFILE_PURPOSES = [
    Consent.Purpose.PUBLIC_LISTING,
    Consent.Purpose.PNCS_SEARCH,
    Consent.Purpose.CHAPTER,
]


def purposes_for(user):
    if user.account_type == AccountType.TALENT:
        return [*PROFILE_PURPOSES, Consent.Purpose.NEWS]
    return [Consent.Purpose.NEWS]


class AccountTypeForm(forms.Form):
    account_type = forms.ChoiceField(
        label=_("¿Cómo participas en la red?"),
        choices=AccountType.choices,
        widget=forms.RadioSelect,
    )
    full_name = forms.CharField(
        label=_("Nombre completo"),
        max_length=150,
        help_text=_("Como quieres que aparezca en la red."),
    )

    def clean_full_name(self):
        name = " ".join(self.cleaned_data["full_name"].split())
        if not any(ch.isalpha() for ch in name):
            raise forms.ValidationError(_("Escribe tu nombre con letras."))
        return name


class ConsentsForm(forms.Form):
    """One checkbox per purpose the account can consent to; all off unless already granted."""

    def __init__(self, *args, user, initial_state=None, **kwargs):
        super().__init__(*args, **kwargs)
        initial_state = initial_state or {}
        for purpose in purposes_for(user):
            self.fields[purpose] = forms.BooleanField(
                label=Consent.Purpose(purpose).label,
                help_text=PURPOSE_HELP[purpose],
                required=False,
                initial=initial_state.get(purpose, False),
            )


class ConsentChangeForm(forms.Form):
    """The one-click grant or withdrawal of the privacy settings page."""

    purpose = forms.ChoiceField(choices=Consent.Purpose.choices)
    granted = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")], coerce=lambda value: value == "1"
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_purpose(self):
        purpose = self.cleaned_data["purpose"]
        if purpose not in purposes_for(self.user):
            raise forms.ValidationError(_("Esta finalidad no aplica a tu tipo de cuenta."))
        return purpose
