"""Forms of the speakers' pages: the invitation, the abstract and the materials."""

from django import forms
from django.utils.translation import gettext_lazy as _

from redtalentos.lib.documents import PDFField

from .models import Session, SpeakerRole
from .speakers import MATERIAL_MAX_BYTES


class CandidateSearchForm(forms.Form):
    q = forms.CharField(label=_("Buscar por nombre"), max_length=100, required=False)


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, member):
        return member.full_name


class SpeakerInvitationForm(forms.Form):
    """`candidates`: the members the inviter may invite; one of those shown is picked."""

    member = MemberChoiceField(
        label=_("Miembro"),
        queryset=None,
        to_field_name="slug",
        widget=forms.RadioSelect,
        error_messages={
            "invalid_choice": _("Elige a un miembro de la lista."),
            "required": _("Elige a un miembro de la lista."),
        },
    )
    role = forms.ChoiceField(label=_("Papel"), choices=SpeakerRole.choices)
    message = forms.CharField(
        label=_("Mensaje"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Lo recibe por correo, sin tu dirección. Hasta 1000 caracteres."),
    )

    def __init__(self, *args, candidates, shown, **kwargs):
        super().__init__(*args, **kwargs)
        # Validated against every candidate; the radio buttons list the ones found by the search.
        self.fields["member"].queryset = candidates
        self.fields["member"].widget.choices = [(member.slug, member.full_name) for member in shown]


class AbstractForm(forms.ModelForm):
    class Meta:
        model = Session
        fields = ["abstract"]
        widgets = {"abstract": forms.Textarea(attrs={"rows": 12})}
        help_texts = {
            "abstract": _(
                "Texto simple o Markdown (listas, enlaces, negritas), hasta 5000 caracteres."
            )
        }


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Título"), max_length=200)
    file = PDFField(
        label=_("Archivo PDF"),
        max_bytes=MATERIAL_MAX_BYTES,
        help_text=_(
            "Un PDF de hasta 20 MB, sin contraseña, sin JavaScript y sin archivos adjuntos."
        ),
    )
