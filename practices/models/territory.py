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


class AssociationForm(models.TextChoices):
    """How the comuni of an Ambito are associated (Testo unico degli enti locali, d.lgs. 267/2000)."""

    CONVENZIONE = "convenzione", _("Convenzione (art. 30 TUEL)")
    CONSORZIO = "consorzio", _("Consorzio (art. 31 TUEL)")
    UNIONE = "unione_comuni", _("Unione di Comuni (art. 32 TUEL)")
    AZIENDA_CONSORTILE = "azienda_consortile", _("Azienda consortile")
    ACCORDO_DI_PROGRAMMA = "accordo_di_programma", _("Accordo di programma (art. 34 TUEL)")
    ALTRO = "altro", _("Altra forma")


class Ambito(TextGuard, models.Model):
    """An Ambito Territoriale Sociale: comuni, and possibly other bodies, associated to run social
    services together, with a capofila, an Ufficio di Piano, its Piani di Zona and a health district."""

    catalogue_dependent = True  # shown by the public catalogue: a change renews its cache

    name = models.CharField(_("nome"), max_length=150, unique=True, help_text=_("Ad esempio «Ambito di Fasano»."))
    slug = models.SlugField(_("identificativo"), max_length=150, unique=True)
    code = models.CharField(
        _("numero o codice"), max_length=20, blank=True,
        help_text=_("Il numero o codice dell'Ambito nel piano della regione, se noto."),
    )
    full_name = models.CharField(
        _("denominazione estesa"), max_length=255, blank=True,
        help_text=_("Ad esempio «Ambito Territoriale Sociale di Fasano-Ostuni-Cisternino»."),
    )
    # Bodies are declared in body.py, which imports this module: they are named by string here.
    capofila = models.ForeignKey(
        "practices.Body", models.PROTECT, null=True, blank=True, related_name="ambiti_capofila",
        limit_choices_to=~models.Q(kind="ambito"), verbose_name=_("ente capofila"),
        help_text=_("Di solito un Comune; può essere un'Unione, un Consorzio o un'azienda consortile."),
    )
    province = models.ForeignKey(
        Province, models.PROTECT, null=True, blank=True, related_name="ambiti", verbose_name=_("provincia"),
    )
    members = models.ManyToManyField(
        Comune, blank=True, related_name="ambiti", verbose_name=_("comuni associati"),
    )
    member_bodies = models.ManyToManyField(
        # Comuni are members through `members`, with their ISTAT record: here only the other kinds.
        "practices.Body", blank=True, related_name="member_of_ambiti", verbose_name=_("altri enti associati"),
        limit_choices_to=~models.Q(kind__in=["comune", "ambito"]),
        help_text=_("Enti diversi dai Comuni che fanno parte dell'Ambito: una Comunità Montana, un'Unione…"),
    )
    association_form = models.CharField(
        _("forma associativa"), max_length=30, choices=AssociationForm.choices, blank=True,
        help_text=_("Come i Comuni dell'Ambito gestiscono insieme i servizi sociali."),
    )
    # The Ufficio di Piano's address, email, PEC, phone and website are the public contact of the
    # Ambito's body (Body: the one declaration of a body's contact); only what a body has no field
    # for is here.
    office_hours = models.CharField(
        _("orari dell'Ufficio di Piano"), max_length=255, blank=True,
        help_text=_("Ad esempio «lunedì e giovedì 9-12»."),
    )
    office_contact_role = models.CharField(
        _("referente dell'Ufficio di Piano"), max_length=255, blank=True,
        help_text=_("Il ruolo della persona da contattare (ad esempio «Coordinatore dell'Ufficio di Piano»), "
                    "non il suo nome: solo contatti pubblici."),
    )
    health_district = models.CharField(
        _("distretto socio-sanitario"), max_length=150, blank=True,
        help_text=_("Il nome o il numero del distretto, ad esempio «DSS n. 3»."),
    )
    health_authority = models.ForeignKey(
        "practices.Body", models.PROTECT, null=True, blank=True, related_name="ambiti_served",
        limit_choices_to={"kind": "azienda_sanitaria"}, verbose_name=_("azienda sanitaria"),
        help_text=_("L'azienda sanitaria a cui il distretto appartiene."),
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
        # An Ambito is a body: the Body that acts for it exists from the start, and it repeats the
        # Ambito's name and counting province, so it is re-saved to keep them in step.
        body = getattr(self, "body", None)
        if body is None:
            self._meta.get_field("body").related_model.objects.for_ambito(self)
        else:
            body.save()

    @property
    def counting_province(self):
        """The province an Ambito counts under: its own, else its capofila body's (see province_of)."""
        return self.province or (self.capofila.province if self.capofila_id else None)
