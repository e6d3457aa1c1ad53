"""The back office of calls: dates, who may apply, candidacy types, accepted stages and the
sections each requires, attachments, declarations, criteria. The review's views on a call
(ranking, communicating decisions) are added by submissions/admin/call.py, which extends this
admin: calls knows nothing of candidacies."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .call_loader import add_types, default_types
from practices.models import Body

from .models import (
    AcceptedStage,
    Call,
    CandidacyType,
    Declaration,
    EvaluationCriterion,
    RequiredAttachment,
    SectionRequirement,
)


class CallForm(forms.ModelForm):
    # The kinds of body, as boxes to tick (the model keeps them as a JSON list).
    accepted_kinds = forms.MultipleChoiceField(
        label=_("tipi di ente ammessi"), choices=Body.Kind.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("I tipi di ente che possono candidarsi. Nessuno: tutti i tipi."),
    )

    class Meta:
        model = Call
        fields = "__all__"


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
    form = CallForm
    list_display = ("title", "act", "opens_at", "closes_at", "is_open_display")
    search_fields = ("title", "act", "description")
    prepopulated_fields = {"slug": ("title",)}
    date_hierarchy = "opens_at"
    readonly_fields = ("decisions_communicated_at",)
    autocomplete_fields = ("provinces",)
    inlines = [CandidacyTypeInline, RequiredAttachmentInline, DeclarationInline, EvaluationCriterionInline,
               AcceptedStageInline, SectionRequirementInline]
    fieldsets = (
        (None, {"fields": ("title", "slug", "act", "description")}),
        (_("Date (ora di Roma)"), {"fields": ("opens_at", "closes_at")}),
        (_("Chi può partecipare"), {"fields": ("accepted_kinds", "region", "provinces")}),
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
