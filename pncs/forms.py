"""The work-programme activity form (validation only: the view saves)."""

import re

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from chapters.models import Chapter
from redtalentos.lib.workflows import clean_status_change, limit_status_choices

from . import people
from .models import ContactPoint, WorkProgrammeActivity

MAX_LINKED_MEMBERS = 50
# A profile is named by its address (…/miembros/<slug>/) or by the slug alone.
PROFILE_SLUG = re.compile(r"(?:.*/miembros/)?([-\w]+)/?")


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        # Never an email address (User.__str__ falls back to it).
        return obj.full_name or _("Cuenta sin nombre")


class MemberReferencesField(forms.CharField):
    """Member profiles, one per line: the address of the profile or its last part."""

    widget = forms.Textarea(attrs={"rows": 4})

    def to_python(self, value):
        value = super().to_python(value)
        return [line.strip() for line in value.replace(",", "\n").splitlines() if line.strip()]

    def validate(self, value):
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")


ONE_RESPONSIBLE = _("Elige a alguien del personal o escribe otro nombre, no ambos.")


class ActivityForm(forms.ModelForm):
    contact_point = forms.ModelChoiceField(
        label=_("Punto de contacto"),
        queryset=ContactPoint.objects.none(),
        error_messages={"invalid_choice": _("Elige uno de tus puntos de contacto.")},
    )
    responsible = StaffChoiceField(
        label=_("Responsable"),
        queryset=get_user_model().objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Elige a alguien del personal del PNCS.")},
    )
    members = MemberReferencesField(
        label=_("Miembros vinculados"),
        required=False,
        max_length=5000,
        help_text=_(
            "Una dirección de perfil por línea (por ejemplo …/miembros/ana-ruiz/). Solo puedes "
            "vincular a miembros que aceptaron ser localizables por el PNCS de su sector."
        ),
    )

    class Meta:
        model = WorkProgrammeActivity
        fields = [
            "contact_point",
            "title",
            "line_of_work",
            "status",
            "description",
            "responsible",
            "responsible_name",
            "starts_on",
            "ends_on",
            "chapters",
            "members",
            "outcomes",
        ]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "chapters": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 5}),
            "outcomes": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, contact_points, **kwargs):
        """`contact_points`: those the signed-in user works on (the choices offered)."""
        super().__init__(*args, **kwargs)
        self.contact_points = list(contact_points)
        limit_status_choices(self)
        if len(self.contact_points) == 1 and self.instance.contact_point_id in (
            None,
            self.contact_points[0].pk,
        ):
            # Nothing to choose: the activity belongs to the user's only contact point.
            del self.fields["contact_point"]
            self.instance.contact_point = self.contact_points[0]
        else:
            self.fields["contact_point"].queryset = ContactPoint.objects.filter(
                pk__in=[cp.pk for cp in self.contact_points]
            )
        self.fields["responsible"].queryset = (
            get_user_model()
            .objects.filter(
                is_active=True, contact_points__in=[cp.pk for cp in self.contact_points]
            )
            .distinct()
            .order_by("full_name", "pk")
        )
        self.fields["chapters"].queryset = Chapter.objects.order_by("name")
        if self.instance.pk and not self.is_bound:
            # Not those who withdrew their consent since: saving the form unlinks them.
            self.initial["members"] = "\n".join(
                self.instance.members.findable_by_pncs()
                .order_by("full_name")
                .values_list("slug", flat=True)
            )

    def clean_status(self):
        return clean_status_change(self)

    def _chosen_contact_point(self):
        if "contact_point" in self.fields:
            return self.cleaned_data.get("contact_point")
        return self.instance.contact_point

    def clean_members(self):
        references = self.cleaned_data["members"]
        if len(references) > MAX_LINKED_MEMBERS:
            raise forms.ValidationError(
                _("Puedes vincular como máximo %(limit)d miembros a una actividad."),
                params={"limit": MAX_LINKED_MEMBERS},
            )
        slugs = []
        unknown = []
        for reference in references:
            match = PROFILE_SLUG.fullmatch(reference)
            (slugs if match else unknown).append(match.group(1) if match else reference)
        return {"slugs": list(dict.fromkeys(slugs)), "unknown": unknown}

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            # Here, or the database constraint's message (with its internal name) is shown.
            self.add_error(
                "ends_on", _("La fecha de término no puede ser anterior a la de inicio.")
            )
        contact_point = self._chosen_contact_point()
        responsible = cleaned.get("responsible")
        if responsible is not None and cleaned.get("responsible_name"):
            self.add_error("responsible_name", ONE_RESPONSIBLE)
        if (
            contact_point is not None
            and responsible is not None
            and not contact_point.staff.filter(pk=responsible.pk).exists()
        ):
            self.add_error(
                "responsible", _("La persona responsable debe ser parte del personal de este PNCS.")
            )
        references = cleaned.get("members")
        if isinstance(references, dict):
            cleaned["members"] = self._linkable_members(contact_point, references)
        return cleaned

    def _linkable_members(self, contact_point, references):
        """The members named, if each consented to be found by this PNCS (one of its sectors).

        The same message for a profile that does not exist and one that did not consent: the
        form must not reveal who is in the network.
        """
        found = {}
        if contact_point is not None and references["slugs"]:
            found = people.findable_members(contact_point, references["slugs"])
        refused = references["unknown"] + [s for s in references["slugs"] if s not in found]
        if refused and contact_point is not None:
            self.add_error(
                "members",
                _(
                    "No encontramos entre los miembros localizables por este PNCS: %(refs)s. "
                    "Revisa la dirección, o puede que esa persona no haya dado su "
                    "consentimiento."
                )
                % {"refs": ", ".join(refused[:10])},
            )
        return [found[slug] for slug in references["slugs"] if slug in found]
