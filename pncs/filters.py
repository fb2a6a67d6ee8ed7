"""The filters of the work programme (list, CSV export and printable page share them)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ActivityStatus, ContactPoint, LineOfWork, WorkProgrammeActivity


class ActivityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        field_name="title",
        lookup_expr="icontains",
        label=_("Buscar en el título"),
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    status = django_filters.ChoiceFilter(
        label=_("Estado"), choices=ActivityStatus.choices, empty_label=_("Todos")
    )
    line_of_work = django_filters.ChoiceFilter(
        label=_("Línea de trabajo"), choices=LineOfWork.choices, empty_label=_("Todas")
    )
    contact_point = django_filters.ModelChoiceFilter(
        label=_("Punto de contacto"),
        to_field_name="slug",
        queryset=ContactPoint.objects.none(),  # set per request: the user's contact points
        empty_label=_("Todos"),
    )

    class Meta:
        model = WorkProgrammeActivity
        fields = ["q", "status", "line_of_work", "contact_point"]

    def __init__(self, data=None, queryset=None, *, contact_points, **kwargs):
        """`contact_points`: those the user works on; `queryset` must already be limited to
        them. The contact point filter is offered only when there is more than one."""
        super().__init__(data, queryset, **kwargs)
        if len(contact_points) > 1:
            self.filters["contact_point"].queryset = ContactPoint.objects.filter(
                pk__in=[cp.pk for cp in contact_points]
            )
        else:
            del self.filters["contact_point"]

    def applied(self):
        """The valid filters in use, as {name: value} for query strings and the export log."""
        if not self.is_bound:
            return {}
        self.form.is_valid()  # fills cleaned_data with the valid fields only
        return {
            name: getattr(value, "slug", value)
            for name, value in self.form.cleaned_data.items()
            if value not in (None, "")
        }
