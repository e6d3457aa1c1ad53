"""The practice card and what hangs off it: the bodies that run it, its participants (funding is in the
funding app, documents in documents.py)."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from buonepratiche import markdown
from buonepratiche.text import joined_compounds, normalise
from buonepratiche.validators import TextGuard

from .taxonomy import (
    InvolvementRole,
    PolicyArea,
    TargetGroup,
    Tipologia,
)
from .territory import Comune, Province, Region

# The sections of a card, in the order the publication prints them. Every part of
# the site (form, page, export, fidelity test) takes the list from here.
CARD_SECTIONS = (
    ("intervention_area", _("Ambito d'intervento")),
    ("recipients", _("Destinatari")),
    ("aims", _("Finalità")),
    ("implementation", _("Modalità di realizzazione")),
    ("expected_results", _("Risultati attesi")),
    ("achieved_results", _("Risultati conseguiti")),
    ("resources", _("Risorse impiegate")),
    ("stakeholders", _("Soggetti coinvolti")),
    ("improvements", _("Margini di miglioramento")),
)
CARD_SECTION_FIELDS = tuple(name for name, _label in CARD_SECTIONS)


class Stage(models.TextChoices):
    """How far a practice has come (the field `status`, public name `stato`): what it can
    honestly report depends on it, see REQUIRED_SECTIONS_BY_STAGE."""

    PROJECT = "progetto", _("Progetto (non ancora avviato)")
    ONGOING = "in_corso", _("In corso")
    CONCLUDED = "conclusa", _("Conclusa")


# The card sections a candidacy must fill in before it is submitted, by stage, unless its call
# says otherwise (calls.SectionRequirement). A project has no results to report yet, but must
# say which it expects; a candidacy that has not chosen its stage is held to the full rule.
_STARTED_REQUIRED = tuple(f for f in CARD_SECTION_FIELDS if f not in ("expected_results", "resources"))
REQUIRED_SECTIONS_BY_STAGE = {
    "": _STARTED_REQUIRED,
    Stage.ONGOING: _STARTED_REQUIRED,
    Stage.CONCLUDED: _STARTED_REQUIRED,
    Stage.PROJECT: tuple(f for f in CARD_SECTION_FIELDS if f not in ("achieved_results", "resources", "improvements")),
}

# How long the summary of a card is when it has to be derived from its first section.
SUMMARY_LENGTH = 300

# The marks a candidacy type can give the practices it publishes (calls.CandidacyType.practice_flag):
# each is a boolean field of Practice, and the catalogue shows it as a facet.
PRACTICE_FLAGS = (("educational_poverty", _("povertà educative")),)

SECTION_HELP = _(
    "Testo riportato fedelmente. Separare i paragrafi con una riga vuota; "
    "gli elenchi puntati con righe che iniziano con «- »."
)


def shorten(text, length=SUMMARY_LENGTH):
    """`text` on one line, cut at the last word boundary within `length` characters, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    cut = text[:length + 1].rsplit(" ", 1)[0] if " " in text[:length + 1] else text[:length]
    return cut.rstrip(" ,;:.-–") + "…"


class CardSections(TextGuard, models.Model):
    """The sections of a card, stored verbatim: on a practice and, identical, on the candidacy
    that proposes it, so publication copies them field by field (CARD_SECTIONS lists them).

    The summary is not a section of the published cards (the 2024 ones have none): it is the
    short form that lists, search results, feeds and the API show, and the whole text of a
    practice known only by a paragraph (an entry of another body's collection)."""

    summary = models.TextField(
        _("sintesi"), blank=True,
        help_text=_("Poche righe che presentano la pratica negli elenchi, nei risultati di ricerca e nei feed. "
                    "Se manca, si usa l'inizio della prima sezione compilata."),
    )
    intervention_area = models.TextField(_("ambito d'intervento"), blank=True, help_text=SECTION_HELP)
    recipients = models.TextField(_("destinatari"), blank=True, help_text=SECTION_HELP)
    aims = models.TextField(_("finalità"), blank=True, help_text=SECTION_HELP)
    implementation = models.TextField(_("modalità di realizzazione"), blank=True, help_text=SECTION_HELP)
    expected_results = models.TextField(_("risultati attesi"), blank=True, help_text=SECTION_HELP)
    achieved_results = models.TextField(_("risultati conseguiti"), blank=True, help_text=SECTION_HELP)
    resources = models.TextField(_("risorse impiegate"), blank=True, help_text=SECTION_HELP)
    stakeholders = models.TextField(_("soggetti coinvolti"), blank=True, help_text=SECTION_HELP)
    improvements = models.TextField(_("margini di miglioramento"), blank=True, help_text=SECTION_HELP)

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        # Line ends as LF, whatever a browser (CRLF) or a spreadsheet (CR) sent: the text is
        # stored verbatim, in one form. Forms and imports all come through full_clean().
        for name in ("summary", *CARD_SECTION_FIELDS):
            if isinstance(getattr(self, name), str):
                setattr(self, name, markdown.normalise_newlines(getattr(self, name)))
        super().clean_fields(exclude=exclude)

    @property
    def display_summary(self):
        """The summary, else the first section that has text, shortened: as plain text (without
        Markdown marks), since lists, feeds, structured data and the API print it as it is."""
        if self.summary.strip():
            return markdown.plain(self.summary).strip()
        first = next((text for text in (getattr(self, name) for name in CARD_SECTION_FIELDS) if text.strip()), "")
        return shorten(markdown.plain(first))


def check_dates_against_years(record):
    """A record's exact dates, when given, must fall in its years (which they fill when empty)."""
    errors = {}
    for date_field, year_field in PERIOD_FIELDS:
        date, year = getattr(record, date_field), getattr(record, year_field)
        if date and year and date.year != year:
            errors[date_field] = _("La data deve cadere nell'anno indicato (%(year)s).") % {"year": year}
    if record.started_on and record.ended_on and record.ended_on < record.started_on:
        errors.setdefault("ended_on", _("La data di conclusione non può precedere la data di avvio."))
    if errors:
        raise ValidationError(errors)


def years_from_dates(record):
    """The year of each exact date, written into its year field: the date is the more precise."""
    for date_field, year_field in PERIOD_FIELDS:
        date = getattr(record, date_field)
        if date:
            setattr(record, year_field, date.year)


# The exact dates of a practice's or a candidacy's period and the years they fall in.
PERIOD_FIELDS = (("started_on", "start_year"), ("ended_on", "end_year"))


class PublicationManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Publication(TextGuard, models.Model):
    """A printed or PDF publication in which practices appeared."""

    title = models.CharField(_("titolo"), max_length=255)
    slug = models.SlugField(_("identificativo"), max_length=100, unique=True)
    publisher = models.CharField(_("editore"), max_length=255)
    year = models.PositiveSmallIntegerField(_("anno"))
    closed_on = models.DateField(_("chiusa il"), null=True, blank=True)
    url = models.URLField(_("indirizzo web"), blank=True)

    objects = PublicationManager()

    class Meta:
        verbose_name = _("pubblicazione")
        verbose_name_plural = _("pubblicazioni")
        ordering = ["-year", "title"]

    def __str__(self):
        return f"{self.title} ({self.publisher}, {self.year})"

    def natural_key(self):
        return (self.slug,)


def province_of(field="sigla"):
    """The province a practice counts under, as a database expression giving that province's
    `field`: its lead's (a body stores the province of its comune, or its Ambito's counting
    province). The one meaning used by facets, pages, statistics, exports and call eligibility;
    Practice.province says the same in Python."""
    return F(f"lead__province__{field}")


def province_sigla():
    return province_of("sigla")


def region_of(field="istat_code"):
    """The region a practice counts under: its lead's (a body stores it, from its province or as
    stated for a Regione). Practice.region says the same in Python."""
    return F(f"lead__region__{field}")


def involvement(bodies):
    """The condition "one of `bodies` leads the practice or takes part in it": what a Comune's,
    an Ambito's and a body's pages list."""
    return Q(lead__in=bodies) | Exists(PracticeParticipant.objects.filter(practice=OuterRef("pk"), body__in=bodies))


class PracticeQuerySet(models.QuerySet):
    def involving(self, bodies):
        return self.filter(involvement(bodies))

    def published(self):
        return self.filter(is_published=True)

    def real(self):
        return self.filter(is_synthetic=False)

    def public(self):
        """What the public catalogue shows: published practices, and synthetic ones only on a
        load-test instance (SHOW_SYNTHETIC_PRACTICES), which then says so on every page."""
        published = self.published()
        return published if settings.SHOW_SYNTHETIC_PRACTICES else published.real()


class PracticeManager(models.Manager.from_queryset(PracticeQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Practice(CardSections):
    catalogue_dependent = True  # shown by the public catalogue: a change renews its cache

    Status = Stage

    title = models.CharField(_("titolo"), max_length=500)
    slug = models.SlugField(_("identificativo"), max_length=120, unique=True)

    lead = models.ForeignKey(
        "practices.Body", models.PROTECT, related_name="led_practices", verbose_name=_("ente capofila"),
        help_text=_("L'ente che propone e guida la pratica; gli altri enti vanno tra i partecipanti."),
    )
    # Stated coverage, for a practice wider than the places of its bodies (a national project):
    # covered_territory() adds it to what the lead and the participants already cover.
    covered_regions = models.ManyToManyField(
        Region, blank=True, related_name="covering_practices", verbose_name=_("regioni coperte"),
        help_text=_("Solo se la pratica copre più dei territori dei suoi enti."),
    )
    covered_provinces = models.ManyToManyField(
        Province, blank=True, related_name="covering_practices", verbose_name=_("province coperte"),
        help_text=_("Solo se la pratica copre più dei territori dei suoi enti."),
    )
    covered_comuni = models.ManyToManyField(
        Comune, blank=True, related_name="covering_practices", verbose_name=_("comuni coperti"),
        help_text=_("Solo se la pratica copre più dei territori dei suoi enti."),
    )

    call = models.ForeignKey(
        "calls.Call", models.PROTECT, null=True, blank=True, related_name="practices",
        verbose_name=_("avviso"),
    )
    publication = models.ForeignKey(
        Publication, models.PROTECT, null=True, blank=True, related_name="practices",
        verbose_name=_("pubblicazione"),
    )
    publication_page = models.PositiveSmallIntegerField(_("pagina"), null=True, blank=True)

    tipologia = models.ForeignKey(
        Tipologia, models.PROTECT, null=True, blank=True, related_name="practices", verbose_name=_("tipologia"),
    )
    areas = models.ManyToManyField(PolicyArea, blank=True, related_name="practices", verbose_name=_("aree"))
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="practices", verbose_name=_("destinatari (classificazione)"),
    )
    educational_poverty = models.BooleanField(_("povertà educative"), default=False, db_index=True)

    start_year = models.PositiveSmallIntegerField(_("anno di avvio"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("anno di conclusione"), null=True, blank=True)
    started_on = models.DateField(_("data di avvio"), null=True, blank=True)
    ended_on = models.DateField(_("data di conclusione"), null=True, blank=True)
    status = models.CharField(_("stato"), max_length=20, choices=Status.choices, blank=True)
    people_reached = models.PositiveIntegerField(_("persone raggiunte"), null=True, blank=True)
    total_budget = models.DecimalField(
        _("budget complessivo (€)"), max_digits=14, decimal_places=2, null=True, blank=True,
    )

    # Written only by publish() and unpublish() below, which practices/publishing.py (the one
    # publish path) and a practice's owner (the candidacy's workflow) call.
    is_published = models.BooleanField(_("pubblicata"), default=False, db_index=True)
    published_at = models.DateTimeField(_("pubblicata il"), null=True, blank=True, db_index=True)
    is_synthetic = models.BooleanField(
        _("dato sintetico"), default=False, db_index=True,
        help_text=_("Pratica generata per prove di carico: mai mostrata come reale."),
    )
    created_at = models.DateTimeField(_("creata il"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modificata il"), auto_now=True)

    # Kept up to date by save(): the places a search should find the practice by, and a
    # case- and accent-folded copy of the whole card for the SQLite search fallback.
    place_names = models.TextField(editable=False, blank=True)
    search_text = models.TextField(editable=False, blank=True)
    # PostgreSQL only: the weighted full-text vector, written by a database trigger on every
    # insert and update (bulk ones too) and indexed with GIN; always empty on SQLite.
    search_document = SearchVectorField(null=True, editable=False)

    objects = PracticeManager()
    history = HistoricalRecords(excluded_fields=["place_names", "search_text", "search_document"])

    class Meta:
        verbose_name = _("pratica")
        verbose_name_plural = _("pratiche")
        ordering = ["-published_at", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__isnull=True) | Q(start_year__isnull=True) | Q(end_year__gte=models.F("start_year")),
                name="practice_years_in_order",
                violation_error_message=_("L'anno di conclusione non può precedere l'anno di avvio."),
            ),
            models.CheckConstraint(
                condition=Q(is_published=False) | Q(published_at__isnull=False),
                name="practice_published_has_date",
                violation_error_message=_("Una pratica pubblicata ha una data di pubblicazione."),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(started_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="practice_dates_in_order",
                violation_error_message=_("La data di conclusione non può precedere la data di avvio."),
            ),
            models.CheckConstraint(
                condition=Q(total_budget__isnull=True) | Q(total_budget__gte=0),
                name="practice_budget_not_negative",
                violation_error_message=_("Il budget non può essere negativo."),
            ),
        ]
        indexes = [
            models.Index(fields=["is_published", "-published_at"], name="practice_published_idx"),
            models.Index(fields=["published_at"], name="practice_published_at_idx"),  # the back office's years
            models.Index(fields=["start_year"], name="practice_start_year_idx"),
            models.Index(fields=["status"], name="practice_status_idx"),
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("catalogue:practice_detail", args=[self.slug])

    @property
    def proposer_name(self):
        """The lead as the card names it: "Comune di Bari", "Ambito di Conversano", a cooperative's name."""
        return str(self.lead) if self.lead_id else ""

    @property
    def italian_proposer_name(self):
        """The proposer as the card names it ("Comune di Bari") whatever the interface language:
        for what is stored or downloaded (search text, exports, the feed's entries)."""
        with translation.override("it"):
            return str(self.proposer_name)

    @property
    def ambito(self):
        """The Ambito the practice belongs to: the lead's, or the Ambito of the lead's comune
        (a Comune's, or the seat of another body)."""
        if not self.lead_id:
            return None
        if self.lead.ambito_id:
            return self.lead.ambito
        if self.lead.comune_id:
            return self.lead.comune.ambiti.first()
        return None

    @property
    def province(self):
        """The province the practice counts under (province_of is the same as an expression)."""
        return self.lead.province if self.lead_id else None

    @property
    def region(self):
        """The region the practice counts under (region_of is the same as an expression)."""
        return self.lead.region if self.lead_id else None

    def covered_territory(self):
        """The territory the practice covers: the places of its lead and its participants (their
        comune, province and region) joined with the coverage stated on the practice. A dict of
        sorted lists: {"regions": [...], "provinces": [...], "comuni": [...]}."""
        bodies = [self.lead, *(p.body for p in self.participants.all())] if self.lead_id else []
        regions = {r for r in self.covered_regions.all()}
        provinces = {p for p in self.covered_provinces.all()}
        comuni = {c for c in self.covered_comuni.all()}
        for body in bodies:
            if body.comune_id and body.kind == body.Kind.COMUNE:
                comuni.add(body.comune)
            for place, found in ((body.province, provinces), (body.region, regions)):
                if place is not None:
                    found.add(place)
        for comune in comuni:
            provinces.add(comune.province)
        for province in provinces:
            regions.add(province.region)
        return {
            "regions": sorted(regions, key=lambda r: r.istat_code),
            "provinces": sorted(provinces, key=lambda p: p.name),
            "comuni": sorted(comuni, key=lambda c: (c.name, c.istat_code)),
        }

    def sections(self):
        """(field, label, text) for each card section that has text, in publication order."""
        return [(name, label, getattr(self, name)) for name, label in CARD_SECTIONS if getattr(self, name).strip()]

    def compute_place_names(self):
        """The lead, its Ambito, province and region, and every participant by name: a search for
        a cooperative, a Comunità Montana or a region finds the practices it takes part in."""
        if not self.lead_id:
            return ""
        names = [self.italian_proposer_name]
        ambito = self.ambito
        if ambito and ambito != self.lead.ambito:
            names.append(ambito.name)
        if ambito and ambito.full_name:
            names.append(ambito.full_name)
        province = self.province
        if province:
            names.append(province.name)
        region = self.region
        if region:
            names.append(region.name)
        if self.pk:
            with translation.override("it"):
                names += [str(p.body) for p in self.participants.select_related("body__comune")]
        return ", ".join(dict.fromkeys(names))

    def compute_search_text(self):
        text = " ".join([self.title, markdown.plain(self.summary), self.place_names,
                         *(markdown.plain(getattr(self, f)) for f in CARD_SECTION_FIELDS)])
        # Hyphenated words also written whole: "cohousing" finds "co-housing" (buonepratiche/text.py).
        return " ".join(filter(None, [normalise(text), joined_compounds(text)]))

    def refresh_search_fields(self):
        self.place_names = self.compute_place_names()
        self.search_text = self.compute_search_text()

    def refresh_participant_names(self):
        """Store the search fields again after its participants changed (they are saved after
        the practice, so save() could not see them); an update, so no new history entry. On
        PostgreSQL the trigger renews search_document with it."""
        self.refresh_search_fields()
        Practice.objects.filter(pk=self.pk).update(place_names=self.place_names, search_text=self.search_text)

    def save(self, *args, **kwargs):
        years_from_dates(self)
        self.refresh_search_fields()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "place_names", "search_text"}
        if self.date_publication() and update_fields is not None:
            kwargs["update_fields"].add("published_at")
        super().save(*args, **kwargs)

    def date_publication(self):
        """A practice marked published without a date (an import, a form) is published now: a
        dateless one would break the catalogue's order (PostgreSQL sorts NULLs first when
        descending). Never clears a date. Returns whether it set one."""
        if self.is_published and self.published_at is None:
            self.published_at = timezone.now().replace(microsecond=0)
            return True
        return False

    def clean(self):
        super().clean()
        self.date_publication()  # before validate_constraints() checks practice_published_has_date
        check_dates_against_years(self)

    def publish(self, when=None):
        """Low level: put in the catalogue. Callers go through practices/publishing.py, which
        lets a practice's owner (its candidacy) decide."""
        self.is_published = True
        self.published_at = self.published_at or when or timezone.now().replace(microsecond=0)
        self.save(update_fields=["is_published", "published_at", "updated_at"])

    def unpublish(self):
        """Low level: take off the catalogue (see publish)."""
        self.is_published = False
        self.save(update_fields=["is_published", "updated_at"])


class PracticeParticipant(models.Model):
    """A body taking part in a practice besides its lead, in a role: partner, ente gestore,
    attuatore, finanziatore… (roles are data: InvolvementRole)."""

    catalogue_dependent = True  # shown by the public catalogue: a change renews its cache

    practice = models.ForeignKey(Practice, models.CASCADE, related_name="participants", verbose_name=_("pratica"))
    body = models.ForeignKey("practices.Body", models.PROTECT, related_name="participations", verbose_name=_("ente"))
    role = models.ForeignKey(
        InvolvementRole, models.PROTECT, null=True, blank=True, related_name="participations", verbose_name=_("ruolo"),
        help_text=_("Vuoto se la fonte non lo indica."),
    )
    position = models.PositiveSmallIntegerField(_("ordine"), default=0)

    class Meta:
        verbose_name = _("ente partecipante")
        verbose_name_plural = _("enti partecipanti")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["practice", "body", "role"], name="participant_role_once"),
        ]

    def __str__(self):
        return f"{self.body} ({self.role})" if self.role_id else str(self.body)

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.practice.refresh_participant_names()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self.practice.refresh_participant_names()
        return result
