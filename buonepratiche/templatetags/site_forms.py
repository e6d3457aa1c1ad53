"""Template side of the site's forms: the error summary's entries and the ids of the error boxes its links go to
(buonepratiche/error_summary.py)."""

from django import template

from ..error_summary import error_entries, errors_id

register = template.Library()


@register.simple_tag
def error_summary(form=None, formsets=()):
    return error_entries(form, formsets)


register.filter("errors_id", errors_id)
