"""The contact form, with its protection against spam that needs no third-party service: a
honeypot field that people never see, and a signed timestamp that refuses forms sent faster than
a person types or kept longer than a day (a form replayed by a script)."""

import time

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from .models import ContactMessage, ContactSubject
from .models.site import MAX_MESSAGE_LENGTH

TOKEN_SALT = "content.contact.form"  # noqa: S105 - a signing salt, not a secret
MIN_SECONDS = 3
MAX_SECONDS = 24 * 60 * 60


def make_token(issued_at=None):
    """The signed moment the form was shown (the form's hidden `token`)."""
    return signing.dumps({"t": time.time() if issued_at is None else issued_at}, salt=TOKEN_SALT)


def _has_control_characters(value):
    return any(ord(c) < 32 or 127 <= ord(c) < 160 for c in value)


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Nombre"), max_length=200)
    email = forms.EmailField(
        label=_("Correo electrónico"),
        max_length=254,
        help_text=_("Solo para responderte; no lo mostramos ni lo compartimos."),
    )
    subject = forms.ChoiceField(label=_("Asunto"), choices=ContactSubject.choices)
    message = forms.CharField(
        label=_("Mensaje"),
        max_length=MAX_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Hasta 5,000 caracteres."),
    )
    consent = forms.BooleanField(
        label=_(
            "Acepto que el IME trate estos datos para responder a mi mensaje, conforme al aviso "
            "de privacidad."
        ),
        error_messages={"required": _("Sin tu consentimiento no podemos recibir tu mensaje.")},
    )
    # The honeypot: hidden from people and screen readers (see the template); scripts fill it.
    website = forms.CharField(
        label=_("Deja este campo vacío"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    token = forms.CharField(widget=forms.HiddenInput, max_length=500)

    def __init__(self, *args, now=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.now = now
        if not self.is_bound:
            self.initial.setdefault("token", make_token())

    def clean_name(self):
        name = self.cleaned_data["name"]
        if _has_control_characters(name):
            raise forms.ValidationError(_("Escribe tu nombre sin caracteres de control."))
        return name

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError(
                _("No pudimos recibir tu mensaje. Deja vacío el campo oculto e inténtalo de nuevo.")
            )
        return ""

    def clean_token(self):
        try:
            issued_at = float(signing.loads(self.cleaned_data["token"], salt=TOKEN_SALT)["t"])
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            raise forms.ValidationError(
                _("El formulario no es válido. Vuelve a cargar la página y envíalo otra vez.")
            ) from None
        age = (time.time() if self.now is None else self.now) - issued_at
        if age < MIN_SECONDS:
            raise forms.ValidationError(
                _(
                    "Enviaste el formulario demasiado rápido. Espera unos segundos y envíalo "
                    "otra vez."
                )
            )
        if age > MAX_SECONDS:
            raise forms.ValidationError(
                _(
                    "El formulario caducó: pasó más de un día desde que abriste la página. "
                    "Vuelve a cargarla y envíalo otra vez."
                )
            )
        return self.cleaned_data["token"]

    def to_message(self, *, language):
        data = self.cleaned_data
        return ContactMessage(
            name=data["name"],
            email=data["email"],
            subject=data["subject"],
            message=data["message"],
            language=language,
        )
