"""Territory: regions, provinces, comuni (ISTAT) and Ambiti Territoriali Sociali."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from buonepratiche.validators import TextGuard


class RegionManager(models.Manager):
    def get_by_natural_key(self, istat_code):
        return self.get(istat_code=istat_code)


class Region(models.Model):
    istat_code = models.CharField(_("codice ISTAT"), max_length=2, unique=True)
    name = models.CharField(_("nome"), max_length=100)

    objects = RegionManager()

    class Meta:
        verbose_name = _("regione")
        verbose_name_plural = _("regioni")
        ordering = ["istat_code"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.istat_code,)


class ProvinceManager(models.Manager):
    def get_by_natural_key(self, istat_code):
        return self.get(istat_code=istat_code)


class Province(models.Model):
    """An ISTAT supra-municipal unit: provincia, città metropolitana, libero consorzio…"""

    catalogue_dependent = True  # shown by the public catalogue: a change renews its cache

    class Kind(models.TextChoices):
        PROVINCIA = "provincia", _("Provincia")
        CITTA_METROPOLITANA = "citta_metropolitana", _("Città metropolitana")
        PROVINCIA_AUTONOMA = "provincia_autonoma", _("Provincia autonoma")
        LIBERO_CONSORZIO = "libero_consorzio", _("Libero consorzio comunale")
        UNITA_NON_AMMINISTRATIVA = "unita_non_amministrativa", _("Unità non amministrativa")

    istat_code = models.CharField(
        _("codice ISTAT"), max_length=3, unique=True,
        help_text=_("Codice storico della provincia: le prime tre cifre del codice dei comuni."),
    )
    uts_code = models.CharField(_("codice UTS"), max_length=3, blank=True)
    sigla = models.CharField(_("sigla"), max_length=2, unique=True)
    name = models.CharField(_("nome"), max_length=100)
    kind = models.CharField(_("tipo"), max_length=30, choices=Kind.choices, default=Kind.PROVINCIA)
    region = models.ForeignKey(Region, models.PROTECT, related_name="provinces", verbose_name=_("regione"))

    objects = ProvinceManager()

    class Meta:
        verbose_name = _("provincia")
        verbose_name_plural = _("province")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.sigla})"

    def natural_key(self):
        return (self.istat_code,)

    def get_absolute_url(self):
        return reverse("catalogue:province_detail", args=[self.sigla])


class ComuneManager(models.Manager):
    def get_by_natural_key(self, istat_code):
        return self.get(istat_code=istat_code)


class Comune(models.Model):
    catalogue_dependent = True  # shown by the public catalogue: a change renews its cache

    istat_code = models.CharField(
        _("codice ISTAT"), max_length=6, unique=True,
        help_text=_("Sei cifre, con gli zeri iniziali: la chiave stabile del comune."),
    )
    name = models.CharField(_("nome"), max_length=120, db_index=True)
    name_other_language = models.CharField(_("nome nell'altra lingua ufficiale"), max_length=120, blank=True)
    province = models.ForeignKey(Province, models.PROTECT, related_name="comuni", verbose_name=_("provincia"))
    cadastral_code = models.CharField(_("codice catastale"), max_length=4, blank=True)
    is_capoluogo = models.BooleanField(_("capoluogo di provincia"), default=False)
    nuts3 = models.CharField(_("codice NUTS 3"), max_length=5, blank=True)

    objects = ComuneManager()

    class Meta:
        verbose_name = _("comune")
        verbose_name_plural = _("comuni")
        ordering = ["name"]

    def __str__(self):
        # Namesakes exist (Castro in LE and in BG): selects and lists tell them apart by the
        # province's sigla. Pages that print a comune as written use its `name`.
        return f"{self.name} ({self.province.sigla})"

    def natural_key(self):
        return (self.istat_code,)

    def get_absolute_url(self):
        return reverse("catalogue:comune_detail", args=[self.istat_code])


class AmbitoManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Ambito(TextGuard, models.Model):
    """An Ambito Territoriale Sociale: comuni associated to run social services together."""

    catalogue_dependent = True  # shown by the public catalogue: a change renews its cache

    name = models.CharField(_("nome"), max_length=150, unique=True, help_text=_("Ad esempio «Ambito di Fasano»."))
    slug = models.SlugField(_("identificativo"), max_length=150, unique=True)
    code = models.CharField(
        _("numero o codice"), max_length=20, blank=True,
        help_text=_("Il numero dell'Ambito nella provincia o nel piano regionale, se noto."),
    )
    full_name = models.CharField(
        _("denominazione estesa"), max_length=255, blank=True,
        help_text=_("Ad esempio «Ambito Territoriale Sociale di Fasano-Ostuni-Cisternino»."),
    )
    capofila = models.ForeignKey(
        Comune, models.PROTECT, null=True, blank=True, related_name="ambiti_capofila",
        verbose_name=_("comune capofila"),
    )
    province = models.ForeignKey(
        Province, models.PROTECT, null=True, blank=True, related_name="ambiti", verbose_name=_("provincia"),
    )
    members = models.ManyToManyField(
        Comune, blank=True, related_name="ambiti", verbose_name=_("comuni associati"),
    )

    objects = AmbitoManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ambito territoriale sociale")
        verbose_name_plural = _("ambiti territoriali sociali")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("catalogue:ambito_detail", args=[self.slug])

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # The Ambito's body (practices.Body) repeats its name and counting province: keep it in step.
        body = getattr(self, "body", None) if self.pk else None
        if body is not None:
            body.save()

    @property
    def counting_province(self):
        """The province an Ambito counts under: its own, else its capofila's (see province_of)."""
        return self.province or (self.capofila.province if self.capofila_id else None)
