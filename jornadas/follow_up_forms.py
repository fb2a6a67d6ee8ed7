"""Forms of the follow-up actions (validation only: jornadas.follow_ups writes)."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pncs.forms import ONE_RESPONSIBLE, StaffChoiceField

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class FollowUpForm(forms.Form):
    """A follow-up being added: `choices` are the (contact point, sector) pairs it may go to
    (jornadas.follow_ups.contact_point_choices)."""

    destination = forms.ChoiceField(
        label=_("Sector y PNCS"),
        help_text=_("La acción aparece en el programa de trabajo de ese PNCS."),
        error_messages={"invalid_choice": _("Elige uno de los sectores que atiendes.")},
    )
    title = forms.CharField(label=_("Acción"), max_length=200)
    description = forms.CharField(
        label=_("Detalles"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    responsible = StaffChoiceField(
        label=_("Responsable del personal del PNCS"),
        queryset=get_user_model().objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Elige a alguien del personal del PNCS.")},
    )
    responsible_name = forms.CharField(
        label=_("O bien, otra persona responsable"),
        max_length=150,
        required=False,
        help_text=_("Su nombre, si no es parte del personal del PNCS (nunca un correo)."),
    )
    due_on = forms.DateField(label=_("Fecha límite"), widget=DATE_WIDGET)

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.pairs = {f"{cp.pk}-{sector.pk}": (cp, sector) for cp, sector in choices}
        self.fields["destination"].choices = [
            (key, f"{sector} · {cp.name}") for key, (cp, sector) in self.pairs.items()
        ]
        self.fields["responsible"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, contact_points__in={cp.pk for cp, _s in choices})
            .distinct()
            .order_by("full_name", "pk")
        )

    def contact_point(self):
        pair = self.pairs.get(self.cleaned_data.get("destination"))
        return pair[0] if pair else None

    def earliest_due_on(self):
        return timezone.localdate()

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        if due_on < self.earliest_due_on():
            raise forms.ValidationError(_("La fecha límite no puede ser anterior a hoy."))
        return due_on

    def clean(self):
        cleaned = super().clean()
        if "destination" in self.fields and cleaned.get("destination"):
            cleaned["contact_point"], cleaned["sector"] = self.pairs[cleaned["destination"]]
        responsible = cleaned.get("responsible")
        if responsible is not None and cleaned.get("responsible_name"):
            self.add_error("responsible_name", ONE_RESPONSIBLE)
        contact_point = self.contact_point()
        if (
            responsible is not None
            and contact_point is not None
            and not contact_point.staff.filter(pk=responsible.pk).exists()
        ):
            self.add_error(
                "responsible", _("La persona responsable debe ser parte del personal de este PNCS.")
            )
        return cleaned


class FollowUpEditForm(FollowUpForm):
    """A follow-up being changed: its sector and PNCS stay; the outcomes can be written."""

    outcomes = forms.CharField(
        label=_("Resultados"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, follow_up, **kwargs):
        self.follow_up = follow_up
        activity = follow_up.activity
        kwargs.setdefault(
            "initial",
            {
                "title": activity.title,
                "description": activity.description,
                "responsible": activity.responsible_id,
                "responsible_name": activity.responsible_name,
                "due_on": activity.ends_on,
                "outcomes": activity.outcomes,
            },
        )
        super().__init__(*args, choices=[(activity.contact_point, follow_up.sector)], **kwargs)
        del self.fields["destination"]

    def contact_point(self):
        return self.follow_up.activity.contact_point

    def earliest_due_on(self):
        return self.follow_up.activity.starts_on

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        if due_on < self.earliest_due_on():
            raise forms.ValidationError(
                _("La fecha límite no puede ser anterior al registro de la acción (%(date)s).")
                % {"date": self.earliest_due_on().isoformat()}
            )
        return due_on
