"""The officer's forms: start a candidacy, fill it in (with its rows), upload attachments."""

from django import forms
from django.db.models import fields as model_fields
from django.forms import inlineformset_factory
from django.forms.models import ModelChoiceIterator
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buonepratiche.forms import CHOICE_LISTS, SafeModelChoiceField, SiteFormMixin
from buonepratiche.numbers import CountFormField, NumericInput, YearFormField
from buonepratiche.uploads import ACCEPT_ATTRIBUTE, ALLOWED_LABEL, check_upload
from calls.models import Call, CandidacyType
from funding.amounts import AmountFormField
from practices.models import CARD_SECTION_FIELDS, CARD_SECTIONS, Body, Comune, PolicyArea, TargetGroup, Tipologia

from .body_choice import BodyChoiceField
from .completeness import required_fields
from .models import (
    BodyMembership,
    Candidacy,
    CandidacyAttachment,
    CandidacyFunding,
    CandidacyOrganisation,
    CandidacyPartner,
)
from .models.candidacy import TERRITORIAL_KINDS

YEAR_WIDGET = NumericInput(attrs={"maxlength": 4})
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
        self.memberships = list(BodyMembership.objects.for_user(user).select_related("body__comune__province"))
        # An officer of several bodies chooses which one proposes.
        self.fields["body"].choices = [(str(m.body_id), str(m.body)) for m in self.memberships]

    def clean(self):
        cleaned = super().clean()
        call, key, kind = cleaned.get("call"), cleaned.get("body"), cleaned.get("kind")
        membership = next((m for m in self.memberships if str(m.body_id) == key), None)
        if call and membership:
            refusal = call.refusal(membership.body)
            if refusal:
                self.add_error("body", _("%(body)s non può partecipare a questo avviso: %(reason)s")
                               % {"body": membership.body, "reason": refusal})
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
            "title", "status", "summary",
            "intervention_area", "recipients", "aims", "implementation", "expected_results", "achieved_results",
            "resources", "stakeholders", "improvements",
            "tipologia", "areas", "target_groups",
            "start_year", "end_year", "started_on", "ended_on", "people_reached", "total_budget",
            "contact_name", "contact_role", "contact_email", "contact_phone",
            "accepted_declarations",
        ]
        # Typed the Italian way (150.000,00 €, 1.200) and refused, not changed, when unreadable.
        field_classes = {"total_budget": AmountFormField, "people_reached": CountFormField,
                         "start_year": YearFormField, "end_year": YearFormField}
        help_texts = {name: _("Separare i paragrafi con una riga vuota; gli elenchi puntati con righe che "
                                "iniziano con «- », quelli numerati con «1. »; **grassetto**, *corsivo*, "
                                "[testo del collegamento](https://indirizzo).") for name in CARD_SECTION_FIELDS}
        widgets = {
            "tipologia": forms.RadioSelect,
            "areas": forms.CheckboxSelectMultiple,
            "target_groups": forms.CheckboxSelectMultiple,
            "accepted_declarations": forms.CheckboxSelectMultiple,
            "start_year": YEAR_WIDGET,
            "end_year": YEAR_WIDGET,
            "started_on": DATE_WIDGET,
            "ended_on": DATE_WIDGET,
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "contact_phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        candidacy = self.instance
        call = candidacy.call
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
        self.fields["status"].choices = [("", model_fields.BLANK_CHOICE_LABEL), *call.stage_choices()]
        self.fields["status"].help_text = _("Le sezioni obbligatorie della scheda dipendono dallo stato: "
                                            "un progetto non deve indicare risultati conseguiti.")
        self.fields["started_on"].help_text = _("Facoltativa; se indicata, l'anno di avvio è il suo.")
        self.fields["ended_on"].help_text = _("Facoltativa; se indicata, l'anno di conclusione è il suo.")
        self.mark_required_sections()

    def mark_required_sections(self):
        """Mark what a submission requires at the candidacy's stage, under its call: the asterisk
        (templates/forms/field.html) and aria-required; each card section also says so in words.
        A draft saves without them, so they are not `required` for the browser."""
        required = set(self.instance.required_sections)
        for name in CARD_SECTION_FIELDS:
            self.fields[name].help_text = " ".join([
                str(_("Obbligatoria per presentare la candidatura.") if name in required else _("Facoltativa.")),
                str(self.Meta.help_texts[name])])
        needed = set(required_fields(self.instance))
        for name, field in self.fields.items():
            field.required_mark = name in needed
            if name in needed and not isinstance(field.widget, CHOICE_LISTS):
                field.widget.attrs["aria-required"] = "true"
            else:
                field.widget.attrs.pop("aria-required", None)

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


# The funding-line choice that is not a programme of the list: its name is typed beside it.
OTHER_LINE = "altra"


class _WithOtherLine(ModelChoiceIterator):
    def __iter__(self):
        yield from super().__iter__()
        yield OTHER_LINE, _("Altra linea di finanziamento (indicarne il nome)")

    def __len__(self):
        return super().__len__() + 1


class FundingLineChoiceField(SafeModelChoiceField):
    """The programmes of the list, then «Altra linea di finanziamento», in one dropdown."""

    iterator = _WithOtherLine

    def to_python(self, value):
        return OTHER_LINE if value == OTHER_LINE else super().to_python(value)

    def prepare_value(self, value):
        return OTHER_LINE if value == OTHER_LINE else super().prepare_value(value)


class FundingForm(SiteFormMixin, forms.ModelForm):
    class Meta:
        model = CandidacyFunding
        fields = ["programme", "other_programme", "level", "amount", "year", "note"]
        # 275.338,66 and 2021 as officers type them.
        field_classes = {"programme": FundingLineChoiceField, "amount": AmountFormField, "year": YearFormField}
        widgets = {"year": YEAR_WIDGET}
        labels = {"other_programme": _("Nome dell'altra linea di finanziamento")}
        help_texts = {"other_programme": _("Solo se nell'elenco si è scelto «Altra linea di finanziamento»."),
                      "level": _("Solo per un'altra linea di finanziamento.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.other_programme and not self.instance.programme_id:
            self.initial["programme"] = OTHER_LINE

    def clean(self):
        cleaned = super().clean()
        if self.cleaned_data.get("DELETE"):
            return cleaned
        programme, other = cleaned.get("programme"), (cleaned.get("other_programme") or "").strip()
        if programme == OTHER_LINE:
            # Stored as a line without a programme, named by other_programme.
            cleaned["programme"] = programme = None
            if not other:
                self.add_error("other_programme", _("Indicare il nome dell'altra linea di finanziamento."))
        elif programme and other:
            self.add_error("other_programme", _("Scegliere una linea dall'elenco oppure indicarne un'altra, non entrambe."))
        elif not programme and not other and self.has_changed():
            self.add_error("programme", _("Scegliere la linea di finanziamento o indicarne il nome."))
        if other and not cleaned.get("level"):
            self.add_error("level", _("Indicare il livello della linea di finanziamento non in elenco."))
        return cleaned


class PartnerForm(SiteFormMixin, forms.ModelForm):
    """A partner already in the database: a Comune (of the call's region, if it has one) or
    another body, with its role."""

    body = BodyChoiceField(label=_("Ente partner"))

    class Meta:
        model = CandidacyPartner
        fields = ["body", "role"]

    def __init__(self, *args, candidacy, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidacy = candidacy
        call = candidacy.call
        if call.region_id:
            self.fields["body"].comuni = Comune.objects.filter(province__region_id=call.region_id)
        self.fields["body"].help_text = _("Un Comune, un Ambito o un altro ente già in elenco. Un ente che non "
                                          "c'è si indica nella sezione «Altri soggetti coinvolti».")
        # static/js/partner-picker.js turns the list into a search that asks this address, and
        # speaks with these words.
        self.fields["body"].widget.attrs.update({
            "data-partner-search": reverse("submissions:partner_search", args=[candidacy.uuid]),
            "data-text-hint": _("Scrivi almeno due lettere del nome, poi scegli con le frecce e Invio."),
            "data-text-chosen": _("Ente scelto"),
            "data-text-remove": _("Rimuovi"),
            "data-text-removed": _("Scelta rimossa."),
            "data-text-results": _("Risultati trovati:"),
        })

    def clean_body(self):
        body = self.cleaned_data["body"]
        if body is not None and body.pk == self.candidacy.lead_id:
            raise forms.ValidationError(_("L'ente proponente non va indicato tra i partner."))
        return body


class OrganisationForm(SiteFormMixin, forms.ModelForm):
    """An organisation not yet in the database, typed by name and kind."""

    class Meta:
        model = CandidacyOrganisation
        fields = ["name", "kind", "role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", model_fields.BLANK_CHOICE_LABEL)] + [
            (value, label) for value, label in Body.Kind.choices if value not in TERRITORIAL_KINDS]


FundingFormSet = inlineformset_factory(Candidacy, CandidacyFunding, form=FundingForm, extra=1, can_delete=True,
                                       max_num=30, validate_max=True)
PartnerFormSet = inlineformset_factory(Candidacy, CandidacyPartner, form=PartnerForm, extra=1, can_delete=True,
                                       max_num=100, validate_max=True)
OrganisationFormSet = inlineformset_factory(Candidacy, CandidacyOrganisation, form=OrganisationForm, extra=1,
                                            can_delete=True, max_num=50, validate_max=True)
# What one row is called in its legend and in the error summary ("Finanziamento n. 2 – Importo").
FundingFormSet.label = _("Finanziamento")
PartnerFormSet.label = _("Ente partner")
OrganisationFormSet.label = _("Organizzazione")


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
