"""Choosing a body from a list that also offers every Comune.

A Comune has a body only once something refers to it (practices.Body.objects.for_comune), so
lists of bodies would miss most Comuni: this field offers the Comuni by their ISTAT list
(namesakes told apart by the province's sigla) beside the bodies of every other kind, and gives
back the chosen Comune's body, creating it on first use. Creating it while validating is
harmless: a Comune's body holds nothing but its territorial record. Used for the partners an
officer names.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import fields as model_fields
from django.utils.translation import gettext_lazy as _

from practices.models import Body, Comune

COMUNE, BODY = "comune", "ente"


def key_of(body):
    """The choice value of a body: a Comune's by its ISTAT code, any other by its id."""
    if body.kind == Body.Kind.COMUNE:
        return f"{COMUNE}-{body.comune.istat_code}"
    return f"{BODY}-{body.pk}"


class BodyChoiceField(forms.ChoiceField):
    """`comuni`: the Comuni offered (a queryset); `bodies`: the other bodies offered."""

    def __init__(self, *, comuni=None, bodies=None, **kwargs):
        # Choices are read when the field is rendered (a callable), so lists stay current.
        super().__init__(choices=self._choices_now, **kwargs)
        self.comuni = comuni if comuni is not None else Comune.objects.all()
        self.bodies = bodies if bodies is not None else Body.objects.exclude(kind=Body.Kind.COMUNE)

    def __deepcopy__(self, memo):
        # Each form's copy lists its own `comuni` and `bodies`, which forms narrow per call.
        result = forms.Field.__deepcopy__(self, memo)
        result.choices = result._choices_now
        return result

    def _ordered(self):
        return (self.bodies.select_related("comune__province").order_by("name", "id"),
                self.comuni.select_related("province").order_by("name", "province__sigla"))

    @staticmethod
    def _body_choice(body):
        return f"{BODY}-{body.pk}", f"{body} ({body.get_kind_display()})"

    @staticmethod
    def _comune_choice(comune):
        return f"{COMUNE}-{comune.istat_code}", str(comune)

    def _choices_now(self):
        bodies, comuni = self._ordered()
        return [
            ("", model_fields.BLANK_CHOICE_LABEL),  # the site's empty choice (buonepratiche/apps.py)
            (_("Enti"), [self._body_choice(b) for b in bodies]),
            (_("Comuni"), [self._comune_choice(c) for c in comuni]),
        ]

    def search(self, text, limit=20):
        """The choices whose name contains `text`, Comuni first, at most `limit`: what a picker
        offers as the person types (submissions/views.py partner_search)."""
        bodies, comuni = self._ordered()
        comuni = [self._comune_choice(c) for c in comuni.filter(name__icontains=text)[:limit]]
        bodies = [self._body_choice(b) for b in bodies.filter(name__icontains=text)[:limit]]
        return (comuni + bodies)[:limit]

    def prepare_value(self, value):
        if isinstance(value, int):  # a model form's initial data holds the body's id
            value = Body.objects.select_related("comune").filter(pk=value).first()
        return key_of(value) if isinstance(value, Body) else value

    def valid_value(self, value):
        return self._resolve(value, create=False) is not None

    def _resolve(self, value, create):
        kind, _sep, key = str(value).partition("-")
        if not (key.isascii() and key.isdigit() and len(key) <= 18):  # ISTAT codes and ids: short ASCII digits
            return None
        if kind == COMUNE:
            comune = self.comuni.filter(istat_code=key).first()
            if comune is None:
                return None
            return Body.objects.for_comune(comune) if create else comune
        if kind == BODY:
            return self.bodies.filter(pk=key).first()
        return None

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        body = self._resolve(value, create=True)
        if body is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value})
        return body
