"""The review queue: ANCI staff filter, assign, check, score, decide and publish here."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from simple_history.admin import SimpleHistoryAdmin

from buonepratiche import markdown
from buonepratiche.validators import TextGuardForm
from practices.models import CARD_SECTION_FIELDS, Province

from .. import workflow
from ..preview import PreviewRefused, render_preview
from ..models import (
    AdmissibilityCheck,
    Candidacy,
    CandidacyAttachment,
    CandidacyEvent,
    CandidacyFunding,
    CandidacyOrganisation,
    CandidacyPartner,
    Score,
)
from ..states import PUBLISH, START_REVIEW, STEPS, TRANSITIONS
from .ranking import weighted_total


class ProvinceFilter(admin.SimpleListFilter):
    title = _("provincia")
    parameter_name = "provincia"

    def lookups(self, request, model_admin):
        # The provinces some candidacy's lead body counts under.
        provinces = Province.objects.filter(bodies__candidacies__isnull=False).distinct().order_by("name")
        return [(p.sigla, p.name) for p in provinces]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        return queryset.filter(lead__province__sigla=self.value())


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class FundingInline(ReadOnlyInline):
    model = CandidacyFunding
    fields = ("programme", "other_programme", "level", "amount", "year", "note")


class PartnerInline(ReadOnlyInline):
    model = CandidacyPartner
    fields = ("body", "role")


class OrganisationInline(ReadOnlyInline):
    model = CandidacyOrganisation
    fields = ("name", "kind", "role")


class AttachmentInline(ReadOnlyInline):
    model = CandidacyAttachment
    fields = ("title", "kind", "download", "size", "publishable", "uploaded_at")
    readonly_fields = fields

    @admin.display(description=_("file"))
    def download(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.original_name)


class CheckInline(ReadOnlyInline):
    model = AdmissibilityCheck
    fields = ("item", "outcome", "note", "checked_by", "checked_at")
    readonly_fields = fields


class ScoreInline(ReadOnlyInline):
    model = Score
    fields = ("criterion", "value", "note", "scored_by", "scored_at")
    readonly_fields = fields


class EventInline(ReadOnlyInline):
    model = CandidacyEvent
    fields = ("at", "transition_label", "from_state", "to_state", "actor", "note", "deadline", "is_public")
    readonly_fields = fields
    verbose_name_plural = _("storico dei passaggi")

    @admin.display(description=_("passaggio"))
    def transition_label(self, obj):
        step = STEPS.get(obj.transition)
        return step.label if step else obj.transition


class TransitionForm(TextGuardForm, forms.Form):
    note = forms.CharField(label=_("Motivazione o messaggio"), widget=forms.Textarea(attrs={"rows": 5}),
                           required=False)
    deadline = forms.DateTimeField(
        label=_("Termine per le integrazioni"), required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    communicate = forms.BooleanField(
        label=_("Comunica subito l'esito al proponente"), required=False,
        help_text=_("Altrimenti l'esito resta riservato e si comunica insieme agli altri dalla graduatoria."),
    )

    def __init__(self, *args, transition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].required = transition.needs_note
        if transition.takes_deadline:
            self.fields["deadline"].required = True
            self.fields["note"].label = _("Integrazioni richieste (messaggio al referente)")
        else:
            del self.fields["deadline"]
        if transition.is_decision:
            self.fields["note"].label = _("Motivazione dell'esito")
        else:
            del self.fields["communicate"]


class AssignForm(forms.Form):
    reviewer = forms.ModelChoiceField(label=_("Istruttore"), queryset=get_user_model().objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = get_user_model().objects.filter(
            Q(groups__name="Istruttori ANCI") | Q(is_superuser=True), is_active=True, is_staff=True,
        ).distinct().order_by("last_name", "first_name", "username")


class ReviewForm(TextGuardForm, forms.Form):
    """The admissibility checklist and the scores on one page."""

    def __init__(self, *args, candidacy, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidacy = candidacy
        existing_checks = {c.item: c for c in candidacy.checks.all()}
        suggested = workflow.suggested_checks(candidacy)
        self.check_rows = []
        for item, label in AdmissibilityCheck.Item.choices:
            current = existing_checks.get(item)
            initial = current.outcome if current else (AdmissibilityCheck.Outcome.PASSED if suggested[item]
                                                       else AdmissibilityCheck.Outcome.FAILED)
            self.fields[f"check_{item}"] = forms.ChoiceField(
                label=label, choices=AdmissibilityCheck.Outcome.choices, widget=forms.RadioSelect,
                initial=initial, required=False)
            self.fields[f"check_{item}_note"] = forms.CharField(
                label=_("Nota"), required=False, max_length=500, initial=current.note if current else "")
            self.check_rows.append((item, label, suggested[item], current))
        existing_scores = {s.criterion_id: s for s in candidacy.scores.all()}
        self.criteria = list(candidacy.call.criteria.all())
        for criterion in self.criteria:
            current = existing_scores.get(criterion.pk)
            self.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.name, coerce=int, empty_value=None, required=False,
                choices=[("", "—")] + [(n, str(n)) for n in range(6)],
                initial=current.value if current else "")
            self.fields[f"score_{criterion.pk}_note"] = forms.CharField(
                label=_("Nota"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                initial=current.note if current else "")

    def check_fields(self):
        return [(self[f"check_{item}"], self[f"check_{item}_note"], suggested, current)
                for item, _label, suggested, current in self.check_rows]

    def score_fields(self):
        return [(criterion, self[f"score_{criterion.pk}"], self[f"score_{criterion.pk}_note"])
                for criterion in self.criteria]

    def save(self, user):
        """Record what changed; each record keeps who and when. Returns how many were written."""
        written = 0
        existing_checks = {c.item: c for c in self.candidacy.checks.all()}
        for item, _label, _suggested, _current in self.check_rows:
            outcome = self.cleaned_data.get(f"check_{item}")
            note = self.cleaned_data.get(f"check_{item}_note", "")
            current = existing_checks.get(item)
            if outcome and (current is None or current.outcome != outcome or current.note != note):
                workflow.record_check(self.candidacy, item, outcome, user, note=note)
                written += 1
        existing_scores = {s.criterion_id: s for s in self.candidacy.scores.all()}
        for criterion in self.criteria:
            value = self.cleaned_data.get(f"score_{criterion.pk}")
            note = self.cleaned_data.get(f"score_{criterion.pk}_note", "")
            current = existing_scores.get(criterion.pk)
            if value is not None and (current is None or current.value != value or current.note != note):
                workflow.record_score(self.candidacy, criterion, value, user, note=note)
                written += 1
        return written


# The card's text as the officer and the public see it (bold, lists, links), not its raw marks.
CARD_TEXT_FIELDS = ("summary", *CARD_SECTION_FIELDS)


def _formatted(name):
    @admin.display(description=Candidacy._meta.get_field(name).verbose_name)
    def show(self, obj):
        return markdown.render(getattr(obj, name)) or "—"
    return show


@admin.register(Candidacy)
class CandidacyAdmin(SimpleHistoryAdmin):
    # What a reviewer scans, fitting 1280 px with the filters beside it: the call and the type are
    # filters (and on the candidacy's page), dates are short, long titles are cut.
    list_display = ("protocol_display", "title_display", "body_display", "state", "reviewer_display",
                    "submitted_display", "total_display")
    list_filter = ("call", "state", "type__name", ProvinceFilter,
                   ("reviewer", admin.RelatedOnlyFieldListFilter),
                   "lead__kind", ("lead", admin.RelatedOnlyFieldListFilter))
    search_fields = ("title", "protocol_number", "lead__name", "contact_name", "contact_email")
    list_select_related = ("call", "type", "lead__comune", "reviewer")
    actions = ["assign_to_me", "assign_to_reviewer", "start_review"]
    inlines = [FundingInline, PartnerInline, OrganisationInline, AttachmentInline, CheckInline, ScoreInline, EventInline]
    date_hierarchy = "first_submitted_at"
    ordering = ("-submitted_at",)
    fieldsets = (
        (_("Candidatura"), {"fields": ("protocol_number", "call", "type", "body_display", "state", "reviewer",
                                       "first_submitted_at", "submitted_at", "integration_deadline",
                                       "decision_summary", "practice_link")}),
        (_("Scheda della pratica"), {"fields": ("title", *(f"{name}_formatted" for name in CARD_TEXT_FIELDS))}),
        (_("Classificazione e dati"), {"fields": ("tipologia", "areas", "target_groups",
                                                  "status", "start_year", "end_year", "started_on", "ended_on",
                                                  "people_reached", "total_budget")}),
        (_("Referente e dichiarazioni"), {"fields": ("contact_name", "contact_role", "contact_email",
                                                     "contact_phone", "accepted_declarations")}),
    )

    locals().update({f"{name}_formatted": _formatted(name) for name in CARD_TEXT_FIELDS})

    def get_readonly_fields(self, request, obj=None):
        # Nothing the officer submitted is edited here: the review records its own data.
        return [f for fs in self.fieldsets for f in fs[1]["fields"]]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(total=weighted_total())

    @admin.display(description=_("protocollo"), ordering="protocol_number")
    def protocol_display(self, obj):
        return obj.protocol_number or _("(bozza)")

    @admin.display(description=_("titolo"), ordering="title")
    def title_display(self, obj):
        return Truncator(str(obj)).chars(90)

    @admin.display(description=_("ente proponente"))
    def body_display(self, obj):
        return obj.body_name

    @admin.display(description=_("istruttore"), ordering="reviewer__last_name")
    def reviewer_display(self, obj):
        if not obj.reviewer_id:
            return "—"
        return obj.reviewer.get_full_name() or obj.reviewer.get_username()

    @admin.display(description=_("presentata"), ordering="submitted_at")
    def submitted_display(self, obj):
        return formats.date_format(timezone.localtime(obj.submitted_at), "d/m/Y") if obj.submitted_at else "—"

    @admin.display(description=_("punteggio"), ordering="total")
    def total_display(self, obj):
        return obj.total

    @admin.display(description=_("esito"))
    def decision_summary(self, obj):
        if not obj.decided_at:
            return "—"
        communicated = (_("comunicato il %s") % timezone.localtime(obj.decision_communicated_at).strftime(
            "%d/%m/%Y %H:%M")) if obj.decision_communicated_at else _("non ancora comunicato")
        return format_html("{} ({}): {}", obj.get_state_display(), communicated, obj.decision_motivation)

    @admin.display(description=_("pratica nel catalogo"))
    def practice_link(self, obj):
        if not obj.practice_id:
            return "—"
        return format_html('<a href="{}">{}</a>', obj.practice.get_absolute_url(), obj.practice.slug)

    # Actions on the queue.

    @admin.action(description=_("Assegna a me le candidature selezionate"), permissions=["assign"])
    def assign_to_me(self, request, queryset):
        self._assign(request, queryset, request.user)

    @admin.action(description=_("Assegna a un istruttore…"), permissions=["assign"])
    def assign_to_reviewer(self, request, queryset):
        if "apply" in request.POST:
            form = AssignForm(request.POST)
            if form.is_valid():
                self._assign(request, queryset, form.cleaned_data["reviewer"])
                return None
        else:
            form = AssignForm()
        return TemplateResponse(request, "admin/submissions/candidacy/assign.html", {
            **self.admin_site.each_context(request), "opts": self.opts, "form": form, "queryset": queryset,
            "title": _("Assegna le candidature"), "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        })

    def _assign(self, request, queryset, reviewer):
        try:
            assigned, refused = workflow.assign(list(queryset), reviewer, request.user)
        except workflow.WorkflowError as error:
            self.message_user(request, error.message, messages.ERROR)
            return
        if assigned:
            self.message_user(request, ngettext("%(n)d candidatura assegnata a %(who)s.",
                                                "%(n)d candidature assegnate a %(who)s.", len(assigned))
                              % {"n": len(assigned), "who": reviewer.get_full_name() or reviewer.get_username()},
                              messages.SUCCESS)
        for candidacy, reason in refused:
            self.message_user(request, _("«%(c)s» non assegnata: %(reason)s.") % {"c": candidacy, "reason": reason},
                              messages.WARNING)

    @admin.action(description=_("Avvia l'istruttoria delle candidature selezionate"), permissions=["review"])
    def start_review(self, request, queryset):
        done = 0
        for candidacy in queryset:
            try:
                workflow.perform(candidacy, START_REVIEW.name, request.user)
                done += 1
            except workflow.WorkflowError as error:
                self.message_user(request, f"«{candidacy}»: {error.message}", messages.WARNING)
        if done:
            self.message_user(request, ngettext("Istruttoria avviata per %(n)d candidatura.",
                                                "Istruttoria avviata per %(n)d candidature.", done) % {"n": done},
                              messages.SUCCESS)

    def has_assign_permission(self, request):
        return request.user.has_perm("submissions.assign_candidacy")

    def has_review_permission(self, request):
        return request.user.has_perm("submissions.review_candidacy")

    # Per-candidacy pages: checklist and scores, and the workflow moves.

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path("<int:pk>/istruttoria/", self.admin_site.admin_view(self.review_view), name="%s_%s_review" % info),
            path("<int:pk>/anteprima/", self.admin_site.admin_view(never_cache(self.preview_view)),
                 name="%s_%s_preview" % info),
            path("<int:pk>/passaggio/<str:name>/", self.admin_site.admin_view(self.transition_view),
                 name="%s_%s_transition" % info),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        candidacy = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if candidacy is not None:
            extra_context["transitions"] = workflow.allowed_transitions(candidacy, request.user)
            extra_context["can_review"] = workflow.can_review(request.user, candidacy)
            extra_context["can_preview"] = candidacy.state in PUBLISH.sources
        return super().change_view(request, object_id, form_url, extra_context)

    def review_view(self, request, pk):
        candidacy = get_object_or_404(Candidacy.objects.select_related("call"), pk=pk)
        if not workflow.can_review(request.user, candidacy):
            raise PermissionDenied
        form = ReviewForm(request.POST if request.method == "POST" else None, candidacy=candidacy)
        if request.method == "POST" and form.is_valid():
            try:
                written = form.save(request.user)
            except workflow.WorkflowError as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                self.message_user(request, ngettext("%(n)d valutazione registrata.", "%(n)d valutazioni registrate.",
                                                    written) % {"n": written}, messages.SUCCESS)
                return redirect("admin:submissions_candidacy_change", pk)
        return TemplateResponse(request, "admin/submissions/candidacy/review.html", {
            **self.admin_site.each_context(request), "opts": self.opts, "original": candidacy,
            "candidacy": candidacy, "form": form, "title": _("Verifiche e punteggi"),
        })

    def preview_view(self, request, pk):
        """The practice page as publishing would make it (submissions/preview.py): staff only
        (admin_view), never cached, never indexed, and only for a candidacy ready to publish."""
        candidacy = get_object_or_404(Candidacy, pk=pk)
        if not self.has_view_permission(request, candidacy):
            raise PermissionDenied
        if candidacy.state not in PUBLISH.sources:
            self.message_user(request, _("L'anteprima è disponibile per le candidature ammesse, pronte da pubblicare: "
                                         "questa è nello stato «%(state)s».") % {"state": candidacy.get_state_display()},
                              messages.WARNING)
            return redirect("admin:submissions_candidacy_change", pk)
        try:
            html = render_preview(request, candidacy)
        except PreviewRefused as refusal:
            self.message_user(request, _("Anteprima non disponibile: %(reason)s") % {"reason": refusal}, messages.ERROR)
            return redirect("admin:submissions_candidacy_change", pk)
        response = HttpResponse(html)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def _already_performed(self, request, transition, done):
        # The second of two identical requests (double click, two tabs): the first did the move.
        self.message_user(request, _("Operazione già eseguita: %(action)s.") % {"action": transition.label},
                          messages.INFO)
        return redirect(done)

    def transition_view(self, request, pk, name):
        candidacy = get_object_or_404(Candidacy, pk=pk)
        transition = TRANSITIONS.get(name)
        if transition is None:
            raise PermissionDenied
        done = reverse("admin:submissions_candidacy_change", args=[pk])
        if transition not in workflow.allowed_transitions(candidacy, request.user):
            if request.method == "POST" and workflow.just_performed(candidacy, name):
                return self._already_performed(request, transition, done)
            raise PermissionDenied
        form = TransitionForm(request.POST if request.method == "POST" else None, transition=transition)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                workflow.perform(candidacy, name, request.user, note=data.get("note", ""),
                                 deadline=data.get("deadline"), communicate=data.get("communicate", False))
            except workflow.WorkflowError as error:
                if workflow.just_performed(candidacy, name):
                    return self._already_performed(request, transition, done)
                form.add_error(None, error.message)
            else:
                self.message_user(request, _("Fatto: %(action)s.") % {"action": transition.label}, messages.SUCCESS)
                return redirect(done)
        return TemplateResponse(request, "admin/submissions/candidacy/transition.html", {
            **self.admin_site.each_context(request), "opts": self.opts, "original": candidacy,
            "candidacy": candidacy, "transition": transition, "form": form, "title": transition.label,
        })
