"""A candidacy: a practice proposed to a call, from draft to decision and publication."""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from buonepratiche.validators import TextGuard
from calls.models import Call, CandidacyType, Declaration
from practices.models import CARD_SECTIONS, Body, Practice
from practices.models.practice import CardSections, check_dates_against_years, years_from_dates

from .membership import bodies_of
from .state import DECIDED_STATES, EDITABLE_STATES, State

# Kinds of body that stand for a territorial record (Comune, Ambito) and are never typed by name.
TERRITORIAL_KINDS = (Body.Kind.COMUNE, Body.Kind.AMBITO)


class CandidacyQuerySet(models.QuerySet):
    def visible_to_officer(self, user):
        """The candidacies of the bodies the user acts for, and no other."""
        return self.filter(lead__in=bodies_of(user))

    def of_body(self, body):
        return self.filter(lead=body)


class Candidacy(CardSections):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    call = models.ForeignKey(Call, models.PROTECT, related_name="candidacies", verbose_name=_("avviso"))
    # One of the call's types (the officer's start form offers only those).
    type = models.ForeignKey(CandidacyType, models.PROTECT, related_name="candidacies",
                             verbose_name=_("tipo di candidatura"))
    # The body that proposes (capofila), of any kind; its officers see and move the candidacy.
    lead = models.ForeignKey("practices.Body", models.PROTECT, related_name="candidacies",
                             verbose_name=_("ente proponente"))

    title = models.CharField(_("titolo della pratica"), max_length=500, blank=True)

    tipologia = models.ForeignKey(
        "practices.Tipologia", models.PROTECT, null=True, blank=True, related_name="candidacies",
        verbose_name=_("tipologia"),
    )
    areas = models.ManyToManyField("practices.PolicyArea", blank=True, related_name="candidacies",
                                   verbose_name=_("aree di intervento"))
    target_groups = models.ManyToManyField("practices.TargetGroup", blank=True, related_name="candidacies",
                                           verbose_name=_("destinatari (classificazione)"))
    start_year = models.PositiveSmallIntegerField(_("anno di avvio"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("anno di conclusione"), null=True, blank=True)
    started_on = models.DateField(_("data di avvio"), null=True, blank=True)
    ended_on = models.DateField(_("data di conclusione"), null=True, blank=True)
    status = models.CharField(_("stato della pratica"), max_length=20, choices=Practice.Status.choices, blank=True)
    people_reached = models.PositiveIntegerField(_("persone raggiunte"), null=True, blank=True)
    total_budget = models.DecimalField(_("budget complessivo (€)"), max_digits=14, decimal_places=2,
                                       null=True, blank=True)

    contact_name = models.CharField(_("nome e cognome del referente"), max_length=200, blank=True)
    contact_role = models.CharField(_("ruolo del referente"), max_length=200, blank=True)
    contact_email = models.EmailField(_("email del referente"), blank=True)
    contact_phone = models.CharField(_("telefono del referente"), max_length=40, blank=True)
    accepted_declarations = models.ManyToManyField(
        Declaration, blank=True, related_name="+", verbose_name=_("dichiarazioni rese"),
    )

    # Written only by submissions.workflow.
    state = models.CharField(_("stato"), max_length=30, choices=State.choices, default=State.DRAFT,
                             editable=False, db_index=True)
    protocol_number = models.CharField(_("protocollo"), max_length=20, unique=True, null=True, blank=True,
                                       editable=False)
    first_submitted_at = models.DateTimeField(_("presentata il"), null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField(_("ultima presentazione"), null=True, blank=True, editable=False)
    integration_deadline = models.DateTimeField(_("termine per le integrazioni"), null=True, blank=True,
                                                editable=False)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="assigned_candidacies",
        verbose_name=_("istruttore"),
    )
    decision_motivation = models.TextField(_("motivazione dell'esito"), blank=True, editable=False)
    decided_at = models.DateTimeField(_("esito registrato il"), null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", editable=False,
        verbose_name=_("esito registrato da"),
    )
    decision_communicated_at = models.DateTimeField(_("esito comunicato il"), null=True, blank=True,
                                                    editable=False)
    practice = models.OneToOneField(
        Practice, models.PROTECT, null=True, blank=True, related_name="candidacy", editable=False,
        verbose_name=_("pratica pubblicata"),
    )

    # Optimistic locking: every save by the officer bumps it, so two tabs cannot overwrite each other.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                   verbose_name=_("creata da"), editable=False)
    created_at = models.DateTimeField(_("creata il"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modificata il"), auto_now=True)

    objects = CandidacyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("candidatura")
        verbose_name_plural = _("candidature")
        ordering = ["-created_at"]
        permissions = [
            ("review_candidacy", _("Può istruire le candidature")),
            ("assign_candidacy", _("Può assegnare le candidature agli istruttori")),
            ("publish_candidacy", _("Può pubblicare le candidature ammesse nel catalogo")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__isnull=True) | Q(start_year__isnull=True) | Q(end_year__gte=models.F("start_year")),
                name="candidacy_years_in_order",
                violation_error_message=_("L'anno di conclusione non può precedere l'anno di avvio."),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(started_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="candidacy_dates_in_order",
                violation_error_message=_("La data di conclusione non può precedere la data di avvio."),
            ),
        ]
        indexes = [models.Index(fields=["call", "state"], name="candidacy_call_state_idx")]

    def __str__(self):
        return self.title or str(_("Candidatura senza titolo"))

    def get_absolute_url(self):
        return reverse("submissions:candidacy_detail", args=[self.uuid])

    @property
    def body(self):
        return self.lead

    @property
    def body_name(self):
        return str(self.lead) if self.lead_id else ""

    @property
    def province(self):
        return self.lead.province if self.lead_id else None

    @property
    def is_editable(self):
        return self.state in EDITABLE_STATES

    @property
    def is_deletable(self):
        # A draft may be thrown away; once submitted a candidacy stays on record and can only be
        # withdrawn (drafts.delete also refuses one with history rows).
        return self.state == State.DRAFT

    @property
    def decision_is_public(self):
        return self.state in DECIDED_STATES and self.decision_communicated_at is not None

    @property
    def public_state(self):
        """The state as the officer sees it: a decision is news only once communicated."""
        if self.state in DECIDED_STATES and not self.decision_communicated_at:
            return State.IN_REVIEW
        return State(self.state)

    def sections(self):
        return [(name, label, getattr(self, name)) for name, label in CARD_SECTIONS]

    @property
    def required_sections(self):
        """The card sections this candidacy must fill in: its stage's, as its call rules them."""
        return self.call.required_sections(self.status)

    def clean(self):
        super().clean()
        check_dates_against_years(self)

    def save(self, *args, **kwargs):
        years_from_dates(self)
        super().save(*args, **kwargs)


def candidacy_attachment_path(instance, filename):
    return f"candidature/{instance.candidacy.uuid}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


def private_storage():
    return storages["private"]


class CandidacyAttachment(TextGuard, models.Model):
    candidacy = models.ForeignKey(Candidacy, models.PROTECT, related_name="attachments",
                                  verbose_name=_("candidatura"))
    kind = models.ForeignKey("practices.DocumentKind", models.PROTECT, related_name="+",
                             verbose_name=_("tipo di documento"))
    title = models.CharField(_("titolo"), max_length=255)
    file = models.FileField(_("file"), upload_to=candidacy_attachment_path, storage=private_storage,
                            max_length=255)
    original_name = models.CharField(_("nome originale"), max_length=255)
    content_type = models.CharField(_("tipo di contenuto"), max_length=100)
    size = models.PositiveBigIntegerField(_("dimensione (byte)"))
    sha256 = models.CharField(_("impronta SHA-256"), max_length=64)
    publishable = models.BooleanField(
        _("pubblicabile nel catalogo"), default=True,
        help_text=_("Se la pratica è ammessa, il documento sarà scaricabile da tutti. Togliere la spunta per "
                    "documenti con dati personali o firme."),
    )
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("caricato da"))
    uploaded_at = models.DateTimeField(_("caricato il"), auto_now_add=True)

    class Meta:
        verbose_name = _("allegato")
        verbose_name_plural = _("allegati")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("submissions:attachment", args=[self.candidacy.uuid, self.pk])


class CandidacyFunding(TextGuard, models.Model):
    candidacy = models.ForeignKey(Candidacy, models.CASCADE, related_name="funding", verbose_name=_("candidatura"))
    programme = models.ForeignKey(
        "funding.Programme", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("linea di finanziamento"),
    )
    other_programme = models.CharField(
        _("altra linea di finanziamento"), max_length=255, blank=True,
        help_text=_("Se la linea non è nell'elenco, indicarne il nome."),
    )
    level = models.ForeignKey(
        "practices.FundingLevel", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("livello"), help_text=_("Solo per una linea non in elenco."),
    )
    amount = models.DecimalField(_("importo (€)"), max_digits=14, decimal_places=2, null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("anno"), null=True, blank=True)
    note = models.CharField(_("nota"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("finanziamento")
        verbose_name_plural = _("finanziamenti")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__isnull=True) | Q(amount__gte=0),
                                   name="candidacy_funding_amount_not_negative",
                                   violation_error_message=_("L'importo non può essere negativo.")),
        ]

    def __str__(self):
        return str(self.programme or self.other_programme)


class CandidacyPartner(models.Model):
    """A body already in the database (a Comune, an Ambito, an organisation named before) taking
    part in the candidacy's practice with the proposer, in a role."""

    candidacy = models.ForeignKey(Candidacy, models.CASCADE, related_name="partners", verbose_name=_("candidatura"))
    body = models.ForeignKey("practices.Body", models.PROTECT, related_name="partner_candidacies",
                             verbose_name=_("ente"))
    role = models.ForeignKey("practices.InvolvementRole", models.PROTECT, null=True, blank=True,
                             related_name="+", verbose_name=_("ruolo"))

    class Meta:
        verbose_name = _("ente partner")
        verbose_name_plural = _("enti partner")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["candidacy", "body"], name="candidacy_partner_once",
                                    violation_error_message=_("Questo ente è già tra i partner.")),
        ]

    def __str__(self):
        return str(self.body)


class CandidacyOrganisation(TextGuard, models.Model):
    """An organisation not yet in the database, as the officer types it; publication makes it a
    body of its kind (or reuses the body of that name and kind)."""

    candidacy = models.ForeignKey(Candidacy, models.CASCADE, related_name="organisations",
                                  verbose_name=_("candidatura"))
    name = models.CharField(_("denominazione"), max_length=255)
    kind = models.CharField(_("tipo"), max_length=30, choices=Body.Kind.choices, blank=True)
    role = models.ForeignKey("practices.InvolvementRole", models.PROTECT, null=True, blank=True,
                             related_name="+", verbose_name=_("ruolo"))

    class Meta:
        verbose_name = _("soggetto coinvolto")
        verbose_name_plural = _("soggetti coinvolti")
        ordering = ["id"]
        constraints = [
            # A Comune or an Ambito has its territorial record: it is chosen among the partner bodies.
            models.CheckConstraint(
                condition=~Q(kind__in=TERRITORIAL_KINDS), name="candidacy_organisation_not_territorial",
                violation_error_message=_("Comuni e Ambiti si scelgono nell'elenco degli enti partner."),
            ),
        ]

    def __str__(self):
        return self.name


class CandidacyEvent(TextGuard, models.Model):
    """One step of a candidacy's history: the state change, who made it, when and why."""

    candidacy = models.ForeignKey(Candidacy, models.PROTECT, related_name="events", verbose_name=_("candidatura"))
    transition = models.CharField(_("passaggio"), max_length=40)
    from_state = models.CharField(_("da"), max_length=30, choices=State.choices)
    to_state = models.CharField(_("a"), max_length=30, choices=State.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("autore"))
    at = models.DateTimeField(_("quando"), db_index=True)
    note = models.TextField(_("nota o motivazione"), blank=True)
    deadline = models.DateTimeField(_("termine"), null=True, blank=True)
    is_public = models.BooleanField(_("visibile al referente"), default=True)
    # What was submitted, kept at every submission so each version stays on record.
    snapshot = models.JSONField(_("contenuto presentato"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("passaggio di stato")
        verbose_name_plural = _("storico")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.get_from_state_display()} → {self.get_to_state_display()}"


class ProtocolCounter(models.Model):
    """The last protocol number given in a year; rows are locked while a number is drawn."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("contatore di protocollo")
        verbose_name_plural = _("contatori di protocollo")
