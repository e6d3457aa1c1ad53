"""The catalogue's back office: the synonyms the search uses (an edit takes effect at once)."""

from django.contrib import admin

from .models import SearchSynonym


@admin.register(SearchSynonym)
class SearchSynonymAdmin(admin.ModelAdmin):
    list_display = ("term", "alternatives", "kind")
    list_filter = ("kind",)
    search_fields = ("term", "alternatives")
