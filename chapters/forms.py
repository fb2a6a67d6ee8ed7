"""Forms of the chapters app. They validate; the services in chapters.services write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from redtalentos.lib.images import process_image

from .models import Chapter, ChapterNews, ChapterProposal, JoinRequest

NEWS_IMAGE_SIZES = {"large": 1200}

NULL_CHARACTERS = _("El texto contiene caracteres no válidos.")


class ChapterEditForm(forms.ModelForm):
    class Meta:
        model = Chapter
        fields = ["description", "areas_of_interest", "action_lines"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 10}),
            "areas_of_interest": forms.Textarea(attrs={"rows": 6}),
            "action_lines": forms.Textarea(attrs={"rows": 6}),
        }
        error_messages = {
            field: {"null_characters_not_allowed": NULL_CHARACTERS}
            for field in ["description", "areas_of_interest", "action_lines"]
        }


class NewsForm(forms.Form):
    title = forms.CharField(
        label=_("Título"),
        max_length=200,
        error_messages={
            "required": _("Escribe el título de la noticia."),
            "null_characters_not_allowed": NULL_CHARACTERS,
        },
    )
    body = forms.CharField(
        label=_("Texto"),
        max_length=ChapterNews._meta.get_field("body").max_length,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=ChapterNews._meta.get_field("body").help_text,
        error_messages={
            "required": _("Escribe el texto de la noticia."),
            "null_characters_not_allowed": NULL_CHARACTERS,
        },
    )
    image = forms.FileField(
        label=_("Imagen (opcional)"),
        required=False,
        help_text=_("JPEG, PNG o WebP de hasta 5 MB. Guardamos una copia sin metadatos."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    image_description = forms.CharField(
        label=_("Descripción de la imagen"),
        max_length=250,
        required=False,
        help_text=_("Qué muestra la imagen, para quien no puede verla. Necesaria si subes una."),
        error_messages={"null_characters_not_allowed": NULL_CHARACTERS},
    )

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if not upload:
            return None
        # Checked and re-encoded here; the service stores the clean copy, never the upload.
        return process_image(upload, sizes=NEWS_IMAGE_SIZES, square=False)["large"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("image") and not cleaned.get("image_description"):
            self.add_error(
                "image_description", _("Describe en pocas palabras qué muestra la imagen.")
            )
        return cleaned


class JoinRequestForm(forms.ModelForm):
    class Meta:
        model = JoinRequest
        fields = ["message"]
        labels = {"message": _("Mensaje para la directiva (opcional)")}
        help_texts = {
            "message": _("Preséntate en pocas líneas: a qué te dedicas y qué te gustaría aportar.")
        }
        widgets = {"message": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"message": {"null_characters_not_allowed": NULL_CHARACTERS}}


class ProposalForm(forms.ModelForm):
    class Meta:
        model = ChapterProposal
        fields = ["city", "country", "founding_members", "purpose"]
        help_texts = {
            "purpose": _(
                "Qué quiere lograr el capítulo, con quién colaboraría y cómo se organizaría."
            ),
        }
        widgets = {
            "founding_members": forms.Textarea(attrs={"rows": 4}),
            "purpose": forms.Textarea(attrs={"rows": 8}),
        }
        error_messages = {
            "city": {
                "required": _("Escribe la ciudad o región del capítulo."),
                "null_characters_not_allowed": NULL_CHARACTERS,
            },
            "country": {
                "required": _("Elige el país."),
                "invalid_choice": _("Elige un país de la lista."),
            },
            "founding_members": {
                "required": _("Escribe los nombres de los miembros fundadores."),
                "null_characters_not_allowed": NULL_CHARACTERS,
            },
            "purpose": {
                "required": _("Cuenta el propósito del capítulo."),
                "null_characters_not_allowed": NULL_CHARACTERS,
            },
        }


class ApprovalPositionForm(forms.Form):
    """The new chapter's position on the map, asked of IME when approving a proposal (prefilled
    with the country's centre from chapters.positions): no chapter is born off the map."""

    latitude = forms.DecimalField(
        label=_("Latitud"),
        max_digits=7,
        decimal_places=4,
        min_value=-90,
        max_value=90,
        help_text=_("De -90 (sur) a 90 (norte)."),
        error_messages={"required": _("Escribe la latitud de la ciudad.")},
    )
    longitude = forms.DecimalField(
        label=_("Longitud"),
        max_digits=7,
        decimal_places=4,
        min_value=-180,
        max_value=180,
        help_text=_("De -180 (oeste) a 180 (este)."),
        error_messages={"required": _("Escribe la longitud de la ciudad.")},
    )
