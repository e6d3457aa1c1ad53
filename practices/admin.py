"""The regional back office: territory, taxonomies, bodies (enti) and practice cards (funding: funding/admin.py)."""

from django.contrib import admin, messages
from django.db.models import Count, Exists, OuterRef
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Ambito,
    Body,
    BodyDocument,
    Comune,
    Practice,
    PracticeDocument,
    PracticeParticipant,
    Province,
    Publication,
    Region,
)
from . import publishing
from .models.practice import province_of
from .body_resources import BodyResource
from .resources import TAXONOMY_RESOURCES, PracticeDocumentResource, PracticeResource


class AtomicImportMixin:
    """Reports a failed confirmed import instead of claiming success.

    The resource already rolls back the whole file when any row fails; between the
    preview and the confirmation the data may have changed, so check again here.
    """

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            # Each message already says its row and column (buonepratiche/imports.py).
            problems = [message for row in result.invalid_rows for errors in row.error_dict.values()
                        for message in errors]
            problems.extend(error.error for error in result.base_errors)
            for number, errors in result.row_errors():
                problems.extend(_("riga %(row)s: %(error)s") % {"row": number, "error": e.error} for e in errors)
            self.message_user(
                request,
                _("Importazione annullata, nessuna riga è stata importata. %(problems)s")
                % {"problems": "; ".join(str(p) for p in problems)},
                level=messages.ERROR,
            )
            return HttpResponseRedirect(reverse(
                f"admin:{self.model._meta.app_label}_{self.model._meta.model_name}_import"))
        return super().process_result(result, request)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("name", "istat_code")
    search_fields = ("name", "istat_code")


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ("name", "sigla", "istat_code", "kind", "region")
    list_filter = ("region", "kind")
    search_fields = ("name", "sigla", "istat_code")
    list_select_related = ("region",)


@admin.register(Comune)
class ComuneAdmin(admin.ModelAdmin):
    list_display = ("name", "istat_code", "province", "cadastral_code", "is_capoluogo")
    list_filter = ("province__region", "province", "is_capoluogo")
    search_fields = ("name", "istat_code", "cadastral_code", "name_other_language")
    list_select_related = ("province",)
    show_full_result_count = False

    def get_queryset(self, request):
        # The autocomplete of every comune field reads this: its labels name the province.
        return super().get_queryset(request).select_related("province")


class TermAdmin(SimpleHistoryAdmin, AtomicImportMixin, ImportExportModelAdmin):
    list_display = ("name", "slug", "position", "practice_count")
    list_editable = ("position",)
    search_fields = ("name", "slug", "description")
    prepopulated_fields = {"slug": ("name",)}

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if hasattr(self.model, "practices"):
            queryset = queryset.annotate(_practice_count=Count("practices", distinct=True))
        return queryset

    @admin.display(description=_("pratiche"))
    def practice_count(self, obj):
        return getattr(obj, "_practice_count", "—")


for term_model, term_resource in TAXONOMY_RESOURCES.items():
    admin.site.register(term_model, type(f"{term_model.__name__}Admin", (TermAdmin,), {
        "resource_classes": [term_resource],
    }))


class BodyDocumentInline(admin.TabularInline):
    model = BodyDocument
    extra = 0


@admin.register(Body)
class BodyAdmin(SimpleHistoryAdmin, AtomicImportMixin, ImportExportModelAdmin):
    resource_classes = [BodyResource]
    list_display = ("name", "kind", "province", "region", "ipa_code")
    list_filter = ("kind", "region")
    search_fields = ("name", "slug", "ipa_code", "comune__name", "comune__istat_code")
    autocomplete_fields = ("comune", "ambito", "province")
    list_select_related = ("province", "region", "comune__province")
    inlines = (BodyDocumentInline,)
    prepopulated_fields = {"slug": ("name",)}
    show_full_result_count = False
    fieldsets = (
        (None, {"fields": ("kind", "name", "slug")}),
        (_("Territorio"), {
            "fields": ("comune", "ambito", "province", "region"),
            "description": _("Provincia e regione si ricavano dal comune o dall'Ambito quando sono indicati."),
        }),
        (_("Identificativi e contatti pubblici"), {
            "fields": ("ipa_code", "tax_code", "website", "email", "pec", "phone", "address"),
        }),
    )


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ("title", "publisher", "year")
    search_fields = ("title", "publisher")
    prepopulated_fields = {"slug": ("title",)}


class PracticeParticipantInline(admin.TabularInline):
    model = PracticeParticipant
    extra = 0
    autocomplete_fields = ("body",)


class PracticeDocumentInline(admin.TabularInline):
    model = PracticeDocument
    extra = 0


@admin.register(PracticeDocument)
class PracticeDocumentAdmin(AtomicImportMixin, ImportExportModelAdmin):
    """Every practice's documents in one list: its import adds link documents to many practices
    at once (the practice file's «documenti» column does the same inside a practice file)."""

    resource_classes = [PracticeDocumentResource]
    list_display = ("title", "practice", "kind", "url")
    list_filter = ("kind",)
    search_fields = ("title", "url", "practice__title", "practice__slug")
    autocomplete_fields = ("practice",)
    list_select_related = ("practice", "kind")


class ProvinceFilter(admin.SimpleListFilter):
    title = _("provincia")
    parameter_name = "provincia"

    def lookups(self, request, model_admin):
        # Two EXISTS probes per province: a join through comuni and Ambiti to every practice
        # multiplied rows and took seconds at 10,000 practices.
        provinces = Province.objects.filter(Exists(
            Practice.objects.alias(counted_province=province_of("id")).filter(counted_province=OuterRef("pk"))
        )).order_by("name")
        return [(p.sigla, p.name) for p in provinces]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.alias(counted_province=province_of("sigla")).filter(counted_province=self.value())
        return queryset


class PublicationYearFilter(admin.SimpleListFilter):
    """Publication year, in place of a date hierarchy: listing its years took a DISTINCT over every
    practice (0.1-0.3 s at 100,000); here the first and last dates and one probe per year in
    between are index lookups."""

    title = _("anno di pubblicazione")
    parameter_name = "anno"

    def lookups(self, request, model_admin):
        dated = Practice.objects.filter(published_at__isnull=False)
        first, last = (dated.order_by(field).values_list("published_at", flat=True).first()
                       for field in ("published_at", "-published_at"))
        if first is None:
            return []
        years = range(timezone.localtime(last).year, timezone.localtime(first).year - 1, -1)
        return [(str(year), str(year)) for year in years if dated.filter(published_at__year=year).exists()]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(published_at__year=int(self.value()))
        return queryset


@admin.register(Practice)
class PracticeAdmin(SimpleHistoryAdmin, AtomicImportMixin, ImportExportModelAdmin):
    resource_classes = [PracticeResource]
    list_display = ("title", "proposer_display", "tipologia", "call", "is_published", "published_at")
    list_display_links = ("title",)
    list_filter = (
        "is_published", PublicationYearFilter, ProvinceFilter, "tipologia", "areas", "target_groups", "educational_poverty",
        "call", "status", "is_synthetic",
    )
    search_fields = ("title", "slug", "lead__name")
    list_select_related = ("lead__comune", "tipologia", "call")
    autocomplete_fields = ("lead", "covered_regions", "covered_provinces", "covered_comuni")
    filter_horizontal = ("areas", "target_groups")
    prepopulated_fields = {"slug": ("title",)}
    # Publication goes through the actions (practices/publishing.py), never the bare field.
    readonly_fields = ("is_published", "created_at", "updated_at")
    show_full_result_count = False
    list_per_page = 50
    actions = ("publish_selected", "unpublish_selected")
    inlines = (PracticeParticipantInline, PracticeDocumentInline)
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary")}),
        (_("Ente capofila"), {
            "fields": ("lead",),
            "description": _("Gli enti partner, gestori, attuatori o finanziatori vanno in «Enti partecipanti»."),
        }),
        (_("Territorio coperto"), {
            "fields": ("covered_regions", "covered_provinces", "covered_comuni"),
            "description": _("Da indicare solo se la pratica copre più dei territori del capofila e dei "
                             "partecipanti, che vi sono già compresi (ad esempio un progetto nazionale)."),
            "classes": ("collapse",),
        }),
        (_("Scheda della pratica"), {
            "fields": (
                "intervention_area", "recipients", "aims", "implementation", "expected_results",
                "achieved_results", "resources", "stakeholders", "improvements",
            ),
        }),
        (_("Classificazione"), {"fields": ("tipologia", "areas", "target_groups", "educational_poverty")}),
        (_("Dati sintetici"), {"fields": ("status", "start_year", "end_year", "started_on", "ended_on",
                                          "people_reached", "total_budget")}),
        (_("Provenienza"), {"fields": ("call", "publication", "publication_page")}),
        (_("Pubblicazione"), {"fields": ("is_published", "published_at", "is_synthetic", "created_at", "updated_at")}),
    )

    @admin.display(description=_("ente capofila"), ordering="lead__name")
    def proposer_display(self, obj):
        return obj.proposer_name

    def has_delete_permission(self, request, obj=None):
        # A published practice is public record: unpublish it first.
        if obj is not None and obj.is_published:
            return False
        return super().has_delete_permission(request, obj)

    def delete_queryset(self, request, queryset):
        published = queryset.filter(is_published=True).count()
        if published:
            self.message_user(request, _("Non è possibile eliminare pratiche pubblicate: ritirarle prima dalla "
                                         "pubblicazione."), level=messages.ERROR)
            return
        super().delete_queryset(request, queryset)

    @admin.action(description=_("Pubblica le pratiche selezionate"), permissions=["change"])
    def publish_selected(self, request, queryset):
        count = self._each(request, queryset.filter(is_published=False), publishing.publish)
        self.message_user(request, ngettext("%d pratica pubblicata.", "%d pratiche pubblicate.", count) % count)

    @admin.action(description=_("Ritira dalla pubblicazione le pratiche selezionate"), permissions=["change"])
    def unpublish_selected(self, request, queryset):
        count = self._each(request, queryset.filter(is_published=True), publishing.unpublish)
        self.message_user(
            request, ngettext("%d pratica ritirata dalla pubblicazione.", "%d pratiche ritirate dalla pubblicazione.",
                              count) % count,
        )

    def _each(self, request, practices, move):
        """Apply a publishing move to each practice; a refusal is reported and the rest go on."""
        done = 0
        for practice in practices:
            try:
                move(practice, request.user)
            except publishing.PublicationRefused as refusal:
                self.message_user(request, refusal.message, level=messages.ERROR)
            else:
                done += 1
        return done


# The Ambiti's back office has a module of its own; it reuses AtomicImportMixin, declared above.
from . import ambito_admin  # noqa: E402,F401
