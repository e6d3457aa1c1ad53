"""Import and export of bodies (enti): the cooperative that leads a practice, the foundation
that funds it, the ministry that manages a programme come in from a file before the practices,
Ambiti and agreements that name them by their identifier (see practices.resources.find_body).

A Comune's and an Ambito's body belong to their territorial record: they are created with it
(the Comune's on first use, the Ambito's by the Ambiti import) and a Comune is named in the
other files by its ISTAT code, so this file refuses the two kinds rather than make a second body.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields

from buonepratiche.imports import IstatForeignKeyWidget, ItalianModelResource, StrictForeignKeyWidget

from .ambito_resources import ChoiceWidget
from .models import Body, Comune, Province, Region

TERRITORIAL_KINDS = (Body.Kind.COMUNE, Body.Kind.AMBITO)


class BodyKindWidget(ChoiceWidget):
    """A body's kind by its label (Ente del Terzo settore) or its value (terzo_settore), never a
    Comune's or an Ambito's (see the module's docstring)."""

    def clean(self, value, row=None, **kwargs):
        kind = super().clean(value, row, **kwargs)
        if kind in TERRITORIAL_KINDS:
            raise ValueError(_("colonna «%(column)s»: i Comuni e gli Ambiti non si importano qui: un Comune si "
                               "indica con il codice ISTAT, un Ambito si importa dall'elenco degli Ambiti.")
                             % {"column": self.column})
        return kind


class BodyResource(ItalianModelResource):
    slug = fields.Field(attribute="slug", column_name="identificativo")
    kind = fields.Field(attribute="kind", column_name="tipo", widget=BodyKindWidget(Body.Kind, "tipo"))
    name = fields.Field(attribute="name", column_name="nome")
    comune = fields.Field(attribute="comune", column_name="comune_istat",
                          widget=IstatForeignKeyWidget(Comune, "comune"))
    province = fields.Field(attribute="province", column_name="provincia",
                            widget=StrictForeignKeyWidget(Province, field="sigla"))
    region = fields.Field(attribute="region", column_name="regione", widget=IstatForeignKeyWidget(Region, "regione"))
    ipa_code = fields.Field(attribute="ipa_code", column_name="codice_ipa")
    tax_code = fields.Field(attribute="tax_code", column_name="codice_fiscale")
    website = fields.Field(attribute="website", column_name="sito_web")
    email = fields.Field(attribute="email", column_name="email")
    pec = fields.Field(attribute="pec", column_name="pec")
    phone = fields.Field(attribute="phone", column_name="telefono")
    address = fields.Field(attribute="address", column_name="indirizzo")

    class Meta:
        model = Body
        import_id_fields = ("slug",)
        fields = ("slug", "kind", "name", "comune", "province", "region", "ipa_code", "tax_code", "website", "email",
                  "pec", "phone", "address")
        export_order = fields
        skip_unchanged = False
        clean_model_instances = True

    def get_queryset(self):
        return Body.objects.exclude(kind__in=TERRITORIAL_KINDS).select_related("comune", "province", "region")

    def get_instance(self, instance_loader, row):
        """A Comune's or an Ambito's body is not this file's to change, even by its identifier."""
        instance = super().get_instance(instance_loader, row)
        if instance is not None and instance.kind in TERRITORIAL_KINDS:
            raise ValidationError({"slug": _("«%(value)s» è l'ente di un Comune o di un Ambito, che si modifica "
                                             "dal Comune o dall'Ambito.") % {"value": instance.slug}})
        return instance
