from django.contrib import admin

from .models import Call


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ("title", "act", "opens_at", "closes_at")
    search_fields = ("title", "act", "description")
    prepopulated_fields = {"slug": ("title",)}
    date_hierarchy = "opens_at"
