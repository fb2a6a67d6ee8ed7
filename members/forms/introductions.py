"""The introduction request form: why and a short message (the service decides if it may go)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import IntroductionRequest

MESSAGE_MAX_LENGTH = 1000


class IntroductionRequestForm(forms.Form):
    purpose = forms.ChoiceField(
        label=_("Propósito"),
        choices=[("", _("Elige un propósito")), *IntroductionRequest.Purpose.choices],
        error_messages={
            "required": _("Elige el propósito de tu solicitud."),
            "invalid_choice": _("Elige uno de los propósitos de la lista."),
        },
    )
    message = forms.CharField(
        label=_("Mensaje"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=MESSAGE_MAX_LENGTH,
        strip=True,
        help_text=_(
            "Preséntate y cuenta en pocas líneas qué te gustaría proponer (máximo 1000 "
            "caracteres). No incluyas datos personales que no quieras compartir."
        ),
        error_messages={
            "required": _("Escribe un mensaje para presentarte."),
            "max_length": _(
                "El mensaje puede tener como máximo %(limit_value)d caracteres "
                "(tiene %(show_value)d)."
            ),
            "null_characters_not_allowed": _("El mensaje contiene caracteres no válidos."),
        },
    )
