import factory

from practices.tests.factories import FundingLevelFactory, PracticeFactory

from ..lines import FundingLine, add_line
from ..models import Programme


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Programma {n}")
    slug = factory.Sequence(lambda n: f"programma-{n}")
    level = factory.SubFactory(FundingLevelFactory)


def PracticeFundingFactory(practice=None, programme=None, amount=None, year=None, note=""):
    """A funding line of a practice, in the chain as lines make it (funding/lines.py)."""
    practice = practice or PracticeFactory()
    programme = programme or ProgrammeFactory()
    return add_line(practice, FundingLine(programme.pk, amount, year, note), position=practice.funding.count())
