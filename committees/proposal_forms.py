"""The applicant's form: the proposal and one checked PDF per document the call requires.
Forms validate; committees.services.submit_proposal writes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from redtalentos.lib.documents import MB, PDFField

from .models import LANGUAGES, Proposal

DOCUMENT_MAX_BYTES = 10 * MB
LANGUAGE_LABELS = dict(LANGUAGES)


def document_field_name(required):
    return f"documento_{required.pk}"


class ProposalForm(forms.ModelForm):
    """`call` gives the languages offered and the documents required (one PDF field each)."""

    class Meta:
        model = Proposal
        fields = ["organisation", "title", "summary", "language"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 10})}
        help_texts = {
            "organisation": _("La institución mexicana que presenta la propuesta."),
            "summary": _("Qué propones, con quién y qué cambia en México. Hasta 5,000 caracteres."),
        }

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.call = call
        self.fields["language"].choices = [
            (code, LANGUAGE_LABELS.get(code, code)) for code in call.languages
        ] or list(LANGUAGES)
        self.required_documents = list(call.required_documents.all())
        for required in self.required_documents:
            self.fields[document_field_name(required)] = PDFField(
                label=required.name,
                max_bytes=DOCUMENT_MAX_BYTES,
                help_text=_(
                    "Un PDF de hasta 10 MB. Solo lo ven tú, el personal de la convocatoria y "
                    "quienes la evalúan sin conflicto de interés; cada consulta queda registrada."
                ),
            )

    def document_fields(self):
        return [self[document_field_name(required)] for required in self.required_documents]

    def uploads(self):
        """{RequiredDocument: checked upload} for committees.services.submit_proposal."""
        return {
            required: self.cleaned_data[document_field_name(required)]
            for required in self.required_documents
        }
