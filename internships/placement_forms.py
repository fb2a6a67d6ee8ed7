"""The evaluation each side fills at the end of a placement."""

from django import forms
from django.utils.translation import gettext_lazy as _

RATINGS = [(value, str(value)) for value in range(1, 6)]


class EvaluationForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Calificación general (1 = muy mala, 5 = excelente)"),
        choices=RATINGS,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comentario"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Hasta 2,000 caracteres. Tu evaluación la lee solo el IME; la otra parte no la ve."
        ),
    )
