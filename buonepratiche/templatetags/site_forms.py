"""Template side of the site's forms: the error summary's entries (buonepratiche/error_summary.py)."""

from django import template

from ..error_summary import error_entries, form_errors_id, formset_errors_id

register = template.Library()


@register.simple_tag
def error_summary(form=None, formsets=()):
    return error_entries(form, formsets)


@register.filter
def row_errors_id(form):
    return form_errors_id(form)


@register.filter
def formset_errors_anchor(formset):
    return formset_errors_id(formset)
