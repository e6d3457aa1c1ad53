"""The officer's forms: start a candidacy, fill it in (with its rows), upload attachments."""

from django import forms
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buonepratiche.forms import SiteFormMixin
from buonepratiche.uploads import ACCEPT_ATTRIBUTE, ALLOWED_LABEL, check_upload
from calls.models import Call, CandidacyType
from funding.amounts import AmountFormField
from practices.models import CARD_SECTION_FIELDS, CARD_SECTIONS, Comune, PolicyArea, TargetGroup, Tipologia

from .models import (
    BodyMembership,
    Candidacy,
    CandidacyAttachment,
    CandidacyFunding,
    CandidacyOrganisation,
)

YEAR_WIDGET = forms.NumberInput(attrs={"min": 1990, "max": 2100, "inputmode": "numeric"})
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StartForm(SiteFormMixin, forms.Form):
    """Which call, for which body, of which kind: the three things fixed once a candidacy exists."""

    call = forms.ModelChoiceField(label=_("Avviso"), queryset=Call.objects.none(), empty_label=None)
    body = forms.ChoiceField(label=_("Ente proponente"))
    # The types by slug: open calls name their types alike, and the chosen call's own is picked in clean().
    kind = forms.ChoiceField(label=_("Tipo di candidatura"), widget=forms.RadioSelect)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["call"].queryset = Call.objects.open()
        types = CandidacyType.objects.filter(call__in=self.fields["call"].queryset).order_by("position", "slug")
        self.fields["kind"].choices = list(dict(types.values_list("slug", "name")).items())
        self.fields["kind"].initial = next(iter(self.fields["kind"].choices), ("", ""))[0]
        self.memberships = list(BodyMembership.objects.for_user(user).select_related(
            "comune__province", "ambito__capofila__province", "ambito__province"))
        self.fields["body"].choices = [(self._key(m), m.body_name) for m in self.memberships]

    @staticmethod
    def _key(membership):
        return f"comune-{membership.comune_id}" if membership.comune_id else f"ambito-{membership.ambito_id}"

    def clean(self):
        cleaned = super().clean()
        call, key, kind = cleaned.get("call"), cleaned.get("body"), cleaned.get("kind")
        membership = next((m for m in self.memberships if self._key(m) == key), None)
        if call and membership:
            if not call.accepts(membership.body):
                self.add_error("body", _("%(body)s non può partecipare a questo avviso.")
                               % {"body": membership.body_name})
            candidacy_type = call.candidacy_types.filter(slug=kind).first() if kind else None
            if kind and (candidacy_type is None or candidacy_type.is_closed):
                self.add_error("kind", _("Questo avviso non ammette candidature di questo tipo."))
            cleaned["type"] = candidacy_type
        cleaned["membership"] = membership
        return cleaned


class CandidacyForm(SiteFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Candidacy
        fields = [
            "title", "partner_comuni", "status", "summary",
            "intervention_area", "recipients", "aims", "implementation", "expected_results", "achieved_results",
            "resources", "stakeholders", "improvements",
            "tipologia", "areas", "target_groups",
            "start_year", "end_year", "started_on", "ended_on", "people_reached", "total_budget",
            "contact_name", "contact_role", "contact_email", "contact_phone",
            "accepted_declarations",
        ]
        help_texts = {name: _("Separare i paragrafi con una riga vuota; gli elenchi puntati con righe che "
                                "iniziano con «- ».") for name in CARD_SECTION_FIELDS}
        widgets = {
            "tipologia": forms.RadioSelect,
            "areas": forms.CheckboxSelectMultiple,
            "target_groups": forms.CheckboxSelectMultiple,
            "accepted_declarations": forms.CheckboxSelectMultiple,
            "partner_comuni": forms.SelectMultiple(attrs={"size": 8}),
            "start_year": YEAR_WIDGET,
            "end_year": YEAR_WIDGET,
            "started_on": DATE_WIDGET,
            "ended_on": DATE_WIDGET,
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "contact_phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "total_budget": forms.NumberInput(attrs={"step": "0.01", "min": 0}),
            "people_reached": forms.NumberInput(attrs={"min": 0}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        candidacy = self.instance
        call = candidacy.call
        comuni = Comune.objects.select_related("province").order_by("name")
        if call.region_id:
            comuni = comuni.filter(province__region_id=call.region_id)
        self.fields["partner_comuni"].queryset = comuni
        self.fields["partner_comuni"].help_text = _(
            "I Comuni che hanno partecipato alla pratica insieme al proponente. "
            "Tenere premuto Ctrl (⌘ su Mac) per sceglierne più di uno.")
        self.fields["tipologia"].queryset = Tipologia.objects.all()
        self.fields["tipologia"].empty_label = None
        self.fields["areas"].queryset = PolicyArea.objects.all()
        self.fields["target_groups"].queryset = TargetGroup.objects.all()
        self.fields["accepted_declarations"].queryset = call.declarations.all()
        self.fields["accepted_declarations"].label = _("Il referente, per conto dell'ente, dichiara")
        self.fields["version"].initial = candidacy.version
        for name in CARD_SECTION_FIELDS:
            self.fields[name].widget.attrs["rows"] = 6
        self.fields["summary"].widget.attrs["rows"] = 3
        self.fields["status"].choices = [("", "---------"), *call.stage_choices()]
        self.fields["status"].help_text = _("Le sezioni obbligatorie della scheda dipendono dallo stato: "
                                            "un progetto non deve indicare risultati conseguiti.")
        self.fields["started_on"].help_text = _("Facoltativa; se indicata, l'anno di avvio è il suo.")
        self.fields["ended_on"].help_text = _("Facoltativa; se indicata, l'anno di conclusione è il suo.")
        self.mark_required_sections()

    def mark_required_sections(self):
        """Say on each section whether the candidacy's stage, under its call, requires it."""
        required = set(self.instance.required_sections)
        for name in CARD_SECTION_FIELDS:
            self.fields[name].help_text = " ".join([
                str(_("Obbligatoria per presentare la candidatura.") if name in required else _("Facoltativa.")),
                str(self.Meta.help_texts[name])])

    def required_section_labels(self):
        required = set(self.instance.required_sections)
        return [label for name, label in CARD_SECTIONS if name in required]

    def _post_clean(self):
        super()._post_clean()
        # The instance now holds the stage just chosen: the page redisplayed says what it requires.
        self.mark_required_sections()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_year"), cleaned.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", _("L'anno di conclusione non può precedere l'anno di avvio."))
        this_year = timezone.localdate().year
        for field in ("start_year", "end_year"):
            value = cleaned.get(field)
            if value and not 1990 <= value <= this_year + 10:
                self.add_error(field, _("Indicare un anno tra il 1990 e il %(max)s.") % {"max": this_year + 10})
        return cleaned


class FundingForm(SiteFormMixin, forms.ModelForm):
    class Meta:
        model = CandidacyFunding
        fields = ["programme", "other_programme", "level", "amount", "year", "note"]
        field_classes = {"amount": AmountFormField}  # 275.338,66 as officers type amounts
        widgets = {"year": YEAR_WIDGET}

    def clean(self):
        cleaned = super().clean()
        if self.cleaned_data.get("DELETE"):
            return cleaned
        programme, other = cleaned.get("programme"), (cleaned.get("other_programme") or "").strip()
        if programme and other:
            self.add_error("other_programme", _("Scegliere una linea dall'elenco oppure indicarne un'altra, non entrambe."))
        elif not programme and not other and self.has_changed():
            self.add_error("programme", _("Scegliere la linea di finanziamento o indicarne il nome."))
        if other and not cleaned.get("level"):
            self.add_error("level", _("Indicare il livello della linea di finanziamento non in elenco."))
        return cleaned


class OrganisationForm(SiteFormMixin, forms.ModelForm):
    class Meta:
        model = CandidacyOrganisation
        fields = ["name", "kind", "role"]


FundingFormSet = inlineformset_factory(Candidacy, CandidacyFunding, form=FundingForm, extra=1, can_delete=True,
                                       max_num=30, validate_max=True)
OrganisationFormSet = inlineformset_factory(Candidacy, CandidacyOrganisation, form=OrganisationForm, extra=1,
                                            can_delete=True, max_num=50, validate_max=True)


class AttachmentForm(SiteFormMixin, forms.ModelForm):
    class Meta:
        model = CandidacyAttachment
        fields = ["kind", "title", "file", "publishable"]
        widgets = {"file": forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from django.conf import settings

        self.fields["file"].help_text = _("Tipi ammessi: %(types)s. Dimensione massima: %(mb)s MB.") % {
            "types": ALLOWED_LABEL, "mb": settings.SUBMISSIONS_MAX_UPLOAD_MB}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.checked = check_upload(upload)
        return upload
