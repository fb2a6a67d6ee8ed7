"""IME's admin for certificates: search, revoke in bulk (with a reason) and download PDFs as a ZIP.

A certificate is never edited once issued (its public check would change under the verifier's
eyes) nor deleted here: IME revokes it, and issues a corrected one if needed.
"""

import tempfile
import zipfile

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.http import FileResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Certificate
from .services import render_pdf, revoke

# Longer search terms are cut: the admin turns every word into a clause of the query.
MAX_SEARCH_LENGTH = 200
# PDFs in one ZIP: rendered in the request, so that it ends within a few seconds.
MAX_ZIP = 500


class RevokedFilter(admin.SimpleListFilter):
    title = _("revocado")
    parameter_name = "revocado"

    def lookups(self, request, model_admin):
        return [("si", _("Sí")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() == "si":
            return queryset.revoked()
        if self.value() == "no":
            return queryset.valid()
        return queryset


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivo"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_(
            "Opcional. Se muestra en la página pública de verificación de cada certificado."
        ),
    )


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["public_id", "holder_name", "kind", "title", "starts_on", "issued_at", "valid"]
    list_filter = ["kind", RevokedFilter, "source_app"]
    search_fields = ["holder_name", "=public_id", "title"]
    autocomplete_fields = ["holder"]
    date_hierarchy = "issued_at"
    actions = ["revoke_selected", "download_zip"]
    fields = [
        "kind",
        "holder",
        "holder_name",
        "title",
        "role",
        "starts_on",
        "ends_on",
        "place",
        "issued_by_label",
    ]
    issued_fields = [
        "public_id",
        *fields,
        "issued_at",
        "source_app",
        "source_key",
        "revoked_at",
        "revoked_by",
        "revocation_reason",
    ]

    @admin.display(boolean=True, description=_("vigente"), ordering="revoked_at")
    def valid(self, certificate):
        return not certificate.is_revoked

    def get_fields(self, request, obj=None):
        return self.issued_fields if obj is not None else self.fields

    def get_readonly_fields(self, request, obj=None):
        return self.issued_fields if obj is not None else []

    def has_delete_permission(self, request, obj=None):
        return False

    def get_search_results(self, request, queryset, search_term):
        # NUL characters, which PostgreSQL refuses, and absurdly long terms are tamed.
        search_term = search_term.replace("\x00", "")[:MAX_SEARCH_LENGTH]
        return super().get_search_results(request, queryset, search_term)

    @admin.action(description=_("Revocar los certificados seleccionados"), permissions=["change"])
    def revoke_selected(self, request, queryset):
        """Asks for the reason on a page of its own, then revokes and logs each certificate."""
        form = RevokeForm(request.POST if "confirmar" in request.POST else None)
        if form.is_bound and form.is_valid():
            fields = [str(Certificate._meta.get_field(name).verbose_name)
                      for name in ("revoked_at", "revocation_reason")]  # fmt: skip
            done = 0
            for certificate in queryset.valid().order_by("pk"):
                if revoke(
                    certificate=certificate, by=request.user, reason=form.cleaned_data["reason"]
                ):
                    self.log_change(request, certificate, [{"changed": {"fields": fields}}])
                    done += 1
            self.message_user(
                request,
                ngettext(
                    "%(count)d certificado revocado.", "%(count)d certificados revocados.", done
                )
                % {"count": done},
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Revocar certificados"),
            "opts": self.model._meta,
            "certificates": queryset.order_by("pk"),
            "already_revoked": queryset.revoked().count(),
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": self.media,
        }
        return TemplateResponse(
            request, "admin/certificates/certificate/revoke_selected.html", context
        )

    @admin.action(description=_("Descargar los PDF seleccionados (ZIP)"), permissions=["view"])
    def download_zip(self, request, queryset):
        """The PDFs of the selected certificates still valid, at most MAX_ZIP, in one ZIP written
        to a temporary file (memory stays flat) and streamed from it."""
        certificates = list(queryset.valid().order_by("pk")[: MAX_ZIP + 1])
        if len(certificates) > MAX_ZIP:
            self.message_user(
                request,
                _("Selecciona como máximo %(max)d certificados vigentes por archivo ZIP.")
                % {"max": MAX_ZIP},
                messages.ERROR,
            )
            return None
        if not certificates:
            self.message_user(
                request,
                _("Ninguno de los certificados seleccionados está vigente."),
                messages.ERROR,
            )
            return None
        base_url = request.build_absolute_uri("/")
        archive = tempfile.TemporaryFile()  # noqa: SIM115 (closed by the FileResponse)
        # PDFs are compressed already: stored as they are.
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as zipped:
            for certificate in certificates:
                zipped.writestr(
                    f"certificado-{certificate.public_id}.pdf",
                    render_pdf(certificate, base_url=base_url),
                )
        archive.seek(0)
        return FileResponse(
            archive,
            as_attachment=True,
            filename="certificados.zip",
            content_type="application/zip",
        )
