"""Counts and years in the site's forms, as Italians type them, never silently changed.

A number box (`<input type="number">`) lets the browser drop what it cannot read ("duemilaventuno"
arrived empty and the year was lost) and Django's own fields read `1.200` as 1.2. These fields
are text boxes read by the one Italian parser (buonepratiche.imports): `1.200` people is twelve
hundred; anything that is not a number written in figures ("circa 100") is refused with a
message, so that nothing is saved that the person did not write. On an error the box shows
again what was typed. Amounts in euro are funding.amounts.AmountFormField's.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .imports import parse_italian_integer

_YEAR = re.compile(r"\d{4}")


class NumericInput(forms.TextInput):
    """A text box with the phone's number keyboard."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "numeric", "autocomplete": "off", **(attrs or {})})


class CountFormField(forms.IntegerField):
    """How many (people, beneficiaries): `1200` or `1.200`."""

    widget = NumericInput

    def to_python(self, value):
        text = value.strip() if isinstance(value, str) else value
        if text in self.empty_values:
            return None
        try:
            return parse_italian_integer(text)
        except ValueError as exc:
            raise ValidationError(
                _("«%(value)s» non è un numero intero: scrivere solo il numero in cifre, ad esempio 1.200. "
                  "Se il dato è una stima, indicarlo nel testo della scheda."),
                code="invalid", params={"value": text}) from exc


class YearFormField(forms.IntegerField):
    """A year in four figures: `2021`."""

    widget = NumericInput

    def to_python(self, value):
        text = value.strip() if isinstance(value, str) else value
        if text in self.empty_values:
            return None
        if isinstance(text, int) or _YEAR.fullmatch(str(text)):
            return int(text)
        raise ValidationError(_("«%(value)s» non è un anno: scriverlo in cifre, ad esempio 2021."),
                              code="invalid", params={"value": text})
