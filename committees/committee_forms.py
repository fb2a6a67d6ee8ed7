"""The forms of the staff's work on a committee: an invitation, a search among the experts who
may be invited, a conflict's waiver, an assignment by hand and a proposal's decision. They only
validate: the writes are committees.services'."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ConflictSource


class InviteForm(forms.Form):
    member = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    message = forms.CharField(
        label=_("Mensaje"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Si lo dejas vacío, enviamos uno con el título de la convocatoria."),
    )


class CandidateSearchForm(forms.Form):
    q = forms.CharField(label=_("Buscar por nombre"), required=False, max_length=100)


class ConflictFilterForm(forms.Form):
    origen = forms.ChoiceField(
        label=_("Origen"),
        required=False,
        choices=[("", _("Todos")), *ConflictSource.choices],
    )


class WaiverForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivo de la dispensa"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Queda registrado con tu nombre."),
    )


class ManualAssignmentForm(forms.Form):
    reviewer = forms.IntegerField(label=_("Evaluador"), min_value=1, max_value=2**31 - 1)
    proposal = forms.UUIDField(label=_("Propuesta"))

    def __init__(self, *args, reviewers=(), proposals=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].widget = forms.Select(
            choices=[(reviewer.pk, reviewer.member.full_name) for reviewer in reviewers]
        )
        self.fields["proposal"].widget = forms.Select(
            choices=[(proposal.uuid, proposal.title) for proposal in proposals]
        )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decisión"),
        choices=[("accept", _("Aceptar")), ("reject", _("Rechazar"))],
        widget=forms.RadioSelect,
    )
    rationale = forms.CharField(
        label=_("Fundamento"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Quien propone lo recibe junto con la decisión."),
    )
