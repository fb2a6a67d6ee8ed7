"""IME reads and changes the news in the admin: every item with its history (read only; a status
changes through the site's workflow so that it is kept), filters by status, scope, language,
sector and chapter. Imported by content.admin."""

from django.contrib import admin

from members.admin import SafeSearchMixin
from redtalentos.lib.workflows import HistoryInline

from .models import NewsChange, NewsItem


class NewsChangeInline(HistoryInline):
    model = NewsChange


@admin.register(NewsItem)
class NewsItemAdmin(SafeSearchMixin, admin.ModelAdmin):
    list_display = ["title", "scope", "status", "language", "sector", "chapter", "published_at"]
    list_filter = ["status", "scope", "language", "sector", "chapter"]
    search_fields = ["title", "summary", "slug"]
    date_hierarchy = "created_at"
    autocomplete_fields = ["author", "reviewed_by"]
    readonly_fields = [
        "status",
        "published_at",
        "source_news",
        "reviewed_by",
        "review_comment",
        "created_at",
        "updated_at",
    ]
    fields = [
        "title",
        "slug",
        "summary",
        "body",
        "language",
        "scope",
        "sector",
        "chapter",
        "source_news",
        "status",
        "publish_at",
        "published_at",
        "author",
        "reviewed_by",
        "review_comment",
        "created_at",
        "updated_at",
    ]
    inlines = [NewsChangeInline]
