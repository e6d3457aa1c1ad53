"""The officer's form saved in the background while typing, as "Salva la bozza" would save it.

A draft accepts incomplete data, but never a value the form refuses, and never changes one
silently: a field that does not validate keeps its last saved value and its error goes back to
the page (the typed text stays in the browser until it is corrected). The rows (funding,
partners, organisations) are saved a list at a time: a list with an error in one of its rows
is left as it was, with the row's error. The save itself is drafts.save, with its version
check: a conflict is reported, never overwritten.
"""

from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

from . import drafts

# What static/js/autosave.js says, in the page's language (the page carries them as JSON).
BROWSER_MESSAGES = {
    "saving": _("Salvataggio…"),
    "not_saved": _("Non salvato:"),
    "refused": _("Questi campi non sono stati salvati e conservano il valore salvato prima:"),
    "session_expired": _("La sessione è scaduta: accedi di nuovo per continuare."),
    "login": _("Accedi di nuovo"),
    "kept": _("Il testo non salvato è conservato in questo browser e sarà ripristinato."),
    "page_expired": _("la pagina non è più valida (forse è stato effettuato l'accesso in un'altra scheda)."),
    "reload": _("Ricarica la pagina"),
    "offline": _("Non salvato: connessione assente. Riprovo tra poco; il testo è conservato in questo browser."),
    "restored": _("Abbiamo ripristinato il testo non salvato che avevi scritto in questo browser. Controllalo: "
                  "lo salviamo appena lo modifichi o premi «Salva il testo ripristinato»."),
    "restored_conflict": _("Abbiamo ripristinato il testo non salvato che avevi scritto in questo browser, ma "
                           "nel frattempo la candidatura è stata modificata da un'altra scheda o da un'altra "
                           "persona: copia i testi che vuoi conservare, poi scegli «Scarta il testo "
                           "ripristinato» per vedere la versione aggiornata."),
    "save_restored": _("Salva il testo ripristinato"),
    "discard_restored": _("Scarta il testo ripristinato"),
}

# A bad value can make another field fail once it is set aside (two years in the wrong order,
# the second set back to its saved value); each pass sets aside what the previous one refused.
MAX_PASSES = 3


def _stored_values(form, names):
    """The saved value of each field, as the browser would post it."""
    values = {}
    for name in names:
        bound = form[name]
        formatted = bound.field.widget.format_value(bound.value())
        if isinstance(formatted, (list, tuple)):
            values[name] = [str(item) for item in formatted]
        else:
            values[name] = [] if formatted is None else [str(formatted)]
    return values


def _main_form(form_class, data, candidacy):
    """The main form with every field it refuses set back to its saved value, and those errors."""
    data = data.copy()
    stored_form = form_class(instance=candidacy)
    fields = [name for name in stored_form.fields if name != "version"]
    errors = ErrorDict()
    for _attempt in range(MAX_PASSES):
        form = form_class(data, instance=type(candidacy).objects.get(pk=candidacy.pk))
        if form.is_valid():
            return form, errors
        refused = [name for name in form.errors if name in fields]
        for name, messages in form.errors.items():
            errors.setdefault(name, messages)
        if not refused:
            break
        _set_back(data, stored_form, refused)
    # Still refused (an error of the whole form): nothing of the main form is saved.
    _set_back(data, stored_form, fields)
    form = form_class(data, instance=type(candidacy).objects.get(pk=candidacy.pk))
    return (form if form.is_valid() else None), errors


def _set_back(data, stored_form, names):
    for name, values in _stored_values(stored_form, names).items():
        multiple = getattr(stored_form.fields[name].widget, "allow_multiple_selected", False)
        data.setlist(name, values if multiple or values else [""])


def _row_errors(formset):
    """The errors of a list of rows, keyed by the name of the input each belongs to."""
    errors = {}
    if formset.non_form_errors():
        errors[formset.prefix] = list(formset.non_form_errors())
    for row in formset.forms:
        if formset.can_delete and formset._should_delete_form(row):
            continue
        for name, messages in row.errors.items():
            errors[row.prefix if name == "__all__" else row.add_prefix(name)] = list(messages)
    return errors


def save(candidacy, form_class, data, formsets):
    """Save what validates; return the saved candidacy (None if nothing could be) and the errors
    by input name. Raises drafts.EditConflict and WorkflowError as drafts.save does."""
    form, main_errors = _main_form(form_class, data, candidacy)
    errors = {name: list(messages) for name, messages in main_errors.items()}
    valid = []
    for formset in formsets:
        if formset.is_valid():
            valid.append(formset)
        else:
            errors.update(_row_errors(formset))
    if form is None:
        return None, errors, {}
    saved = drafts.save(candidacy, form, valid)
    rows = {}
    for formset in valid:
        deleted = set(formset.deleted_forms) if formset.can_delete else set()
        for row in formset.forms:
            if row not in deleted and row.instance.pk is not None:
                rows[row.add_prefix(formset.model._meta.pk.name)] = row.instance.pk
    return saved, errors, rows
