"""IME administration of registrations: the line of each edition (filter by edition and status),
promotion by hand into a free seat and cancellation (both logged), a streamed CSV logged as a
staff export, the priority groups per edition, and the read-only logs. Loaded by admin.py."""

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.http import StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from members.admin import ReadOnlyAdmin, SafeSearchMixin
from members.models import StaffAccess
from redtalentos.lib import capacity
from redtalentos.lib.capacity import SeatRefused, SeatStatus
from redtalentos.lib.exports import stream_csv

from . import services
from .models import (
    DEFAULT_PRIORITIES,
    PriorityGroup,
    Registration,
    RegistrationLog,
    SessionChoice,
    SessionChoiceLog,
)


@admin.register(PriorityGroup)
class PriorityGroupAdmin(SafeSearchMixin, admin.ModelAdmin):
    list_display = ["edition", "role", "priority"]
    list_filter = ["edition", "role"]
    search_fields = ["edition__title"]
    autocomplete_fields = ["edition"]
    list_select_related = ["edition"]

    def changelist_view(self, request, extra_context=None):
        defaults = ", ".join(
            f"{role.label}: {number}" for role, number in DEFAULT_PRIORITIES.items()
        )
        extra_context = {
            **(extra_context or {}),
            "title": gettext("Grupos de prioridad (sin fila para un grupo: %(defaults)s)")
            % {"defaults": defaults},
        }
        return super().changelist_view(request, extra_context)


class RegistrationLogInline(admin.TabularInline):
    model = RegistrationLog
    extra = 0
    can_delete = False
    fields = ["created_at", "action", "from_status", "to_status", "actor", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class SessionChoiceInline(admin.TabularInline):
    model = SessionChoice
    extra = 0
    can_delete = False
    fields = ["session", "status", "offer_expires_at", "requested_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def _promote(modeladmin, request, queryset, *, cancel_instead=False):
    done, refused = 0, []
    for seat in queryset.select_related(*modeladmin.list_select_related).order_by("pk"):
        try:
            if cancel_instead:
                if isinstance(seat, Registration):
                    services.cancel_registration(registration=seat, actor=request.user, note="IME")
                else:
                    capacity.cancel(seat=seat, actor=request.user, note="IME")
            else:
                capacity.promote_by_hand(seat=seat, actor=request.user)
            done += 1
        except SeatRefused as refusal:
            refused.append(f"{seat}: {refusal.message}")
    if done:
        template = (
            ngettext("Se canceló %(count)d registro.", "Se cancelaron %(count)d registros.", done)
            if cancel_instead
            else ngettext(
                "Se promovió %(count)d registro a confirmado.",
                "Se promovieron %(count)d registros a confirmados.",
                done,
            )
        )
        modeladmin.message_user(request, template % {"count": done})
    for message in refused:
        modeladmin.message_user(request, message, level=messages.WARNING)


@admin.action(description=_("Promover a mano (a un lugar libre)"), permissions=["change"])
def promote_by_hand(modeladmin, request, queryset):
    _promote(modeladmin, request, queryset)


@admin.action(description=_("Cancelar (el lugar pasa a la fila)"), permissions=["change"])
def cancel_seats(modeladmin, request, queryset):
    _promote(modeladmin, request, queryset, cancel_instead=True)


class CheckedInFilter(admin.SimpleListFilter):
    title = _("asistencia registrada")
    parameter_name = "asistencia"

    def lookups(self, request, model_admin):
        return [("si", _("Sí")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() == "si":
            return queryset.filter(checked_in_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(checked_in_at__isnull=True)
        return queryset


@admin.register(Registration)
class RegistrationAdmin(SafeSearchMixin, admin.ModelAdmin):
    list_display = [
        "person",
        "edition",
        "status",
        "place_in_line",
        "role",
        "priority",
        "attendance",
        "requested_at",
        "offer_expires_at",
        "checked_in",
    ]
    list_filter = [
        "edition",
        "status",
        CheckedInFilter,
        "attendance",
        "role",
        "needs_invitation_letter",
    ]
    search_fields = ["user__full_name", "edition__title"]
    list_select_related = ["user", "edition"]
    date_hierarchy = "requested_at"
    actions = [promote_by_hand, cancel_seats, "export_csv"]
    inlines = [SessionChoiceInline, RegistrationLogInline]
    # The line moves only through the services (logged): IME edits the needs and the group.
    readonly_fields = [
        "edition",
        "person",
        "status",
        "role",
        "requested_at",
        "offer_expires_at",
        "decided_at",
        "attendance",
        "checked_in_at",
        "checked_in_by",
    ]
    fields = [
        "edition",
        "person",
        "status",
        "role",
        "priority",
        "requested_at",
        "offer_expires_at",
        "decided_at",
        "attendance",
        ("arrives_on", "departs_on"),
        "needs_invitation_letter",
        "dietary_needs",
        "accessibility_needs",
        ("checked_in_at", "checked_in_by"),
    ]

    def has_add_permission(self, request):
        return False  # a registration is made by its person, through the line

    @admin.display(description=_("asistencia"), boolean=True, ordering="checked_in_at")
    def checked_in(self, registration):
        return registration.checked_in_at is not None

    def get_queryset(self, request):
        return capacity.with_place_in_line(super().get_queryset(request))

    @admin.display(description=_("persona"), ordering="user__full_name")
    def person(self, registration):
        return registration.user.get_full_name()

    @admin.display(description=_("lugar en la fila"), ordering="place_in_line")
    def place_in_line(self, registration):
        return registration.place_in_line

    @admin.action(description=_("Exportar CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        """Streams the selected registrations row by row (never an email address), logged as a
        staff export like the experts' exports."""
        rows = queryset.count()
        editions = sorted(set(queryset.values_list("edition__slug", flat=True)))
        StaffAccess.objects.create(
            viewer=request.user,
            kind=StaffAccess.Kind.EXPORT,
            rows=rows,
            detail={"source": "jornadas_registrations", "format": "csv", "editions": editions},
        )
        language = translation.get_language()
        header = [
            gettext("jornada"),
            gettext("persona"),
            gettext("estado"),
            gettext("lugar en la fila"),
            gettext("grupo"),
            gettext("prioridad"),
            gettext("asistencia"),
            gettext("llegada"),
            gettext("salida"),
            gettext("carta de invitación"),
            gettext("alimentación"),
            gettext("accesibilidad"),
            gettext("sesiones confirmadas"),
            gettext("registrado el"),
            gettext("asistencia registrada"),
        ]
        registrations = (
            capacity.with_place_in_line(queryset.model.objects.filter(pk__in=queryset.values("pk")))
            .select_related("edition", "user")
            .annotate(
                confirmed_sessions=Count(
                    "session_choices", filter=Q(session_choices__status=SeatStatus.CONFIRMED)
                )
            )
            .order_by("edition__number", "priority", "requested_at", "pk")
        )

        def lines():
            # The streamed body runs after the view returns: keep the request's language.
            with translation.override(language):
                yes, no = gettext("sí"), gettext("no")
                for row in registrations.iterator(chunk_size=500):
                    yield [
                        row.edition.title,
                        row.user.get_full_name(),
                        row.get_status_display(),
                        row.place_in_line or "",
                        row.get_role_display(),
                        row.priority,
                        row.get_attendance_display(),
                        row.arrives_on or "",
                        row.departs_on or "",
                        yes if row.needs_invitation_letter else no,
                        row.dietary_needs,
                        row.accessibility_needs,
                        row.confirmed_sessions,
                        timezone.localtime(row.requested_at).strftime("%Y-%m-%d %H:%M"),
                        _stamp(row.checked_in_at),
                    ]

        response = StreamingHttpResponse(stream_csv(header, lines()), content_type="text/csv")
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="registros-jornadas-{stamp}.csv"'
        return response


def _stamp(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


@admin.register(SessionChoice)
class SessionChoiceAdmin(SafeSearchMixin, admin.ModelAdmin):
    list_display = ["session", "person", "status", "priority", "requested_at", "offer_expires_at"]
    list_filter = ["session__edition", "status"]
    search_fields = ["registration__user__full_name", "session__title"]
    list_select_related = ["session", "registration__user"]
    actions = [promote_by_hand, cancel_seats]
    fields = ["registration", "session", "status", "priority", "requested_at", "offer_expires_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("persona"), ordering="registration__user__full_name")
    def person(self, choice):
        return choice.registration.user.get_full_name()


@admin.register(RegistrationLog)
class RegistrationLogAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "request", "action", "from_status", "to_status", "actor"]
    list_filter = ["action", "request__edition"]
    search_fields = ["request__user__full_name"]
    list_select_related = ["request__user", "request__edition", "actor"]


@admin.register(SessionChoiceLog)
class SessionChoiceLogAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "request", "action", "from_status", "to_status", "actor"]
    list_filter = ["action", "request__session__edition"]
    search_fields = ["request__registration__user__full_name", "request__session__title"]
    list_select_related = ["request__registration__user", "request__session", "actor"]
