"""Amounts in euro as Italians type them: `275.338,66`, `275338,66`, `1.200.000`, `€ 5.000`.

One parser for every way an amount arrives (admin forms, imports), and one model field that
every amount of the funding chain uses, so that all of them accept the Italian format without
switching on USE_THOUSAND_SEPARATOR (which would print every year on the site as `2.024`).
"""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

CENT = Decimal("0.01")
MAX_DIGITS = 14
# Spaces of any kind, the euro sign and apostrophes some spreadsheets use as thousands separator.
_NOISE = re.compile(r"[\s\u00a0\u202f€']")
_WELL_FORMED = re.compile(r"\d+(\.\d+)?")


def parse_amount(value):
    """The Decimal an amount stands for, rounded to the cent; None for an empty value.

    With a comma, the comma is the decimal separator and dots group thousands (`275.338,66`).
    Without one, dots group thousands when they do so in threes (`1.200.000`, `5.000`), else a
    single dot is a decimal point (`1200.5`, as a spreadsheet writes numbers). Raises ValueError
    with an Italian message for anything else, and for negative amounts.
    """
    if value is None or value == "":
        return None
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        text = str(value)
    else:
        text = _NOISE.sub("", str(value))
        if not text:
            return None
        if "," in text:
            whole, _sep, decimals = text.rpartition(",")
            if "," in whole or not _groups_of_three(whole):
                raise ValueError(_("«%(value)s» non è un importo valido (esempio: 275.338,66).") % {"value": value})
            text = f"{whole.replace('.', '')}.{decimals}"
        elif text.count(".") > 1 or (text.count(".") == 1 and len(text.split(".")[1]) == 3):
            if not _groups_of_three(text):
                raise ValueError(_("«%(value)s» non è un importo valido (esempio: 275.338,66).") % {"value": value})
            text = text.replace(".", "")
    if text.startswith("-"):
        raise ValueError(_("L'importo non può essere negativo."))
    if not _WELL_FORMED.fullmatch(text):
        raise ValueError(_("«%(value)s» non è un importo valido (esempio: 275.338,66).") % {"value": value})
    try:
        amount = Decimal(text).quantize(CENT, rounding=ROUND_HALF_UP)
    except InvalidOperation as exc:
        raise ValueError(_("«%(value)s» non è un importo valido (esempio: 275.338,66).") % {"value": value}) from exc
    if len(amount.as_tuple().digits) > MAX_DIGITS:
        raise ValueError(_("L'importo «%(value)s» è troppo grande.") % {"value": value})
    return amount


def _groups_of_three(text):
    """`275.338` and `275338` are well grouped; `27.53.38` is not."""
    head, *groups = text.split(".")
    return bool(head) and all(len(group) == 3 for group in groups)


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
