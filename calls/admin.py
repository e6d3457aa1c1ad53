"""The back office of calls: dates, who may apply, candidacy types, accepted stages and the
sections each requires, attachments, declarations, criteria. The review's views on a call
(ranking, communicating decisions) are added by submissions/admin/call.py, which extends this
admin: calls knows nothing of candidacies."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .call_loader import add_types, default_types
from .models import (
    AcceptedStage,
    Call,
    CandidacyType,
    Declaration,
    EvaluationCriterion,
    RequiredAttachment,
    SectionRequirement,
)


class CandidacyTypeInline(admin.TabularInline):
    model = CandidacyType
    extra = 0
    prepopulated_fields = {"slug": ("name",)}


class AcceptedStageInline(admin.TabularInline):
    model = AcceptedStage
    extra = 0


class SectionRequirementInline(admin.TabularInline):
    model = SectionRequirement
    extra = 0


class RequiredAttachmentInline(admin.TabularInline):
    model = RequiredAttachment
    extra = 0


class DeclarationInline(admin.TabularInline):
    model = Declaration
    extra = 0


class EvaluationCriterionInline(admin.TabularInline):
    model = EvaluationCriterion
    extra = 0


class CallAdmin(SimpleHistoryAdmin):
    list_display = ("title", "act", "opens_at", "closes_at", "is_open_display")
    search_fields = ("title", "act", "description")
    prepopulated_fields = {"slug": ("title",)}
    date_hierarchy = "opens_at"
    readonly_fields = ("decisions_communicated_at",)
    inlines = [CandidacyTypeInline, RequiredAttachmentInline, DeclarationInline, EvaluationCriterionInline,
               AcceptedStageInline, SectionRequirementInline]
    fieldsets = (
        (None, {"fields": ("title", "slug", "act", "description", "region")}),
        (_("Date (ora di Roma)"), {"fields": ("opens_at", "closes_at")}),
        (_("Chi può partecipare"), {"fields": ("accepts_comuni", "accepts_ambiti")}),
        (_("Esiti"), {"fields": ("decisions_communicated_at",)}),
    )

    @admin.display(description=_("aperto"), boolean=True)
    def is_open_display(self, obj):
        return obj.is_open()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # A call saved without candidacy types accepts the usual ones (fixtures/calls/calls.json).
        if not form.instance.candidacy_types.exists():
            add_types(form.instance, default_types())


admin.site.register(Call, CallAdmin)
