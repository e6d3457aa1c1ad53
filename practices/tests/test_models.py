from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from practices.models import CARD_SECTION_FIELDS, Body, Practice, PracticeDocument

from .factories import (
    AmbitoFactory,
    BodyFactory,
    ComuneFactory,
    PracticeFactory,
    PracticeParticipantFactory,
    ProvinceFactory,
    RegionFactory,
)

pytestmark = pytest.mark.django_db


def test_a_practice_needs_a_lead():
    with pytest.raises(IntegrityError), transaction.atomic():
        PracticeFactory(lead_comune=None)


def test_any_body_may_lead_and_the_practice_counts_under_its_seat():
    lecce = ProvinceFactory(istat_code="075", sigla="LE", name="Lecce")
    seat = ComuneFactory(istat_code="075039", name="Maglie", province=lecce)
    ambito = AmbitoFactory(name="Ambito di Maglie", capofila=seat)
    ambito.members.add(seat)
    cooperative = BodyFactory(name="Cooperativa Sociale Arcobaleno", comune=seat)
    practice = PracticeFactory(lead=cooperative)
    assert practice.proposer_name == "Cooperativa Sociale Arcobaleno"
    assert practice.province == lecce and practice.region == lecce.region
    assert practice.ambito == ambito  # the Ambito of the lead's seat


def test_the_territory_covered_joins_the_bodies_places_and_what_is_stated():
    lombardia = RegionFactory(istat_code="03", name="Lombardia")
    ministry = BodyFactory(kind=Body.Kind.AMMINISTRAZIONE_CENTRALE, name="Ministero dell'Interno")
    practice = PracticeFactory(lead=ministry)
    partner = ComuneFactory(name="Bitetto")
    PracticeParticipantFactory(practice=practice, body=Body.objects.for_comune(partner))
    practice.covered_regions.add(lombardia)
    territory = practice.covered_territory()
    assert territory["regions"] == [lombardia, partner.province.region]
    assert territory["provinces"] == [partner.province]
    assert territory["comuni"] == [partner]


def test_participants_names_are_searchable():
    practice = PracticeFactory()
    PracticeParticipantFactory(practice=practice, body=BodyFactory(name="Comunità Montana dei Monti Dauni"))
    practice.refresh_from_db()
    assert "Comunità Montana dei Monti Dauni" in practice.place_names
    assert "comunita montana dei monti dauni" in practice.search_text


def test_ambito_is_derived_from_the_lead_comune():
    comune = ComuneFactory(name="Ruvo di Puglia")
    ambito = AmbitoFactory(name="Ambito di Corato")
    ambito.members.add(comune)
    practice = PracticeFactory(lead_comune=comune)
    assert practice.ambito == ambito
    assert practice.proposer_name == "Comune di Ruvo di Puglia"
    assert practice.province == comune.province


def test_an_ambito_proposer_is_its_own_ambito():
    ambito = AmbitoFactory(name="Ambito di Conversano")
    practice = PracticeFactory(lead_comune=None, lead_ambito=ambito)
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
