"""The states a candidacy can be in, and who moves it: plain names, at the bottom of the app
so the models can use them. The moves themselves are declared in submissions/states.py."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    DRAFT = "bozza", _("Bozza")
    SUBMITTED = "presentata", _("Presentata")
    IN_REVIEW = "in_istruttoria", _("In istruttoria")
    INTEGRATION_REQUESTED = "integrazioni_richieste", _("Integrazioni richieste")
    ADMITTED = "ammessa", _("Ammessa")
    NOT_ADMITTED = "non_ammessa", _("Non ammessa")
    PUBLISHED = "pubblicata", _("Pubblicata")
    WITHDRAWN = "ritirata", _("Ritirata")


class Actor(models.TextChoices):
    OFFICER = "referente", _("Referente dell'ente")
    REVIEWER = "istruttore", _("Istruttore ANCI")
    PUBLISHER = "pubblicazione", _("Chi pubblica nel catalogo")


S = State
# States in which the officer may still change the candidacy.
EDITABLE_STATES = frozenset({S.DRAFT, S.INTEGRATION_REQUESTED})
# States that count towards the call's per-body limits: everything actually submitted.
COUNTING_STATES = frozenset(set(State) - {S.DRAFT, S.WITHDRAWN})
DECIDED_STATES = frozenset({S.ADMITTED, S.NOT_ADMITTED, S.PUBLISHED})
