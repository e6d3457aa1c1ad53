"""The instance's identity as data: its name, what it is, the regions it serves, who publishes
and who runs it, their public contacts, the programme it belongs to and the licence of its
open data. One row, edited by staff in the admin; the header, footer, home page, meta
description, emails and the DCAT description read it, so another body can run the site as its
own without touching templates."""

import re
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buonepratiche.validators import TextGuard
from practices.models import Region

from . import seed

ADMS_PUBLISHER_TYPE = "http://purl.org/adms/publishertype/"


class LicenceType(models.TextChoices):
    # The EU ADMS licence types (http://purl.org/adms/licencetype/…) the DCAT description names.
    ATTRIBUTION = "Attribution", _("Attribuzione")
    SHARE_ALIKE = "ShareAlike", _("Condividi allo stesso modo")
    PUBLIC_DOMAIN = "PublicDomain", _("Pubblico dominio")
    NON_COMMERCIAL = "NonCommercialUse", _("Solo uso non commerciale")
    NO_DERIVATIVES = "NoDerivativeWork", _("Nessuna opera derivata")


class Identity(TextGuard, models.Model):
    # Shown by the public catalogue (home page, DCAT): a change renews its cache.
    catalogue_dependent = True

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    name = models.CharField(_("nome"), max_length=255,
                            help_text=_("Il nome per esteso, nelle e-mail e nei dati aperti."))
    short_name = models.CharField(_("nome breve"), max_length=100,
                                  help_text=_("Il marchio in testata e il mittente delle e-mail."))
    tagline = models.CharField(_("sottotitolo"), max_length=255,
                               help_text=_("Sotto il marchio in testata e a piè di pagina, e titolo della home page."))
    description = models.TextField(_("descrizione"), help_text=_("Un paragrafo: la presentazione in home page."))
    summary = models.CharField(_("descrizione breve"), max_length=300,
                               help_text=_("Una frase: la descrizione per i motori di ricerca e i dati aperti."))
    background = models.TextField(_("chi cura la banca dati"), blank=True,
                                  help_text=_("Il paragrafo «Chi cura la banca dati» della home page."))
    programme = models.CharField(_("programma"), max_length=500, blank=True,
                                 help_text=_("Il programma di cui fa parte, a piè di pagina."))
    regions = models.ManyToManyField(
        Region, blank=True, related_name="+", verbose_name=_("regioni servite"),
        help_text=_("Nessuna regione: tutta Italia."))
    licence_name = models.CharField(_("licenza dei dati aperti"), max_length=255)
    licence_url = models.URLField(_("indirizzo della licenza"), max_length=500)
    licence_type = models.CharField(
        _("tipo di licenza"), max_length=40, choices=LicenceType.choices, default=LicenceType.ATTRIBUTION,
        help_text=_("Secondo il vocabolario europeo ADMS, come lo chiede DCAT-AP."))
    modified = models.DateTimeField(_("modificata il"), auto_now=True)

    class Meta:
        verbose_name = _("identità del sito")
        verbose_name_plural = _("identità del sito")
        constraints = [models.CheckConstraint(condition=Q(id=1), name="identity_single_row")]

    def __str__(self):
        return self.short_name

    @classmethod
    def current(cls):
        """The identity with its publishers and regions (three queries; pages read it through the
        catalogue cache, catalogue/identity.py). Written again with today's texts if missing."""
        found = cls.objects.prefetch_related("publishers", "regions").filter(pk=1).first()
        if found is None:
            seed.create(cls, Publisher, Region)
            found = cls.objects.prefetch_related("publishers", "regions").get(pk=1)
        return found

    def _with_role(self, role):
        return next((p for p in self.publishers.all() if p.role == role), None)

    @property
    def publisher(self):
        """Who publishes the data and holds the rights (DCAT dct:publisher, dct:rightsHolder)."""
        return self._with_role(Publisher.Role.TITOLARE)

    @property
    def operator(self):
        """Who runs the site, reviews candidacies and answers the public; the publisher if nobody else."""
        return self._with_role(Publisher.Role.GESTORE) or self.publisher

    @property
    def data_contact(self):
        """The open data's contact point: the publisher, if it has an e-mail address, else the operator."""
        publisher = self.publisher
        return publisher if publisher is not None and publisher.email else self.operator

    @property
    def signature(self):
        """The last line of every email: "Buone Pratiche – Regione Puglia · ANCI Puglia"."""
        return f"{self.short_name} – " + " · ".join(p.name for p in self.publishers.all())

    @property
    def totp_issuer(self):
        """The name authenticator apps show beside the account: the short name and the regions
        served ("Buone Pratiche Puglia"), without the colon that separates issuer and account."""
        regions = ", ".join(sorted(region.name for region in self.regions.all()))
        return f"{self.short_name} {regions}".strip().replace(":", "")

    @property
    def sender(self):
        """The From of emails: the short name with the address of DEFAULT_FROM_EMAIL."""
        return formataddr((self.short_name, parseaddr(settings.DEFAULT_FROM_EMAIL)[1]))


class Publisher(TextGuard, models.Model):
    """A body behind the site: the one that publishes (titolare) and the one that runs it (gestore)."""

    catalogue_dependent = True

    class Role(models.TextChoices):
        TITOLARE = "titolare", _("Titolare (pubblica i dati)")
        GESTORE = "gestore", _("Gestore (cura la banca dati)")

    class Kind(models.TextChoices):
        # The EU ADMS publisher types (http://purl.org/adms/publishertype/…), which DCAT-AP asks for.
        NATIONAL = "NationalAuthority", _("Autorità nazionale")
        REGIONAL = "RegionalAuthority", _("Autorità regionale")
        LOCAL = "LocalAuthority", _("Autorità locale")
        PUBLIC_BODY = "PublicBody", _("Ente pubblico")
        NON_PROFIT = "NonProfitOrganisation", _("Organizzazione senza scopo di lucro")
        NGO = "NonGovernmentalOrganisation", _("Organizzazione non governativa")
        ACADEMIA = "Academia-ScientificOrganisation", _("Università o ente di ricerca")
        COMPANY = "Company", _("Impresa")

    identity = models.ForeignKey(Identity, models.CASCADE, related_name="publishers")
    order = models.PositiveSmallIntegerField(_("ordine"), default=0)
    role = models.CharField(_("ruolo"), max_length=20, choices=Role.choices)
    name = models.CharField(_("nome"), max_length=200)
    unit = models.CharField(_("struttura"), max_length=200, blank=True, help_text=_("Ad esempio: Dipartimento Welfare."))
    description = models.CharField(_("descrizione"), max_length=255, blank=True)
    kind = models.CharField(_("tipo"), max_length=40, choices=Kind.choices)
    url = models.URLField(_("sito web"), max_length=500, blank=True)
    ipa_code = models.CharField(_("codice IPA"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    pec = models.EmailField(_("PEC"), blank=True)
    phone = models.CharField(_("telefono"), max_length=40, blank=True)
    address = models.CharField(_("indirizzo"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("ente titolare o gestore")
        verbose_name_plural = _("enti titolari e gestori")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["identity"], condition=Q(role="titolare"), name="identity_one_titolare"),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return f"{self.name} – {self.unit}" if self.unit else self.name

    @property
    def is_public_authority(self):
        return self.kind in (self.Kind.NATIONAL, self.Kind.REGIONAL, self.Kind.LOCAL, self.Kind.PUBLIC_BODY)

    @property
    def kind_uri(self):
        return ADMS_PUBLISHER_TYPE + self.kind

    @property
    def phone_uri(self):
        """tel: link of the phone number as written ("080 5231218" -> tel:+390805231218)."""
        digits = re.sub(r"[^\d+]", "", self.phone)
        return f"tel:{digits if digits.startswith('+') else '+39' + digits}" if digits else ""

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self._touch_identity()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self._touch_identity()
        return result

    def _touch_identity(self):
        # The header and footer are cached under the identity's `modified`: a publisher is part of it.
        Identity.objects.filter(pk=self.identity_id).update(modified=timezone.now())
