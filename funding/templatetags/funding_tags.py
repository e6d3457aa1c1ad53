"""`{{ amount|euro }}`: an amount as the site shows every amount, `275.338,66 €`."""

from django import template

from ..amounts import format_amount

register = template.Library()


@register.filter
def euro(amount):
    return f"{format_amount(amount)}\u00a0€" if amount is not None else ""
