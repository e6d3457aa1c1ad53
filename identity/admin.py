"""One change page for the site's identity: no list, no add (the data migration creates the one
row), no delete. The list URL leads straight to that page."""

from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Identity, Publisher


class PublisherInline(admin.StackedInline):
    model = Publisher
    extra = 0
    fields = (("role", "kind", "order"), ("name", "unit"), "description", ("url", "ipa_code"),
              ("email", "pec", "phone"), "address")


@admin.register(Identity)
class IdentityAdmin(admin.ModelAdmin):
    fieldsets = (
        (None, {"fields": ("short_name", "name", "tagline", "summary", "description", "background", "programme")}),
        (_("Territorio e dati aperti"), {"fields": ("regions", "licence_name", "licence_url", "licence_type")}),
    )
    filter_horizontal = ("regions",)
    inlines = [PublisherInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        return redirect(reverse("admin:identity_identity_change", args=[Identity.current().pk]))
