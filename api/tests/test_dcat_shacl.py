"""/opendata/catalogo.ttl against the official DCAT-AP 2.1.1 SHACL shapes (SEMIC, vendored in
shapes/dcat-ap-2.1.1/): the base, range and recommended profiles, as the EU validator runs them.
The recommended shapes report sh:Warning; a warning fails here too, so the description carries
every recommended property."""

from pathlib import Path

import pytest
from django.core.management import call_command
from pyshacl import validate
from rdflib import Graph
from rdflib.namespace import RDF, SH

from practices.models import Comune, Practice

pytestmark = pytest.mark.django_db

SHAPES = Path(__file__).parent / "shapes" / "dcat-ap-2.1.1"
PROFILES = {
    "base": "dcat-ap_2.1.1_shacl_shapes.ttl",
    "range": "dcat-ap_2.1.1_shacl_range.ttl",
    "recommended": "dcat-ap_2.1.1_shacl_shapes_recommended.ttl",
}


@pytest.fixture
def two_regions(publication):
    """The 21 Apulian practices and one of Lombardy, all published."""
    call_command("load_comuni", region="03", verbosity=0)
    lombard = Practice.objects.published().first()
    lombard.pk = None
    lombard.slug, lombard.title = "pratica-lombarda", "Pratica lombarda"
    lombard.proposing_comune, lombard.proposing_ambito = Comune.objects.get(name="Bergamo"), None
    lombard.save()
    assert {p.region.istat_code for p in Practice.objects.published()} == {"16", "03"}


def shacl_results(data, profile):
    shapes = Graph().parse(SHAPES / PROFILES[profile], format="turtle")
    _conforms, report, text = validate(data, shacl_graph=shapes, advanced=True, allow_warnings=False)
    return len(set(report.subjects(RDF.type, SH.ValidationResult))), text


@pytest.mark.parametrize("profile", PROFILES)
def test_the_catalogue_conforms_to_dcat_ap_2_1_1(client, two_regions, profile):
    response = client.get("/opendata/catalogo.ttl")
    assert response.status_code == 200
    data = Graph().parse(data=response.content.decode(), format="turtle")
    count, text = shacl_results(data, profile)
    assert count == 0, f"DCAT-AP 2.1.1, profilo {profile}: {count} risultati\n{text}"
