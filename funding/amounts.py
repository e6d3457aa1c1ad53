"""Amounts in euro as Italians type them: `275.338,66`, `275338,66`, `1.200.000`, `€ 5.000`.

One parser for every way an amount arrives (admin forms, imports), and one model field that
every amount of the funding chain uses, so that all of them accept the Italian format without
switching on USE_THOUSAND_SEPARATOR (which would print every year on the site as `2.024`).
"""

import re
from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from buonepratiche.imports import parse_italian_decimal

CENT = Decimal("0.01")
MAX_DIGITS = 14
# Spaces of any kind, the euro sign and apostrophes some spreadsheets use as thousands separator.
_NOISE = re.compile(r"[\s\u00a0\u202f€']")


def parse_amount(value):
    """The Decimal an amount stands for, rounded to the cent; None for an empty value. The
    Italian reading is the import base's (buonepratiche.imports.parse_italian_decimal: `275.338,66`,
    `1.200.000`, `1200.5` as a spreadsheet writes it); here the rules of an amount are added.
    Raises ValueError with an Italian message."""
    if value is None or (isinstance(value, str) and not _NOISE.sub("", value)):
        return None
    # The Italian reader drops spaces and the € sign itself; only the apostrophe that some write
    # between thousands goes here, so that an error quotes what the person typed («circa 100»).
    amount = parse_italian_decimal(value.replace("'", "").strip() if isinstance(value, str) else value)
    if amount < 0:
        raise ValueError(_("L'importo non può essere negativo."))
    amount = amount.quantize(CENT, rounding=ROUND_HALF_UP)
    if len(amount.as_tuple().digits) > MAX_DIGITS:
        raise ValueError(_("L'importo «%(value)s» è troppo grande.") % {"value": value})
    return amount


def format_amount(amount):
    """`275.338,66` in Italian (`275,338.66` in English): the grouping of the active language."""
    if amount is None:
        return ""
    return number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)


class AmountInput(forms.TextInput):
    """A text box, so that `275.338,66` can be typed; shows the stored value the same way."""

    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, Decimal):
            return format_amount(value)
        return super().format_value(value)


class AmountFormField(forms.DecimalField):
    widget = AmountInput

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("In euro, anche nel formato 275.338,66."))
        super().__init__(**kwargs)

    def to_python(self, value):
        try:
            return parse_amount(value.strip() if isinstance(value, str) else value)
        except ValueError as exc:
            raise ValidationError(str(exc), code="invalid") from exc


class AmountField(models.DecimalField):
    """An amount in euro, never negative, typed in the Italian format in every form."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", MAX_DIGITS)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("validators", [MinValueValidator(0, _("L'importo non può essere negativo."))])
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        kwargs.pop("validators", None)
        return name, "funding.amounts.AmountField", args, kwargs

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": AmountFormField, **kwargs})
