"""What a candidacy still lacks before it can be submitted.

The same list drives the officer's "still missing" panel, the server-side check at
submission and the reviewer's suggested admissibility checklist.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from practices.models import CARD_SECTIONS

from .models import AdmissibilityCheck


# The attachments have their own page; the other sections are parts of the form's page.
ATTACHMENTS = "allegati"
# The form's sections (their HTML ids, in page order) with their menu labels. Sections without
# anything a submission requires are optional: the progress counts the others.
SECTIONS = (
    ("sezione-pratica", _lazy("La pratica")),
    ("sezione-scheda", _lazy("La scheda")),
    ("sezione-classificazione", _lazy("Classificazione")),
    ("sezione-dati", _lazy("Periodo e dati")),
    ("sezione-finanziamenti", _lazy("Finanziamenti")),
    ("sezione-partner", _lazy("Enti partner")),
    ("sezione-soggetti", _lazy("Altri soggetti coinvolti")),
    ("sezione-referente", _lazy("Referente")),
    ("sezione-dichiarazioni", _lazy("Dichiarazioni")),
    (ATTACHMENTS, _lazy("Allegati")),
)
OPTIONAL_SECTIONS = frozenset({"sezione-finanziamenti", "sezione-partner", "sezione-soggetti"})

# The form fields a submission requires whatever the stage (missing_items checks each); the card
# sections required depend on the stage (Candidacy.required_sections).
ALWAYS_REQUIRED_FIELDS = ("title", "status", "tipologia", "areas", "target_groups", "start_year",
                          "contact_name", "contact_email", "contact_phone")


def required_fields(candidacy):
    """The names of the form fields the candidacy must fill in before it can be submitted."""
    fields = [*ALWAYS_REQUIRED_FIELDS, *candidacy.required_sections]
    if candidacy.call.declarations.exists():
        fields.append("accepted_declarations")
    return fields


@dataclass(frozen=True)
class SectionProgress:
    anchor: str
    label: str
    optional: bool
    missing: int

    @property
    def complete(self):
        return not self.optional and not self.missing


def progress(candidacy):
    """Each section of the form with how many required items it still lacks."""
    missing = [item.anchor for item in missing_items(candidacy)]
    return [SectionProgress(anchor, label, anchor in OPTIONAL_SECTIONS, missing.count(anchor))
            for anchor, label in SECTIONS]


@dataclass(frozen=True)
class Missing:
    # The form section the officer should go to (an HTML id in the form page).
    anchor: str
    message: str
    # Which admissibility item the gap belongs to.
    item: str


def missing_items(candidacy):
    Item = AdmissibilityCheck.Item
    missing = []
    if not candidacy.title.strip():
        missing.append(Missing("sezione-pratica", _("Il titolo della pratica."), Item.SECTIONS_COMPLETE))
    labels = dict(CARD_SECTIONS)
    # Which sections are required depends on the stage and on the call (Call.required_sections).
    if not candidacy.status:
        missing.append(Missing("sezione-pratica", _("Lo stato della pratica (progetto, in corso o conclusa)."),
                               Item.SECTIONS_COMPLETE))
    elif not candidacy.call.accepts_stage(candidacy.status):
        missing.append(Missing("sezione-pratica", _("Uno stato della pratica che l'avviso ammette: «%(stage)s» non lo è.")
                               % {"stage": candidacy.get_status_display()}, Item.SECTIONS_COMPLETE))
    for name in candidacy.required_sections:
        if not getattr(candidacy, name).strip():
            missing.append(Missing("sezione-scheda", _("La sezione «%(section)s» della scheda.") % {
                "section": labels[name]}, Item.SECTIONS_COMPLETE))
    if candidacy.pk is None:
        return missing
    if not candidacy.tipologia_id:
        missing.append(Missing("sezione-classificazione", _("La tipologia della pratica."), Item.SECTIONS_COMPLETE))
    if not candidacy.areas.exists():
        missing.append(Missing("sezione-classificazione", _("Almeno un'area di intervento."),
                               Item.SECTIONS_COMPLETE))
    if not candidacy.target_groups.exists():
        missing.append(Missing("sezione-classificazione", _("Almeno un gruppo di destinatari."),
                               Item.SECTIONS_COMPLETE))
    if not candidacy.start_year:
        missing.append(Missing("sezione-dati", _("L'anno di avvio."), Item.SECTIONS_COMPLETE))
    for field, label in (("contact_name", _("Il nome del referente.")),
                         ("contact_email", _("L'email del referente.")),
                         ("contact_phone", _("Il telefono del referente."))):
        if not getattr(candidacy, field).strip():
            missing.append(Missing("sezione-referente", label, Item.SECTIONS_COMPLETE))
    present_kinds = set(candidacy.attachments.values_list("kind_id", flat=True))
    for required in candidacy.call.required_attachments.select_related("kind"):
        if required.kind_id not in present_kinds:
            missing.append(Missing(ATTACHMENTS, _("L'allegato «%(label)s».") % {"label": required.label},
                                   Item.ATTACHMENTS_PRESENT))
    accepted = set(candidacy.accepted_declarations.values_list("pk", flat=True))
    for declaration in candidacy.call.declarations.all():
        if declaration.pk not in accepted:
            missing.append(Missing("sezione-dichiarazioni", _("La dichiarazione: «%(text)s»") % {
                "text": declaration.text}, Item.DECLARATIONS_SIGNED))
    return missing
