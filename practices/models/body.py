"""Bodies (enti): every body that can propose, lead, take part in, manage or fund a practice.

One model for all of them, because a practice's lead may be of any kind (a Comune, an Ambito,
a Città metropolitana, a cooperative with the Ambito as partner, a national programme's
ministry) and the same body appears in several roles across practices, Ambiti and funding.
A Comune and an Ambito keep their territorial record (`Comune`, `Ambito`: ISTAT codes,
members) and have exactly one body that acts for them; every other kind has a seat or a
territory of its own. The province and region a body counts under are stored (filled by
save() from what is more precise) so that facets and statistics read them with one join.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from buonepratiche.validators import TextGuard

from .territory import Ambito, Comune, Province, Region


class BodyQuerySet(models.QuerySet):
    def for_comune(self, comune):
        """The body that acts for a Comune, created on first use (a Comune's body holds no data
        of its own beyond the territorial record)."""
        body = self.filter(kind=Body.Kind.COMUNE, comune=comune).first()
        return body or self.create(kind=Body.Kind.COMUNE, comune=comune, name=comune.name)

    def for_ambito(self, ambito):
        """The body that acts for an Ambito, created on first use."""
        body = self.filter(ambito=ambito).first()
        return body or self.create(kind=Body.Kind.AMBITO, ambito=ambito, name=ambito.name)


class BodyManager(models.Manager.from_queryset(BodyQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Body(TextGuard, models.Model):
    catalogue_dependent = True  # shown by the public catalogue: a change renews its cache

    class Kind(models.TextChoices):
        COMUNE = "comune", _("Comune")
        AMBITO = "ambito", _("Ambito Territoriale Sociale")
        UNIONE = "unione_comuni", _("Unione di Comuni")
        COMUNITA_MONTANA = "comunita_montana", _("Comunità Montana")
        CONSORZIO = "consorzio", _("Consorzio")
        PROVINCIA = "provincia", _("Provincia")
        CITTA_METROPOLITANA = "citta_metropolitana", _("Città metropolitana")
        MUNICIPIO = "municipio", _("Municipio")
        REGIONE = "regione", _("Regione")
        AZIENDA_SANITARIA = "azienda_sanitaria", _("Azienda sanitaria")
        AMMINISTRAZIONE_CENTRALE = "amministrazione_centrale", _("Ministero o agenzia nazionale")
        SCUOLA = "scuola", _("Scuola")
        UNIVERSITA = "universita", _("Università o ente di ricerca")
        TERZO_SETTORE = "terzo_settore", _("Ente del Terzo settore")
        FONDAZIONE = "fondazione", _("Fondazione")
        IMPRESA = "impresa", _("Impresa")
        ALTRO = "altro", _("Altro ente")

    kind = models.CharField(_("tipo"), max_length=30, choices=Kind.choices, db_index=True)
    name = models.CharField(
        _("denominazione"), max_length=500,
        help_text=_("Come l'ente si chiama negli atti; per un Comune il nome del comune."),
    )
    slug = models.SlugField(_("identificativo"), max_length=160, unique=True)
    comune = models.ForeignKey(
        Comune, models.PROTECT, null=True, blank=True, related_name="bodies", verbose_name=_("comune"),
        help_text=_("Per un Comune: il comune stesso. Per gli altri enti: il comune della sede."),
    )
    ambito = models.OneToOneField(
        Ambito, models.PROTECT, null=True, blank=True, related_name="body", verbose_name=_("ambito"),
        help_text=_("Solo per un Ambito Territoriale Sociale: l'Ambito che l'ente rappresenta."),
    )
    province = models.ForeignKey(
        Province, models.PROTECT, null=True, blank=True, related_name="bodies", verbose_name=_("provincia"),
        help_text=_("Ricavata dal comune o dall'Ambito; da indicare per una Provincia o una Città metropolitana."),
    )
    region = models.ForeignKey(
        Region, models.PROTECT, null=True, blank=True, related_name="bodies", verbose_name=_("regione"),
        help_text=_("Ricavata dalla provincia; da indicare per una Regione o un ente regionale."),
    )
    ipa_code = models.CharField(
        _("codice IPA"), max_length=20, blank=True,
        help_text=_("Il codice dell'ente nell'Indice dei domicili digitali della PA (indicepa.gov.it), se ne ha uno."),
    )
    tax_code = models.CharField(_("codice fiscale"), max_length=16, blank=True)
    website = models.URLField(_("sito web"), max_length=500, blank=True)
    email = models.EmailField(_("email pubblica"), blank=True)
    pec = models.EmailField(_("PEC"), blank=True)
    phone = models.CharField(_("telefono"), max_length=50, blank=True)
    address = models.CharField(_("indirizzo"), max_length=255, blank=True)

    objects = BodyManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ente")
        verbose_name_plural = _("enti")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="ambito", ambito__isnull=False) | (~Q(kind="ambito") & Q(ambito__isnull=True)),
                name="body_ambito_iff_kind_ambito",
                violation_error_message=_("Un Ambito Territoriale Sociale va collegato al suo Ambito, e solo esso."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="comune") | Q(comune__isnull=False),
                name="body_comune_has_comune",
                violation_error_message=_("Per un ente di tipo Comune indicare il comune."),
            ),
            models.UniqueConstraint(
                fields=["comune"], condition=Q(kind="comune"), name="body_one_per_comune",
                violation_error_message=_("Questo comune ha già il suo ente."),
            ),
            models.UniqueConstraint(
                fields=["ipa_code"], condition=~Q(ipa_code=""), name="body_ipa_code_unique",
                violation_error_message=_("Un altro ente ha già questo codice IPA."),
            ),
        ]

    def __str__(self):
        if self.kind == self.Kind.COMUNE and self.comune_id:
            return str(_("Comune di %(name)s") % {"name": self.comune.name})
        return self.name

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        if self.kind == self.Kind.COMUNE and self.comune_id:
            return self.comune.get_absolute_url()
        if self.ambito_id:
            return self.ambito.get_absolute_url()
        return reverse("catalogue:body_detail", args=[self.slug])

    def fill_territory(self):
        """Complete province and region from the most precise place known, so that a body
        always counts under the province and region of its comune or Ambito."""
        if self.kind == self.Kind.COMUNE and self.comune_id:
            self.name = self.comune.name
        if self.ambito_id:
            self.name = self.ambito.name
            self.province = self.ambito.counting_province or self.province
        elif self.comune_id:
            self.province = self.comune.province
        if self.province_id:
            self.region = self.province.region

    def save(self, *args, **kwargs):
        self.fill_territory()
        if not self.slug:
            self.slug = unique_slug(self)
        super().save(*args, **kwargs)


def unique_slug(body):
    """A readable slug: the name, with the province's sigla or a number where names repeat
    (several Comuni are called Castro, many cooperatives share a name)."""
    base = slugify(str(body))[:140] or "ente"
    if body.kind == Body.Kind.COMUNE and body.comune_id:
        base = f"comune-{body.comune.istat_code}"
    candidate, n = base, 1
    while Body.objects.filter(slug=candidate).exclude(pk=body.pk).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate
