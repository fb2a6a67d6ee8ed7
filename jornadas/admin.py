"""IME administration of the Jornadas: editions with their tracks, rooms and the history of their
status, the agenda's sessions with their speakers, the speaker invitations, and the session
materials with who fetched them (read only: materials are uploaded through the checked form of
the speakers' page)."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from members.admin import SafeSearchMixin
from redtalentos.lib.workflows import (
    HistoryInline,
    clean_status_change,
    limit_status_choices,
    record,
)

from . import certifying
from .models import (
    Edition,
    EditionChange,
    MaterialAccess,
    Room,
    Session,
    SessionMaterial,
    SessionSpeaker,
    SpeakerInvitation,
    Track,
)


class TrackInline(admin.TabularInline):
    model = Track
    extra = 0
    fields = ["order", "sector", "name", "name_en"]
    autocomplete_fields = ["sector"]


class RoomInline(admin.TabularInline):
    model = Room
    extra = 0
    fields = ["name", "capacity"]


class EditionForm(forms.ModelForm):
    class Meta:
        model = Edition
        fields = ["status"]  # the admin's fieldsets add the others

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_status_choices(self)

    def clean_status(self):
        status = clean_status_change(self)
        edition = self.instance
        if (
            edition.pk
            and edition.status == Edition.Status.PUBLISHED
            and status == Edition.Status.DRAFT
            and edition.registrations.active().exists()
        ):
            raise forms.ValidationError(
                _(
                    "Esta edición tiene personas registradas o en lista de espera: si vuelve a "
                    "borrador, su página y sus registros desaparecen para ellas. Déjala publicada."
                )
            )
        return status


class EditionChangeInline(HistoryInline):
    model = EditionChange


@admin.register(Edition)
class EditionAdmin(SafeSearchMixin, admin.ModelAdmin):
    form = EditionForm
    list_display = [
        "number",
        "title",
        "year",
        "starts_on",
        "city",
        "is_online",
        "status",
        "checkin_link",
    ]
    list_display_links = ["title"]
    actions = ["issue_certificates"]
    list_filter = ["status", "is_online", "year"]
    search_fields = ["title", "title_en", "city", "venue", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["sectors"]
    inlines = [TrackInline, RoomInline, EditionChangeInline]
    fieldsets = [
        (None, {"fields": ["number", "title", "title_en", "slug", "status", "sectors"]}),
        (
            _("Fechas y lugar"),
            {
                "fields": [
                    "year",
                    ("starts_on", "ends_on"),
                    ("date_note", "date_note_en"),
                    "city",
                    "venue",
                    "is_online",
                    "online_note",
                ]
            },
        ),
        (_("Descripción pública"), {"fields": ["description", "description_en"]}),
        (
            _("Registro y materiales"),
            {
                "fields": [
                    ("registration_opens_at", "registration_closes_at"),
                    "capacity",
                    "materials_published",
                ]
            },
        ),
    ]

    def save_model(self, request, obj, form, change):
        # The admin's view runs in a transaction: the row stays locked until it commits.
        before = ""
        if change:
            before = (
                Edition.objects.select_for_update().values_list("status", flat=True).get(pk=obj.pk)
            )
        super().save_model(request, obj, form, change)
        if obj.status != before:
            record(obj, before, actor=request.user)

    @admin.display(description=_("registro de asistencia"))
    def checkin_link(self, edition):
        url = reverse("jornadas:checkin", kwargs={"slug": edition.slug})
        return format_html('<a href="{}">{}</a>', url, gettext("Abrir"))

    @admin.action(
        description=_("Emitir constancias/certificados (asistencia y ponentes)"),
        permissions=["change"],
    )
    def issue_certificates(self, request, queryset):
        """Attendance certificates for everyone checked in, speaking certificates for the member
        speakers; again later, only to those who have none yet. Logged on each edition."""
        for edition in queryset.order_by("number"):
            try:
                issued = certifying.issue_certificates(edition=edition)
            except certifying.NotYet as reason:
                self.message_user(request, str(reason), messages.WARNING)
                continue
            attendance = ngettext(
                "%(count)d certificado de asistencia",
                "%(count)d certificados de asistencia",
                issued.attendance,
            ) % {"count": issued.attendance}
            speaking = ngettext("%(count)d de ponente", "%(count)d de ponente", issued.speaking) % {
                "count": issued.speaking
            }
            summary = gettext("«%(title)s»: %(attendance)s y %(speaking)s emitidos (nuevos).") % {
                "title": edition.title,
                "attendance": attendance,
                "speaking": speaking,
            }
            self.log_change(request, edition, summary)
            self.message_user(request, summary, messages.SUCCESS)


class SessionSpeakerInline(admin.TabularInline):
    model = SessionSpeaker
    extra = 1
    fields = ["order", "member", "name_override", "affiliation", "role"]
    autocomplete_fields = ["member"]


@admin.register(Session)
class SessionAdmin(SafeSearchMixin, admin.ModelAdmin):
    list_display = ["title", "edition", "track", "kind", "starts_at", "room", "speaker_count"]
    list_filter = ["edition", "track__sector", "kind"]
    search_fields = [
        "title",
        "abstract",
        "speakers__name_override",
        "speakers__member__full_name",
    ]
    list_select_related = ["edition", "track__sector", "track__edition", "room__edition"]
    autocomplete_fields = ["edition"]
    date_hierarchy = "starts_at"
    inlines = [SessionSpeakerInline]
    fields = [
        "edition",
        "track",
        "room",
        "kind",
        "title",
        "abstract",
        ("starts_at", "ends_at"),
        "capacity",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_speakers=Count("speakers"))

    @admin.display(description=_("ponentes"), ordering="_speakers")
    def speaker_count(self, session):
        return session._speakers

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Tracks and rooms are listed with their edition: the model's clean() refuses a mismatch.
        if db_field.name in ("track", "room"):
            model = Track if db_field.name == "track" else Room
            kwargs["queryset"] = model.objects.select_related(
                "edition", *(["sector"] if model is Track else [])
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SpeakerInvitation)
class SpeakerInvitationAdmin(SafeSearchMixin, ReadOnlyAdmin):
    """Invitations are sent from the session page (members' introductions, with the member's
    budget and answer); here IME follows them."""

    list_display = ["session", "member_name", "role", "status", "created_at"]
    list_filter = ["session__edition", "introduction__status", "role"]
    search_fields = ["session__title", "introduction__member__full_name"]
    list_select_related = ["session", "introduction__member"]
    fields = ["session", "role", "introduction", "created_at"]

    @admin.display(description=_("miembro"), ordering="introduction__member__full_name")
    def member_name(self, invitation):
        member = invitation.introduction.member
        return member.full_name if member else _("Cuenta eliminada")

    @admin.display(description=_("estado"), ordering="introduction__status")
    def status(self, invitation):
        return invitation.introduction.get_status_display()


@admin.register(SessionMaterial)
class SessionMaterialAdmin(SafeSearchMixin, admin.ModelAdmin):
    list_display = ["title", "session", "edition", "uploader", "size", "created_at", "download"]
    list_filter = ["session__edition"]
    search_fields = ["title", "session__title"]
    list_select_related = ["session__edition", "uploaded_by"]
    fields = ["title", "session", "uploader", "size", "pages", "created_at", "download"]
    readonly_fields = ["session", "uploader", "size", "pages", "created_at", "download"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("edición"), ordering="session__edition__title")
    def edition(self, material):
        return material.session.edition

    @admin.display(description=_("subido por"))
    def uploader(self, material):
        return material.uploaded_by.get_full_name() if material.uploaded_by else "—"

    @admin.display(description=_("descargar"))
    def download(self, material):
        # Through the checked view, so that IME's fetches are logged like everyone's.
        return format_html('<a href="{}">{}</a>', material.get_absolute_url(), _("PDF"))


@admin.register(MaterialAccess)
class MaterialAccessAdmin(SafeSearchMixin, ReadOnlyAdmin):
    list_display = ["material", "viewer_name", "role", "created_at"]
    search_fields = ["material__title", "material__session__title"]
    list_filter = ["role", "material__session__edition"]
    list_select_related = ["material", "viewer"]
    date_hierarchy = "created_at"

    @admin.display(description=_("quién"))
    def viewer_name(self, access):
        return access.viewer.get_full_name() if access.viewer else "—"


# Registrations, their line and logs, and what comes after an edition (loaded here so that
# admin autodiscovery finds them).
from . import after_admin, registration_admin  # noqa: E402, F401
