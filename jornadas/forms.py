"""The agenda's filters (by day and by track), read from the query string of the edition page."""

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _


def day_label(day):
    """The weekday and the date in the locale: martes 9 de marzo de 2027, Tuesday March 9, 2027."""
    return f"{formats.date_format(day, 'l')} {formats.date_format(day, 'DATE_FORMAT')}"


class AgendaFilterForm(forms.Form):
    """Choices come from the edition itself: a value that is not one of its days or tracks is an
    error shown on the page, and that filter is left out (never a 500)."""

    dia = forms.ChoiceField(label=_("Día"), required=False)
    eje = forms.ChoiceField(label=_("Eje"), required=False)

    def __init__(self, data, *, days, tracks):
        super().__init__(data)
        self.fields["dia"].choices = [("", _("Todos los días"))] + [
            (day.isoformat(), day_label(day)) for day in days
        ]
        self.fields["eje"].choices = [("", _("Todos los ejes"))] + [
            (str(track.pk), track.display_name) for track in tracks
        ]
        self._days = {day.isoformat(): day for day in days}
        self._tracks = {str(track.pk): track for track in tracks}

    def clean_dia(self):
        return self._days.get(self.cleaned_data["dia"])

    def clean_eje(self):
        return self._tracks.get(self.cleaned_data["eje"])
