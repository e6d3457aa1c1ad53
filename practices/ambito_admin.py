"""The back office of the Ambiti: members (Comuni and other bodies), capofila, governance, the
Ufficio di Piano's public contact and the Piani di Zona, one by one or in bulk.

The Ufficio di Piano's address, email, PEC, phone and website are the public contact of the
Ambito's body (Body), so the Ambito's form edits them there: staff see one form per Ambito.
"""

from django import forms
from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from .admin import AtomicImportMixin
from .ambito_resources import AmbitoResource, ZonePlanResource
from .models import Ambito, Body, ZonePlan

OFFICE_CONTACT_FIELDS = ("address", "email", "pec", "phone", "website")


class ZonePlanInline(admin.TabularInline):
    model = ZonePlan
    extra = 0
    fields = ("start_year", "end_year", "title", "adoption_act", "url")


class AmbitoForm(forms.ModelForm):
    """The Ambito's fields and, under the same form, the contact of its Ufficio di Piano."""

    locals().update({  # the body's own form fields, declared here so that the fieldsets may name them
        f"office_{name}": Body._meta.get_field(name).formfield(required=False, help_text="")
        for name in OFFICE_CONTACT_FIELDS
    })

    class Meta:
        model = Ambito
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        body = getattr(self.instance, "body", None) if self.instance.pk else None
        for name in OFFICE_CONTACT_FIELDS:
            self.fields[f"office_{name}"].initial = getattr(body, name, "")

    def save_office_contact(self, ambito):
        body = Body.objects.for_ambito(ambito)
        for name in OFFICE_CONTACT_FIELDS:
            setattr(body, name, self.cleaned_data.get(f"office_{name}") or "")
        body.save()


@admin.register(Ambito)
class AmbitoAdmin(SimpleHistoryAdmin, AtomicImportMixin, ImportExportModelAdmin):
    form = AmbitoForm
    resource_classes = [AmbitoResource]
    list_display = ("name", "code", "capofila", "province", "member_count")
    list_filter = ("province__region", "province", "association_form")
    search_fields = ("name", "full_name", "slug", "members__name", "member_bodies__name")
    autocomplete_fields = ("capofila", "members", "member_bodies", "province", "health_authority")
    prepopulated_fields = {"slug": ("name",)}
    list_select_related = ("capofila__comune__province", "province")
    inlines = [ZonePlanInline]
    fieldsets = (
        (None, {"fields": ("name", "slug", "full_name", "code", "province")}),
        (_("Composizione"), {"fields": ("capofila", "members", "member_bodies", "association_form")}),
        (_("Ufficio di Piano: contatti pubblici"), {"fields": (
            *(f"office_{name}" for name in OFFICE_CONTACT_FIELDS), "office_hours", "office_contact_role")}),
        (_("Distretto socio-sanitario"), {"fields": ("health_district", "health_authority")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_member_count=Count("members", distinct=True))

    @admin.display(description=_("comuni"), ordering="_member_count")
    def member_count(self, obj):
        return obj._member_count

    def get_search_results(self, request, queryset, search_term):
        queryset, _dupes = super().get_search_results(request, queryset, search_term)
        return queryset, True

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        form.save_office_contact(obj)


@admin.register(ZonePlan)
class ZonePlanAdmin(SimpleHistoryAdmin, AtomicImportMixin, ImportExportModelAdmin):
    resource_classes = [ZonePlanResource]
    list_display = ("__str__", "ambito", "start_year", "end_year")
    list_filter = ("start_year",)
    search_fields = ("title", "ambito__name", "adoption_act")
    autocomplete_fields = ("ambito",)
    list_select_related = ("ambito",)
