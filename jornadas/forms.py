"""The agenda's filters (by day and by track), read from the query string of the edition page."""

from django import forms
from django.utils.translation import gettext_lazy as _


class AgendaFilterForm(forms.Form):
    """The agenda shows one day at a time: `dia` comes from the day links (and goes back hidden
    with the track form), `eje` from the form. Choices come from the edition itself: a value that
    is not one of its days or tracks is an error shown on the page, and that filter is left out
    (never a 500)."""

    dia = forms.ChoiceField(label=_("Día"), required=False, widget=forms.HiddenInput)
    eje = forms.ChoiceField(label=_("Eje"), required=False)

    def __init__(self, data, *, days, tracks):
        super().__init__(data)
        self.fields["dia"].choices = [(day.isoformat(), day.isoformat()) for day in days]
        self.fields["eje"].choices = [("", _("Todos los ejes"))] + [
            (str(track.pk), track.display_name) for track in tracks
        ]
        self._days = {day.isoformat(): day for day in days}
        self._tracks = {str(track.pk): track for track in tracks}

    def clean_dia(self):
        return self._days.get(self.cleaned_data["dia"])

    def clean_eje(self):
        return self._tracks.get(self.cleaned_data["eje"])


class RegistrationForm(forms.Form):
    """Registration for an edition. Travel needs are asked of members abroad only; everything
    here is seen by the person and by IME's logistics, never by PNCS staff or other members."""

    attendance = forms.ChoiceField(label=_("¿Cómo asistirás?"), widget=forms.RadioSelect)
    arrives_on = forms.DateField(
        label=_("Llegada a la ciudad"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Solo si asistes en persona desde el exterior."),
    )
    departs_on = forms.DateField(
        label=_("Salida de la ciudad"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    needs_invitation_letter = forms.BooleanField(
        label=_("Necesito una carta de invitación para tramitar la visa"), required=False
    )
    dietary_needs = forms.CharField(
        label=_("Necesidades de alimentación"),
        max_length=300,
        required=False,
        help_text=_("Por ejemplo: vegetariana, sin gluten, alergias."),
    )
    accessibility_needs = forms.CharField(
        label=_("Necesidades de accesibilidad"),
        max_length=300,
        required=False,
        help_text=_("Por ejemplo: acceso en silla de ruedas, interpretación en lengua de señas."),
    )

    TRAVEL = ("arrives_on", "departs_on", "needs_invitation_letter")

    def __init__(self, data=None, *, edition, abroad):
        super().__init__(data)
        from .models import Attendance

        choices = []
        if edition.venue or edition.city or not edition.is_online:
            choices.append((Attendance.IN_PERSON, Attendance.IN_PERSON.label))
        if edition.is_online:
            choices.append((Attendance.ONLINE, Attendance.ONLINE.label))
        self.fields["attendance"].choices = choices
        self.fields["attendance"].initial = choices[0][0]
        if not abroad:
            for name in self.TRAVEL:
                del self.fields[name]
        self.edition = edition

    def clean(self):
        data = super().clean()
        arrives, departs = data.get("arrives_on"), data.get("departs_on")
        if arrives and departs and departs < arrives:
            self.add_error("departs_on", _("La salida debe ser el día de la llegada o después."))
        if data.get("attendance") == "online":
            # Online attendance needs no travel: nothing of it is kept.
            for name in self.TRAVEL:
                if name in self.fields:
                    data[name] = False if name == "needs_invitation_letter" else None
        return data


class SessionChoiceForm(forms.Form):
    accion = forms.ChoiceField(
        choices=[("elegir", "elegir"), ("quitar", "quitar"), ("aceptar", "aceptar")]
    )


class CheckInForm(forms.Form):
    """The one field of the check-in page: what the phone's QR scanner gave, or the code typed."""

    codigo = forms.CharField(
        label=_("Código de registro de asistencia"),
        max_length=2000,  # checkin.MAX_INPUT: a scanner's URL fits, a paste of a book does not
        help_text=_(
            "Escanea el código QR de la persona o escribe el código que aparece debajo de él."
        ),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "none",
                "spellcheck": "false",
                # A single-purpose page: a hand scanner types into it at once.
                "autofocus": True,
            }
        ),
    )
