from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from practices.models import CARD_SECTION_FIELDS, Practice, PracticeDocument

from .factories import (
    AmbitoFactory,
    ComuneFactory,
    PracticeFactory,
    TipologiaFactory,
)

pytestmark = pytest.mark.django_db


def test_a_practice_needs_a_proposer():
    with pytest.raises(IntegrityError), transaction.atomic():
        PracticeFactory(proposing_comune=None)


def test_a_practice_cannot_have_both_a_comune_and_an_ambito_as_proposer():
    with pytest.raises(IntegrityError), transaction.atomic():
        PracticeFactory(proposing_ambito=AmbitoFactory())


def test_proposer_rule_is_explained_in_italian_on_validation():
    practice = PracticeFactory.build(proposing_comune=ComuneFactory(), proposing_ambito=AmbitoFactory(),
                                     tipologia=TipologiaFactory())
    with pytest.raises(ValidationError) as excinfo:
        practice.full_clean()
    assert "un solo soggetto proponente" in str(excinfo.value)


def test_ambito_is_derived_from_the_proposing_comune():
    comune = ComuneFactory(name="Ruvo di Puglia")
    ambito = AmbitoFactory(name="Ambito di Corato")
    ambito.members.add(comune)
    practice = PracticeFactory(proposing_comune=comune)
    assert practice.ambito == ambito
    assert practice.proposer_name == "Comune di Ruvo di Puglia"
    assert practice.province == comune.province


def test_an_ambito_proposer_is_its_own_ambito():
    ambito = AmbitoFactory(name="Ambito di Conversano")
    practice = PracticeFactory(proposing_comune=None, proposing_ambito=ambito)
    assert practice.ambito == ambito
    assert practice.proposer_name == "Ambito di Conversano"
    assert practice.province == ambito.province


def test_years_must_be_in_order():
    with pytest.raises(IntegrityError), transaction.atomic():
        PracticeFactory(start_year=2023, end_year=2020)


def test_a_document_is_a_file_or_a_link_not_both_nor_neither():
    from practices.models import DocumentKind

    practice = PracticeFactory()
    kind = DocumentKind.objects.create(name="Delibera", slug="delibera")
    PracticeDocument.objects.create(practice=practice, kind=kind, title="Delibera", url="https://example.org/d.pdf")
    with pytest.raises(IntegrityError), transaction.atomic():
        PracticeDocument.objects.create(practice=practice, kind=kind, title="Vuoto")


def test_sections_come_in_publication_order_and_skip_empty_ones():
    practice = PracticeFactory(expected_results="", resources="Due educatori.")
    names = [name for name, _label, _text in practice.sections()]
    assert names == [n for n in CARD_SECTION_FIELDS if n != "expected_results"]


def test_publish_and_unpublish_keep_the_record():
    practice = PracticeFactory(is_published=False, published_at=None)
    practice.publish()
    assert practice.is_published and practice.published_at
    first_published = practice.published_at
    practice.unpublish()
    practice.refresh_from_db()
    assert not practice.is_published
    assert practice.published_at == first_published
    assert Practice.objects.filter(pk=practice.pk).exists()
