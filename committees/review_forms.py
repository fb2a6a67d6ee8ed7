"""The reviewer's forms: a review (one score per criterion of the call, on its scale, required
only to submit), a conflict declared on a proposal, and a line of the standing declaration."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Declaration

SUBMIT = "enviar"


def score_field(criterion):
    return f"criterio_{criterion.pk}"


class ReviewForm(forms.Form):
    comment_to_applicant = forms.CharField(
        label=_("Comentario para quien propone"),
        help_text=_("Lo lee quien propone cuando se publique la decisión."),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5_000,
        required=False,
    )
    comment_to_committee = forms.CharField(
        label=_("Comentario para el comité"),
        help_text=_("Solo lo lee el comité; quien propone nunca lo ve."),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5_000,
        required=False,
    )

    def __init__(self, *args, criteria, submit=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        self.submit = submit
        scores = {}
        for criterion in self.criteria:
            scores[score_field(criterion)] = forms.IntegerField(
                label=criterion.name,
                help_text=(f"{criterion.description} · " if criterion.description else "")
                + str(
                    _("de 0 a %(max)d, peso %(weight)d")
                    % {"max": criterion.scale_max, "weight": criterion.weight}
                ),
                min_value=0,
                max_value=criterion.scale_max,
                required=False,
            )
        # The scores first, in the call's order, then the comments.
        self.fields = {**scores, **self.fields}

    def clean(self):
        cleaned = super().clean()
        if self.submit:
            for criterion in self.criteria:
                name = score_field(criterion)
                if name not in self.errors and cleaned.get(name) is None:
                    self.add_error(name, _("Califica este criterio para enviar la evaluación."))
        return cleaned

    def scores(self):
        """{criterion: value or None} of the valid form."""
        return {
            criterion: self.cleaned_data.get(score_field(criterion)) for criterion in self.criteria
        }


class ConflictForm(forms.Form):
    reason = forms.CharField(
        label=_("¿Cuál es el conflicto?"),
        help_text=_(
            "Por ejemplo: trabajé con esta institución, conozco a quien propone. La propuesta "
            "deja tu lista y no vuelve a menos que el personal dispense el conflicto."
        ),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DeclarationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Tipo"), choices=Declaration.Kind.choices)
    name = forms.CharField(
        label=_("Nombre"),
        help_text=_("La institución o la persona, como la escribiría quien propone."),
        max_length=200,
    )
