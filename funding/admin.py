"""The back office of the funding chain: programmes, calls for funding, agreements with their
amounts, documents and the practices they fund; import and export of each."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from practices.admin import AtomicImportMixin, PracticeAdmin

from .models import (
    Agreement,
    AgreementAmount,
    AgreementDocument,
    FundingCall,
    FundingCallDocument,
    PracticeFunding,
    Programme,
    ProgrammeDocument,
)
from .resources import AgreementResource, FundingCallResource, ProgrammeResource


class ProgrammeDocumentInline(admin.TabularInline):
    model = ProgrammeDocument
    extra = 0


class FundingCallDocumentInline(admin.TabularInline):
    model = FundingCallDocument
    extra = 0


class AgreementDocumentInline(admin.TabularInline):
    model = AgreementDocument
    extra = 0


class AgreementAmountInline(admin.TabularInline):
    model = AgreementAmount
    extra = 1


class PracticeFundingInline(admin.TabularInline):
    model = PracticeFunding
    extra = 0
    autocomplete_fields = ("practice",)


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin, AtomicImportMixin, ImportExportModelAdmin):
    resource_classes = [ProgrammeResource]
    list_display = ("name", "level", "cycle", "managing_authority")
    list_filter = ("level",)
    search_fields = ("name", "slug", "cycle")
    prepopulated_fields = {"slug": ("name",)}
    raw_id_fields = ("managing_authority",)
    list_select_related = ("level", "managing_authority")
    inlines = (ProgrammeDocumentInline,)


@admin.register(FundingCall)
class FundingCallAdmin(SimpleHistoryAdmin, AtomicImportMixin, ImportExportModelAdmin):
    resource_classes = [FundingCallResource]
    list_display = ("title", "code", "programme", "date")
    list_filter = ("programme",)
    search_fields = ("title", "code", "act")
    autocomplete_fields = ("programme",)
    list_select_related = ("programme",)
    inlines = (FundingCallDocumentInline,)


class BeneficiaryRegionFilter(admin.SimpleListFilter):
    title = _("regione del beneficiario")
    parameter_name = "regione"

    def lookups(self, request, model_admin):
        regions = Agreement.objects.filter(beneficiary__region__isnull=False).values_list(
            "beneficiary__region__istat_code", "beneficiary__region__name").distinct().order_by(
            "beneficiary__region__istat_code")
        return list(regions)

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(beneficiary__region__istat_code=self.value())
        return queryset


@admin.register(Agreement)
class AgreementAdmin(SimpleHistoryAdmin, AtomicImportMixin, ImportExportModelAdmin):
    resource_classes = [AgreementResource]
    list_display = ("__str__", "kind", "beneficiary", "starts_on", "ends_on")
    list_filter = ("programme", "kind", BeneficiaryRegionFilter)
    search_fields = ("code", "title", "programme__name", "beneficiary__name")
    autocomplete_fields = ("programme", "funding_call")
    raw_id_fields = ("beneficiary",)
    list_select_related = ("programme", "beneficiary__comune")
    inlines = (AgreementAmountInline, AgreementDocumentInline, PracticeFundingInline)


class PracticeAgreementInline(admin.TabularInline):
    """On the practice's page: the agreements that fund it (practices cannot name this app)."""

    model = PracticeFunding
    extra = 0
    autocomplete_fields = ("agreement",)


PracticeAdmin.inlines = (*PracticeAdmin.inlines, PracticeAgreementInline)
