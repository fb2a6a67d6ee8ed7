"""IME administration of member profiles (verification, change history, CSV export) and skills."""

import csv

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_countries.filters import CountryFilter

from ..data_rights import delete_profile
from ..models import (
    Consent,
    ContributionOffer,
    Education,
    Language,
    Member,
    MemberChange,
    Skill,
    StaffAccess,
)
from ..profiles import skill_key
from .base import SafeSearchMixin, keep_history_on_delete


class VerifiedFilter(admin.SimpleListFilter):
    title = _("verificación")
    parameter_name = "verificado"

    def lookups(self, request, model_admin):
        return [("si", _("Verificados")), ("no", _("Sin verificar"))]

    def queryset(self, request, queryset):
        if self.value() == "si":
            return queryset.filter(verified_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(verified_at__isnull=True)
        return None


class NewsConsentFilter(admin.SimpleListFilter):
    """The news consent has no flag on the profile: the latest decision in the log counts."""

    title = _("recibir noticias de la red")
    parameter_name = "noticias"

    def lookups(self, request, model_admin):
        return [("si", _("Sí")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() not in {"si", "no"}:
            return None
        latest = (
            Consent.objects.filter(user=OuterRef("user"), purpose=Consent.Purpose.NEWS)
            .order_by("-created_at", "-id")
            .values("granted")[:1]
        )
        queryset = queryset.alias(news=Subquery(latest))
        if self.value() == "si":
            return queryset.filter(news=True)
        return queryset.filter(Q(news=False) | Q(news__isnull=True))


def _formfield(model_field, **kwargs):
    # Links typed without a scheme are taken as https (Django 6's default, already now).
    if isinstance(model_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return model_field.formfield(**kwargs)


class MemberAdminForm(forms.ModelForm):
    # Check boxes instead of the comma-separated codes an ArrayField gets by default.
    languages = forms.MultipleChoiceField(
        label=_("idiomas"),
        choices=Language.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    contribution_offers = forms.MultipleChoiceField(
        label=_("qué puedo aportar"),
        choices=ContributionOffer.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Member
        fields = "__all__"  # noqa: DJ007 (the admin's fieldsets choose the fields)
        formfield_callback = _formfield
        labels = {"user": _("cuenta")}


class EducationInline(admin.TabularInline):
    model = Education
    extra = 0


class MemberChangeInline(admin.TabularInline):
    """Who changed which fields of the profile, and when (read-only)."""

    model = MemberChange
    fields = ["created_at", "changed_by", "fields"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("historial de cambios")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class _Echo:
    """A file-like object whose write returns the line, so csv.writer feeds a generator."""

    def write(self, value):
        return value


def _csv_cell(value):
    # Spreadsheets run cells that start like a formula: a leading apostrophe keeps them as text.
    text = "" if value is None else str(value)
    if text.startswith(("=", "+", "-", "@", "\t", "\r")):
        return "'" + text
    return text


@admin.register(Member)
class MemberAdmin(SafeSearchMixin, admin.ModelAdmin):
    form = MemberAdminForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = [
        "full_name",
        "verified_badge",
        "organisation",
        "country",
        "chapter",
        "consents",
    ]
    list_select_related = ["user", "chapter"]
    search_fields = ["full_name", "user__email", "organisation"]
    list_filter = [
        VerifiedFilter,
        "sectors",
        "chapter",
        ("country", CountryFilter),
        "listed_publicly",
        "findable_by_pncs",
        "visible_to_chapter",
        NewsConsentFilter,
        "user__account_type",
    ]
    autocomplete_fields = ["user", "chapter", "sectors", "skills"]
    prepopulated_fields = {"slug": ["full_name"]}
    # Consents are the person's decisions, recorded in their log: not edited here. A photo
    # uploaded here would skip the pipeline (metadata stripping, small version): only its owner
    # changes it, from the profile page.
    readonly_fields = [
        "photo",
        "listed_publicly",
        "findable_by_pncs",
        "visible_to_chapter",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["user", "full_name", "slug", "headline", "bio", "photo"]}),
        (_("Residencia y origen"), {"fields": ["city", "country", "state_of_origin"]}),
        (_("Trabajo"), {"fields": ["organisation", "position"]}),
        (
            _("Experiencia"),
            {"fields": ["sectors", "skills", "contribution_offers", "availability", "languages"]},
        ),
        (_("Enlaces"), {"fields": ["linkedin_url", "orcid", "website"]}),
        (_("Capítulo"), {"fields": ["chapter"]}),
        (
            _("Visibilidad"),
            {"fields": [f"visibility_{group}" for group in Member.FIELD_GROUPS]},
        ),
        (
            _("Consentimientos y solicitudes"),
            {
                "fields": [
                    "listed_publicly",
                    "findable_by_pncs",
                    "visible_to_chapter",
                    "intro_monthly_limit",
                    "intro_paused",
                ]
            },
        ),
        (_("Verificación y fechas"), {"fields": ["verified_at", "created_at", "updated_at"]}),
    ]
    inlines = [EducationInline, MemberChangeInline]
    actions = ["verify_members", "unverify_members", "export_csv"]

    @admin.display(description=_("verificado"), ordering="verified_at")
    def verified_badge(self, obj):
        if obj.verified_at is None:
            return "—"
        return format_html('<strong class="verified-badge">✔ {}</strong>', _("Verificado"))

    # One column for the three consents, rather than three wide ones: the list fits at 1280 px.
    @admin.display(description=_("consentimientos"))
    def consents(self, obj):
        granted = [
            str(label)
            for given, label in [
                (obj.listed_publicly, _("directorio público")),
                (obj.findable_by_pncs, _("PNCS")),
                (obj.visible_to_chapter, _("capítulo")),
            ]
            if given
        ]
        return ", ".join(granted) or "—"

    # Change history: one row per save, with the form's fields and the inlines that changed.

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # M2M fields are saved later, in save_related, but they are in changed_data already.
        form.member_change = None
        if form.changed_data:
            form.member_change = MemberChange.objects.create(
                member=obj, changed_by=request.user, fields=list(form.changed_data)
            )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        inlines = [
            formset.model._meta.model_name
            for formset in formsets
            if formset.model is not MemberChange and formset.has_changed()
        ]
        if not inlines:
            return
        if form.member_change is None:
            MemberChange.objects.create(
                member=form.instance, changed_by=request.user, fields=inlines
            )
        else:
            form.member_change.fields += inlines
            form.member_change.save(update_fields=["fields"])

    # Deletion erases what only the profile held (photos, messages to it), like its owner would.

    def delete_model(self, request, obj):
        delete_profile(member=obj)

    def delete_queryset(self, request, queryset):
        for member in queryset.select_related("user"):
            delete_profile(member=member)

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        return deleted, counts, keep_history_on_delete(perms_needed), protected

    # Actions

    def _set_verified(self, request, queryset, verified_at):
        pending = queryset.filter(verified_at__isnull=verified_at is not None)
        ids = list(pending.values_list("pk", flat=True))
        Member.objects.filter(pk__in=ids).update(verified_at=verified_at)
        MemberChange.objects.bulk_create(
            MemberChange(member_id=pk, changed_by=request.user, fields=["verified_at"])
            for pk in ids
        )
        return len(ids)

    @admin.action(description=_("Verificar miembros"), permissions=["change"])
    def verify_members(self, request, queryset):
        count = self._set_verified(request, queryset, timezone.now())
        self.message_user(
            request,
            ngettext("Se verificó %(count)d miembro.", "Se verificaron %(count)d miembros.", count)
            % {"count": count},
        )

    @admin.action(description=_("Quitar la verificación"), permissions=["change"])
    def unverify_members(self, request, queryset):
        count = self._set_verified(request, queryset, None)
        self.message_user(
            request,
            ngettext(
                "Se quitó la verificación a %(count)d miembro.",
                "Se quitó la verificación a %(count)d miembros.",
                count,
            )
            % {"count": count},
        )

    @admin.action(description=_("Exportar CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        """Streams the selected profiles row by row; never their email addresses."""
        rows = queryset.count()
        StaffAccess.objects.create(
            viewer=request.user,
            kind=StaffAccess.Kind.EXPORT,
            rows=rows,
            detail={"source": "admin", "format": "csv"},
        )
        language = translation.get_language()
        yes, no = gettext("sí"), gettext("no")
        header = [
            gettext("nombre"),
            gettext("país"),
            gettext("ciudad"),
            gettext("estado de origen"),
            gettext("organización"),
            gettext("cargo"),
            gettext("sectores"),
            gettext("capítulo"),
            gettext("verificado el"),
            gettext("en el directorio público"),
            gettext("localizable por los PNCS"),
            gettext("visible para su capítulo"),
        ]
        members = (
            queryset.select_related("chapter")
            .prefetch_related("sectors")
            .order_by("full_name", "pk")
        )

        def lines():
            writer = csv.writer(_Echo())
            # The streamed body runs after the view returns: keep the request's language.
            with translation.override(language):
                yield "\ufeff"  # lets spreadsheet programs read the file as UTF-8
                yield writer.writerow(header)
                for member in members.iterator(chunk_size=500):
                    row = [
                        member.full_name,
                        member.country.name if member.country else "",
                        member.city,
                        member.get_state_of_origin_display(),
                        member.organisation,
                        member.position,
                        "; ".join(sector.display_name for sector in member.sectors.all()),
                        member.chapter.name if member.chapter else "",
                        (
                            timezone.localtime(member.verified_at).date().isoformat()
                            if member.verified_at
                            else ""
                        ),
                        yes if member.listed_publicly else no,
                        yes if member.findable_by_pncs else no,
                        yes if member.visible_to_chapter else no,
                    ]
                    yield writer.writerow([_csv_cell(value) for value in row])

        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="miembros-{stamp}.csv"'
        return response


# Skills


@admin.register(Skill)
class SkillAdmin(SafeSearchMixin, admin.ModelAdmin):
    list_display = ["name", "key", "member_count"]
    search_fields = ["name", "key"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_count=Count("member"))

    @admin.display(description=_("miembros"), ordering="member_count")
    def member_count(self, obj):
        return obj.member_count

    def save_model(self, request, obj, form, change):
        obj.key = skill_key(obj.name)
        super().save_model(request, obj, form, change)
