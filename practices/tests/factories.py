import factory
from django.utils import timezone

from practices.models import (
    Ambito,
    Body,
    Comune,
    FundingLevel,
    InvolvementRole,
    PolicyArea,
    Practice,
    PracticeParticipant,
    Province,
    Region,
    TargetGroup,
    Tipologia,
)


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("istat_code",)

    istat_code = "16"
    name = "Puglia"


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Province
        django_get_or_create = ("istat_code",)

    istat_code = "072"
    sigla = "BA"
    name = "Bari"
    kind = Province.Kind.CITTA_METROPOLITANA
    region = factory.SubFactory(RegionFactory)


class ComuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comune
        django_get_or_create = ("istat_code",)

    # Six digits whatever the count of comuni made in the run (the API routes ISTAT codes of six digits).
    istat_code = factory.Sequence(lambda n: f"072{n % 900 + 100:03d}")
    name = factory.Sequence(lambda n: f"Comune di prova {n}")
    province = factory.SubFactory(ProvinceFactory)


class AmbitoFactory(factory.django.DjangoModelFactory):
    """An Ambito; its capofila may be given as a Comune, which stands for the Comune's body."""

    class Meta:
        model = Ambito

    name = factory.Sequence(lambda n: f"Ambito di prova {n}")
    slug = factory.Sequence(lambda n: f"ambito-di-prova-{n}")
    capofila = factory.SubFactory(ComuneFactory)
    province = factory.SelfAttribute("capofila.province")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        if isinstance(kwargs.get("capofila"), Comune):
            kwargs["capofila"] = Body.objects.for_comune(kwargs["capofila"])
        return super()._create(model_class, *args, **kwargs)


def _term(model_class, prefix):
    return type(f"{model_class.__name__}Factory", (factory.django.DjangoModelFactory,), {
        "Meta": type("Meta", (), {"model": model_class, "django_get_or_create": ("slug",)}),
        "name": factory.Sequence(lambda n: f"{prefix} {n}"),
        "slug": factory.Sequence(lambda n: f"{prefix.lower()}-{n}"),
    })


TipologiaFactory = _term(Tipologia, "Tipologia")
PolicyAreaFactory = _term(PolicyArea, "Area")
TargetGroupFactory = _term(TargetGroup, "Destinatari")
FundingLevelFactory = _term(FundingLevel, "Livello")
InvolvementRoleFactory = _term(InvolvementRole, "Ruolo")


class BodyFactory(factory.django.DjangoModelFactory):
    """A body that is neither a Comune nor an Ambito (those have ComuneBodyFactory and
    Body.objects.for_ambito): by default a cooperative."""

    class Meta:
        model = Body

    kind = Body.Kind.TERZO_SETTORE
    name = factory.Sequence(lambda n: f"Cooperativa sociale {n}")


class ComuneBodyFactory(factory.django.DjangoModelFactory):
    """A Comune's own body (one per Comune: the existing one if it has it)."""

    class Meta:
        model = Body

    comune = factory.SubFactory(ComuneFactory)

    @classmethod
    def _create(cls, model_class, comune, **kwargs):
        return Body.objects.for_comune(comune)


def _lead(practice):
    if practice.lead_ambito is not None:
        return Body.objects.for_ambito(practice.lead_ambito)
    return Body.objects.for_comune(practice.lead_comune) if practice.lead_comune is not None else None


class PracticeFactory(factory.django.DjangoModelFactory):
    """A published practice led by a Comune's body; `lead_comune=` or `lead_ambito=` (with
    `lead_comune=None`) name the Comune or Ambito whose body leads, `lead=` any body."""

    class Meta:
        model = Practice
        skip_postgeneration_save = True

    class Params:
        lead_comune = factory.Maybe("lead_ambito", None, factory.SubFactory(ComuneFactory))
        lead_ambito = None

    title = factory.Sequence(lambda n: f"Pratica di prova {n}")
    slug = factory.Sequence(lambda n: f"pratica-di-prova-{n}")
    lead = factory.LazyAttribute(_lead)
    intervention_area = "Interventi a sostegno delle famiglie."
    recipients = "Famiglie con minori."
    aims = "Sostenere la genitorialità.\n\nPrevenire il disagio."
    implementation = "Il progetto si articola in:\n- sportelli\n- laboratori"
    achieved_results = "Cento famiglie raggiunte."
    stakeholders = "Servizi sociali e scuole."
    improvements = "Ampliare la rete."
    tipologia = factory.SubFactory(TipologiaFactory)
    is_published = True
    published_at = factory.LazyFunction(lambda: timezone.now().replace(microsecond=0))

    @factory.post_generation
    def areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.areas.set(extracted)

    @factory.post_generation
    def target_groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.target_groups.set(extracted)


class PracticeParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PracticeParticipant

    practice = factory.SubFactory(PracticeFactory)
    body = factory.SubFactory(BodyFactory)
    role = factory.SubFactory(InvolvementRoleFactory)
