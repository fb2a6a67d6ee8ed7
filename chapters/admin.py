from django.contrib import admin

from .models import Chapter


@admin.register(Chapter)
class ChapterAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "country", "status", "formalised_on"]
    list_filter = ["status", "country"]
    search_fields = ["name", "city"]
    prepopulated_fields = {"slug": ["name"]}
