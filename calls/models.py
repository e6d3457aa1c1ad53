"""Calls for proposals (Avvisi): dates, who may apply, the candidacy types each accepts, the
stages of practice it accepts and the card sections each must fill in, attachments,
declarations, criteria.

The tables keep the names they had when these models lived in `submissions` (moved without
copying data, see migrations/0001_initial.py).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from buonepratiche.validators import TextGuard
from practices.models import CARD_SECTION_FIELDS, CARD_SECTIONS, PRACTICE_FLAGS, REQUIRED_SECTIONS_BY_STAGE, Body, Stage


class CallQuerySet(models.QuerySet):
    def open(self, now=None):
        now = now or timezone.now()
        return self.filter(opens_at__lte=now, closes_at__gt=now)


class CallManager(models.Manager.from_queryset(CallQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Call(TextGuard, models.Model):
    catalogue_dependent = True  # shown by the public catalogue: a change renews its cache

    title = models.CharField(_("titolo"), max_length=255)
    slug = models.SlugField(_("identificativo"), max_length=100, unique=True)
    act = models.CharField(
        _("atto di approvazione"), max_length=255, blank=True,
        help_text=_("Ad esempio «Determinazione Dirigenziale n. 634 del 30.5.2023, BURP n. 51 del 15.6.2023»."),
    )
    description = models.TextField(_("descrizione"), blank=True)
    region = models.ForeignKey(
        "practices.Region", models.PROTECT, null=True, blank=True, related_name="calls",
        verbose_name=_("regione"), help_text=_("Possono partecipare solo gli enti di questa regione."),
    )
    provinces = models.ManyToManyField(
        "practices.Province", blank=True, related_name="calls", verbose_name=_("province"),
        help_text=_("Se indicate, possono partecipare solo gli enti di queste province."),
    )
    opens_at = models.DateTimeField(_("apertura"))
    closes_at = models.DateTimeField(_("scadenza"))

    # A list of Body.Kind values (JSON, so one column serves SQLite and PostgreSQL alike and the
    # history keeps it); clean() checks each value. Empty: every kind of body may apply.
    accepted_kinds = models.JSONField(
        _("tipi di ente ammessi"), default=list, blank=True,
        help_text=_("I tipi di ente che possono candidarsi. Nessuno: tutti i tipi."),
    )
    decisions_communicated_at = models.DateTimeField(_("esiti comunicati il"), null=True, blank=True)

    objects = CallManager()
    history = HistoricalRecords(table_name="submissions_historicalcall")

    class Meta:
        db_table = "submissions_call"
        verbose_name = _("avviso")
        verbose_name_plural = _("avvisi")
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="call_closes_after_opening",
                violation_error_message=_("La scadenza deve seguire l'apertura."),
            ),
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.slug,)

    @property
    def year(self):
        return timezone.localtime(self.opens_at).year

    def is_open(self, now=None):
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def clean(self):
        super().clean()
        known = set(Body.Kind.values)
        if not isinstance(self.accepted_kinds, list) or any(k not in known for k in self.accepted_kinds):
            raise ValidationError({"accepted_kinds": _("Indicare i tipi di ente tra quelli previsti.")})

    def kind_labels(self):
        return [str(Body.Kind(kind).label) for kind in self.accepted_kinds]

    def accepts_kind(self, kind):
        return not self.accepted_kinds or kind in self.accepted_kinds

    def refusal(self, body):
        """Why `body` may not apply to this call (an Italian sentence), or None if it may."""
        if not self.accepts_kind(body.kind):
            return _("sono ammessi solo questi tipi di ente: %(kinds)s.") % {"kinds": ", ".join(self.kind_labels())}
        if self.region_id and body.region_id != self.region_id:
            return _("sono ammessi solo gli enti della regione %(region)s.") % {"region": self.region.name}
        provinces = list(self.provinces.all())
        if provinces and body.province_id not in {p.pk for p in provinces}:
            return _("sono ammessi solo gli enti delle province di %(provinces)s.") % {
                "provinces": ", ".join(p.name for p in provinces)}
        return None

    def accepts(self, body):
        """Whether a body (practices.Body: its kind, province and region) may apply to this call."""
        return self.refusal(body) is None

    def accepts_stage(self, stage):
        """Whether a practice at this stage may apply: a call that lists no stages accepts all."""
        stages = {rule.stage for rule in self.accepted_stages.all()}
        return not stages or stage in stages

    def stage_choices(self):
        return [(value, label) for value, label in Stage.choices if self.accepts_stage(value)]

    def required_sections(self, stage):
        """The card sections a candidacy at `stage` must fill in: practices' rule for the stage,
        changed by this call's own rules for it."""
        required = set(REQUIRED_SECTIONS_BY_STAGE.get(stage, REQUIRED_SECTIONS_BY_STAGE[""]))
        for rule in self.section_requirements.all():
            if rule.stage == stage:
                (required.add if rule.required else required.discard)(rule.section)
        return tuple(name for name in CARD_SECTION_FIELDS if name in required)

    def total_weight(self):
        return sum(c.weight for c in self.criteria.all())

    def get_ranking_url(self):
        return reverse("admin:calls_call_ranking", args=[self.pk])


class CandidacyTypeManager(models.Manager):
    def get_by_natural_key(self, call_slug, slug):
        return self.get(call__slug=call_slug, slug=slug)


class CandidacyType(models.Model):
    """A kind of candidacy a call accepts, as data (like pretalx's SubmissionType): how many one
    body may present, and what the practices it publishes carry in the catalogue. A new kind is a
    row (fixtures/calls/calls.json or the call's admin page), not code."""

    call = models.ForeignKey(Call, models.CASCADE, related_name="candidacy_types", verbose_name=_("avviso"))
    name = models.CharField(_("nome"), max_length=200)
    slug = models.SlugField(_("identificativo"), max_length=50)
    max_per_body = models.PositiveSmallIntegerField(
        _("candidature per ente"), null=True, blank=True,
        help_text=_("Quante candidature di questo tipo può presentare ciascun ente. "
                    "Vuoto: nessun limite; 0: tipo non più ammesso."),
    )
    practice_flag = models.CharField(
        _("contrassegno della pratica pubblicata"), max_length=40, choices=PRACTICE_FLAGS, blank=True,
        help_text=_("Il contrassegno che la pratica riceve nel catalogo quando è pubblicata."),
    )
    # The first type is the call's main kind of candidacy; lists name only the others.
    position = models.PositiveSmallIntegerField(_("ordine"), default=1)

    objects = CandidacyTypeManager()

    class Meta:
        verbose_name = _("tipo di candidatura")
        verbose_name_plural = _("tipi di candidatura")
        ordering = ["call", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["call", "slug"], name="candidacy_type_slug_once_per_call")]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.call.slug, self.slug)

    natural_key.dependencies = ["calls.call"]

    @property
    def is_main(self):
        return self.position <= 1

    @property
    def is_closed(self):
        return self.max_per_body == 0


class AcceptedStage(models.Model):
    """A stage of practice (project, ongoing, concluded) the call accepts. A call that lists
    none accepts every stage."""

    call = models.ForeignKey(Call, models.CASCADE, related_name="accepted_stages", verbose_name=_("avviso"))
    stage = models.CharField(_("stato della pratica"), max_length=20, choices=Stage.choices)

    class Meta:
        verbose_name = _("stato della pratica ammesso")
        verbose_name_plural = _("stati della pratica ammessi (nessuno: tutti)")
        ordering = ["call", "stage"]
        constraints = [models.UniqueConstraint(fields=["call", "stage"], name="accepted_stage_once_per_call")]

    def __str__(self):
        return self.get_stage_display()


class SectionRequirement(models.Model):
    """The call's own rule for one card section at one stage, over the default of the stage
    (practices.REQUIRED_SECTIONS_BY_STAGE): e.g. a call for projects that wants the resources
    they will use."""

    call = models.ForeignKey(Call, models.CASCADE, related_name="section_requirements", verbose_name=_("avviso"))
    stage = models.CharField(_("stato della pratica"), max_length=20, choices=Stage.choices)
    section = models.CharField(_("sezione della scheda"), max_length=40, choices=CARD_SECTIONS)
    required = models.BooleanField(_("obbligatoria"), default=True,
                                   help_text=_("Senza spunta la sezione diventa facoltativa per questo stato."))

    class Meta:
        verbose_name = _("sezione obbligatoria per stato")
        verbose_name_plural = _("sezioni obbligatorie per stato (regole proprie dell'avviso)")
        ordering = ["call", "stage", "section"]
        constraints = [models.UniqueConstraint(fields=["call", "stage", "section"],
                                               name="section_requirement_once_per_call")]

    def __str__(self):
        return f"{self.get_stage_display()}: {self.get_section_display()}"


class RequiredAttachment(TextGuard, models.Model):
    call = models.ForeignKey(Call, models.CASCADE, related_name="required_attachments", verbose_name=_("avviso"))
    kind = models.ForeignKey(
        "practices.DocumentKind", models.PROTECT, related_name="+", verbose_name=_("tipo di documento"),
    )
    label = models.CharField(_("descrizione"), max_length=255)
    position = models.PositiveSmallIntegerField(_("ordine"), default=0)

    class Meta:
        db_table = "submissions_requiredattachment"
        verbose_name = _("allegato obbligatorio")
        verbose_name_plural = _("allegati obbligatori")
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["call", "kind"], name="required_attachment_once")]

    def __str__(self):
        return self.label


class Declaration(TextGuard, models.Model):
    """A statement the proposing body must declare to apply (e.g. that the practice is real and ongoing)."""

    call = models.ForeignKey(Call, models.CASCADE, related_name="declarations", verbose_name=_("avviso"))
    text = models.TextField(_("testo"))
    position = models.PositiveSmallIntegerField(_("ordine"), default=0)

    class Meta:
        db_table = "submissions_declaration"
        verbose_name = _("dichiarazione richiesta")
        verbose_name_plural = _("dichiarazioni richieste")
        ordering = ["position", "id"]

    def __str__(self):
        return self.text


class EvaluationCriterion(TextGuard, models.Model):
    call = models.ForeignKey(Call, models.CASCADE, related_name="criteria", verbose_name=_("avviso"))
    name = models.CharField(_("criterio"), max_length=200)
    description = models.TextField(_("descrizione"), blank=True)
    weight = models.DecimalField(
        _("peso"), max_digits=5, decimal_places=2, default=1,
        help_text=_("Il punteggio del criterio (da 0 a 5) si moltiplica per questo peso."),
    )
    position = models.PositiveSmallIntegerField(_("ordine"), default=0)

    history = HistoricalRecords(table_name="submissions_historicalevaluationcriterion")

    class Meta:
        db_table = "submissions_evaluationcriterion"
        verbose_name = _("criterio di valutazione")
        verbose_name_plural = _("criteri di valutazione")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["call", "name"], name="criterion_name_once_per_call"),
            models.CheckConstraint(condition=models.Q(weight__gt=0), name="criterion_weight_positive",
                                   violation_error_message=_("Il peso deve essere positivo.")),
        ]

    def __str__(self):
        return self.name
