"""The form with which IME or a PNCS opens a cycle or moves its dates."""

import datetime

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Cycle

OFFER_DAYS_MAX = 60


class CycleForm(forms.ModelForm):
    """A cycle's names, milestones and rules. The milestones' order is the model's rule
    (Cycle.clean), shown on the first field out of order; the slug is made by the service."""

    offer_days = forms.IntegerField(
        label=_("Días para responder una oferta"),
        validators=[MinValueValidator(1), MaxValueValidator(OFFER_DAYS_MAX)],
        help_text=_("De 1 a 60 días."),
    )

    class Meta:
        model = Cycle
        fields = [
            "name",
            "name_en",
            "description",
            *Cycle.MILESTONE_ORDER[:5],
            "offer_days",
            *Cycle.MILESTONE_ORDER[5:],
            "allow_direct_offers",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            **{
                name: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
                for name in Cycle.MILESTONE_ORDER
            },
        }
        help_texts = {
            "name": _("Por ejemplo «Verano 2027». Aparece en las plazas y en las postulaciones."),
            "name_en": _("Opcional: el nombre que ven quienes usan el portal en inglés."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offer_days"].widget.attrs.update({"min": 1, "max": OFFER_DAYS_MAX})
        for name in Cycle.MILESTONE_ORDER:
            self.fields[name].input_formats = ["%Y-%m-%d", "%d/%m/%Y"]

    def clean_placement_end(self):
        # A new cycle is for what is to come; history is IME's to record in the admin.
        end = self.cleaned_data["placement_end"]
        if self.instance.pk is None and end < timezone.localdate():
            raise forms.ValidationError(_("Un ciclo nuevo no puede terminar en el pasado."))
        if end > timezone.localdate() + datetime.timedelta(days=365 * 5):
            raise forms.ValidationError(_("Elige una fecha en los próximos cinco años."))
        return end
