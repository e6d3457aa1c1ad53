"""Every error of a page in one list, each linked to where it is, for the summary at the top.

A page may hold a form and formsets (the candidacy's rows of funding, partners, organisations):
an error left only inside a row 4,000 px below the banner is an error the person does not find,
so the summary walks them all: the form's own errors, each formset's errors (its management
data included) and each row's.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .forms import CHOICE_LISTS


@dataclass(frozen=True)
class ErrorEntry:
    message: str
    label: str = ""
    # The id of the element the entry links to; empty for errors that belong to no element.
    target: str = ""


def _field_target(bound):
    # A list of inputs: the link goes to the first one, the only id a person can be taken to.
    if isinstance(bound.field.widget, CHOICE_LISTS):
        return f"{bound.auto_id}_0"
    return bound.id_for_label


def _form_entries(form, label=""):
    entries = [ErrorEntry(str(error), label, errors_id(form) if label else "")
               for error in form.non_field_errors()]
    for bound in form:
        name = f"{label} – {bound.label}" if label else str(bound.label)
        target = "" if bound.is_hidden else _field_target(bound)
        entries += [ErrorEntry(str(error), "" if bound.is_hidden else name, target) for error in bound.errors]
    return entries


def errors_id(form_or_formset):
    """The id of the error box of a formset or of one of its rows, each with its own prefix
    (templates/submissions/partials/formset.html)."""
    return f"{form_or_formset.prefix}-errori"


def error_entries(form=None, formsets=()):
    """The entries in page order: the form, then each formset (its own errors, then its rows)."""
    entries = _form_entries(form) if form is not None and form.is_bound else []
    for formset in formsets or ():
        if not formset.is_bound:
            continue
        label = str(getattr(formset, "label", ""))
        entries += [ErrorEntry(str(error), label, errors_id(formset)) for error in formset.non_form_errors()]
        if formset.management_form.errors:
            continue  # the rows cannot be read: non_form_errors says so
        for number, row in enumerate(formset.forms, start=1):
            entries += _form_entries(row, _("%(label)s n. %(n)s") % {"label": label, "n": number})
    return entries
