"""The feedback survey's form: an overall rating, optional ratings of the sessions of the person's
agenda, and a comment."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .survey import RATINGS

RATING_CHOICES = [(value, str(value)) for value in RATINGS]


class SurveyForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("¿Cómo calificas la jornada en general?"),
        help_text=_("De 1 (mala) a 5 (excelente)."),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comentario"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Opcional, hasta 2,000 caracteres."),
    )

    def __init__(self, *args, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.sessions = sessions
        for session in sessions:
            self.fields[f"sesion_{session.pk}"] = forms.TypedChoiceField(
                label=session.title,
                choices=[("", _("Sin calificar")), *RATING_CHOICES],
                coerce=int,
                empty_value=None,
                required=False,
            )

    def session_ratings(self):
        """{session: rating} of the sessions rated."""
        return {
            session: self.cleaned_data[f"sesion_{session.pk}"]
            for session in self.sessions
            if self.cleaned_data.get(f"sesion_{session.pk}") is not None
        }

    def session_fields(self):
        return [self[f"sesion_{session.pk}"] for session in self.sessions]
