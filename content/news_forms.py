"""The news' forms: the writer's (IME, PNCS), the list's filters, a status change and a chapter's
proposal. They validate; content.news_services saves."""

from django import forms
from django.utils.translation import gettext_lazy as _

from chapters.models import Chapter
from pncs.models import Sector

from .models import NewsItem, NewsLanguage, NewsScope

DATETIME_INPUT = "%Y-%m-%dT%H:%M"


class NewsForm(forms.ModelForm):
    """`sector_ids`: None for IME (national news or any sector), the writer's sectors for PNCS
    staff (sector news of those sectors only). A chapter's proposal keeps its scope and chapter."""

    class Meta:
        model = NewsItem
        fields = ["title", "summary", "body", "language", "scope", "sector", "publish_at"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 14}),
            "publish_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format=DATETIME_INPUT
            ),
        }

    def __init__(self, *args, sector_ids=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["publish_at"].input_formats = [DATETIME_INPUT, "%Y-%m-%d %H:%M"]
        if self.instance.pk and self.instance.scope == NewsScope.CHAPTER:
            del self.fields["scope"]
            del self.fields["sector"]
            return
        sectors = Sector.objects.all()
        if sector_ids is None:
            self.fields["scope"].choices = [
                (NewsScope.NATIONAL, NewsScope.NATIONAL.label),
                (NewsScope.SECTOR, NewsScope.SECTOR.label),
            ]
        else:
            self.fields["scope"].choices = [(NewsScope.SECTOR, NewsScope.SECTOR.label)]
            self.fields["scope"].initial = NewsScope.SECTOR
            sectors = sectors.filter(pk__in=sector_ids)
        self.fields["sector"].queryset = sectors

    def clean(self):
        data = super().clean()
        scope = data.get("scope")
        if scope == NewsScope.SECTOR and not data.get("sector"):
            self.add_error("sector", _("Elige el sector de esta noticia."))
        if scope == NewsScope.NATIONAL:
            data["sector"] = None
        return data


class NewsFilterForm(forms.Form):
    """The list's filters. A value that names nothing is ignored (the list shows all)."""

    sector = forms.ModelChoiceField(
        label=_("Sector"), queryset=Sector.objects.all(), to_field_name="slug", required=False
    )
    capitulo = forms.ModelChoiceField(
        label=_("Capítulo"),
        queryset=Chapter.objects.order_by("name"),
        to_field_name="slug",
        required=False,
    )
    idioma = forms.ChoiceField(
        label=_("Idioma"),
        choices=[("", _("Todos")), *NewsLanguage.choices],
        required=False,
    )

    def filters(self):
        """The valid filters as {name: value} (an invalid one is dropped, never an error page)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data[name] for name in ("sector", "capitulo", "idioma") if data.get(name)}


class StatusForm(forms.Form):
    ACTIONS = [
        ("publicar", _("Publicar")),
        ("retirar", _("Retirar de la publicación")),
        ("promover", _("Promover a la portada nacional")),
        ("declinar", _("Declinar")),
    ]
    accion = forms.ChoiceField(choices=ACTIONS)
    comentario = forms.CharField(
        label=_("Comentario para el capítulo"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ProposeForm(forms.Form):
    idioma = forms.ChoiceField(
        label=_("Idioma de la noticia"), choices=NewsLanguage.choices, initial=NewsLanguage.ES
    )
