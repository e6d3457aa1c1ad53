"""Text the site accepts must be text a feed, a spreadsheet and a browser can carry.

One invisible control character (say U+0002 pasted from a word processor) in a card section
makes the Atom feed and the XLSX downloads fail for everyone: XML 1.0 cannot hold it. So every
text a form, the admin or an import saves is checked here (TextGuard on the models, the form
field validator for texts that are not model fields), and what is already stored is cleaned on
the way out (strip_control_characters in the feed and the spreadsheets).
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _

# C0 controls except tab, newline and carriage return; DEL; lone UTF-16 surrogates (they cannot
# be encoded as UTF-8 at all). A superset of what XML 1.0 and openpyxl refuse.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def strip_control_characters(text):
    """The text without the characters no feed or spreadsheet can hold (for output only)."""
    return CONTROL_CHARACTERS.sub("", text) if isinstance(text, str) else text


def check_text(value, label):
    """Raise ValidationError naming the field and the first forbidden character, if any."""
    if not isinstance(value, str):
        return
    found = CONTROL_CHARACTERS.search(value)
    if found:
        raise ValidationError(
            _("Il campo «%(field)s» contiene un carattere di controllo non ammesso (U+%(code)04X).")
            % {"field": capfirst(label), "code": ord(found.group())},
            code="control_character",
        )


class TextGuard:
    """Model mixin: full_clean() refuses control characters in every text field.

    ModelForms (officer area and admin) and django-import-export (clean_model_instances) all
    go through full_clean(), so one check here covers every way text reaches these models.
    """

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self._meta.concrete_fields:
            if not isinstance(field, (models.CharField, models.TextField)) or field.name in (exclude or ()):
                continue
            if field.name in errors:
                continue
            try:
                check_text(getattr(self, field.attname), field.verbose_name)
            except ValidationError as error:
                errors[field.name] = error.error_list
        if errors:
            raise ValidationError(errors)


class TextGuardForm:
    """Form mixin, for forms whose text is not a model field (the admin's motivations and notes):
    the same refusal, attached to the field it concerns. ModelForms need it not: TextGuard does it."""

    def _post_clean(self):
        super()._post_clean()
        for name, value in list(self.cleaned_data.items()):
            try:
                check_text(value, self.fields[name].label or name)
            except ValidationError as error:
                self.add_error(name, error)
