"""Forms of the selection: a host's change of stage, private note and order of a candidate."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import HOST_STAGES, ApplicationNote, HostChoice


class StageForm(forms.Form):
    """The next stage among those the table allows from the application's status and a host
    sets by hand."""

    status = forms.ChoiceField(label=_("Nueva etapa"))
    note = forms.CharField(
        label=_("Nota para el historial"),
        max_length=300,
        required=False,
    )

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = set(application.next_statuses)
        self.fields["status"].choices = [
            (status.value, status.label) for status in HOST_STAGES if status in allowed
        ]


class NoteForm(forms.ModelForm):
    class Meta:
        model = ApplicationNote
        fields = ["text"]
        labels = {"text": _("Nota privada")}
        help_texts = {
            "text": _(
                "Solo la ven la persona anfitriona de la plaza e IME, nunca quien se postula."
            )
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class HostOrderForm(forms.Form):
    host_rank = forms.IntegerField(
        label=_("Lugar en tu lista"),
        min_value=1,
        max_value=999,
        required=False,
        help_text=_("1 es tu candidata o candidato preferido; déjalo vacío si aún no decides."),
    )
    host_choice = forms.ChoiceField(label=_("Marca"), choices=HostChoice.choices)
