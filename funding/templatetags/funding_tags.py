"""Amounts as the site shows every amount, `275.338,66 €`, and the total a practice is assigned."""

from django import template

from ..amounts import format_amount
from ..models.agreement import total_assigned as _total_assigned

register = template.Library()


@register.filter
def euro(amount):
    return f"{format_amount(amount)} €" if amount is not None else ""


@register.filter
def total_assigned(links):
    """`{{ practice.funding.all|total_assigned|euro }}`: what a practice's links assign it, or None."""
    return _total_assigned(links)
