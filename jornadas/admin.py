"""IME administration of the Jornadas: editions with their tracks and rooms, and the agenda's
sessions with their speakers."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from members.admin import SafeSearchMixin

from .models import Edition, Room, Session, SessionSpeaker, Track


class TrackInline(admin.TabularInline):
    model = Track
    extra = 0
    fields = ["order", "sector", "name", "name_en"]
    autocomplete_fields = ["sector"]


class RoomInline(admin.TabularInline):
    model = Room
    extra = 0
    fields = ["name", "capacity"]


@admin.register(Edition)
class EditionAdmin(SafeSearchMixin, admin.ModelAdmin):
    list_display = ["number", "title", "year", "starts_on", "city", "is_online", "status"]
    list_display_links = ["title"]
    list_filter = ["status", "is_online", "year"]
    search_fields = ["title", "title_en", "city", "venue", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["sectors"]
    inlines = [TrackInline, RoomInline]
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

# Registrations, their line and logs (loaded here so that admin autodiscovery finds them).
from . import registration_admin  # noqa: E402, F401
