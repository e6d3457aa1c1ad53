"""One change page for the site's identity: no add (the data migration creates the one row), no
delete; the list shows that one row."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from .models import Identity, Publisher


class PublisherFormSet(BaseInlineFormSet):
    def clean(self):
        """Exactly one body publishes the data (the database refuses a second one; none is checked here)."""
        super().clean()
        kept = [form for form in self.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE")]
        if sum(form.cleaned_data.get("role") == Publisher.Role.TITOLARE for form in kept) != 1:
            raise ValidationError(_("Indicare un solo ente titolare, che pubblica i dati aperti."))


class PublisherInline(admin.StackedInline):
    model = Publisher
    formset = PublisherFormSet
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
