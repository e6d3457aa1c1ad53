"""/opendata/catalogo.ttl against the official DCAT-AP 2.1.1 SHACL shapes (SEMIC, vendored in
shapes/dcat-ap-2.1.1/): the base, range and recommended profiles, as the EU validator runs them.
The recommended shapes report sh:Warning; a warning fails here too, so the description carries
every recommended property, with one exception: dcat:bbox and dcat:centroid of a place. The
site holds no coordinates (the ISTAT lists of regions and comuni have none) and none are made
up, so those two warnings, and only those, are expected once per place described."""

from pathlib import Path

import pytest
from django.core.management import call_command
from pyshacl import validate
from rdflib import Graph
from rdflib.namespace import DCAT, DCTERMS, RDF, SH

from api.dcat import LOCN
from identity.models import Identity
from practices.models import Body, Comune, Practice, Region

pytestmark = pytest.mark.django_db

SHAPES = Path(__file__).parent / "shapes" / "dcat-ap-2.1.1"
PROFILES = {
    "base": "dcat-ap_2.1.1_shacl_shapes.ttl",
    "range": "dcat-ap_2.1.1_shacl_range.ttl",
    "recommended": "dcat-ap_2.1.1_shacl_shapes_recommended.ttl",
}
WITHOUT_COORDINATES = {DCAT.bbox, DCAT.centroid}


@pytest.fixture
def two_regions(publication):
    """The 21 Apulian practices and one of Lombardy, all published."""
    call_command("load_comuni", region="03", verbosity=0)
    lombard = Practice.objects.published().first()
    lombard.pk = None
    lombard.slug, lombard.title = "pratica-lombarda", "Pratica lombarda"
    lombard.lead = Body.objects.for_comune(Comune.objects.get(name="Bergamo"))
    lombard.save()
    assert {p.region.istat_code for p in Practice.objects.published()} == {"16", "03"}


def shacl_results(data, profile):
    """(severity, focus node, path, message) of each result of `profile` on `data`, and the report."""
    shapes = Graph().parse(SHAPES / PROFILES[profile], format="turtle")
    _conforms, report, text = validate(data, shacl_graph=shapes, allow_warnings=False)
    results = [
        (report.value(result, SH.resultSeverity), report.value(result, SH.focusNode),
         report.value(result, SH.resultPath), report.value(result, SH.resultMessage))
        for result in report.subjects(RDF.type, SH.ValidationResult)
    ]
    return results, text


def catalogue_graph(client):
    response = client.get("/opendata/catalogo.ttl")
    assert response.status_code == 200
    return Graph().parse(data=response.content.decode(), format="turtle")


@pytest.mark.parametrize("profile", PROFILES)
def test_the_catalogue_conforms_to_dcat_ap_2_1_1(client, two_regions, profile):
    data = catalogue_graph(client)
    results, text = shacl_results(data, profile)
    places = set(data.subjects(RDF.type, DCTERMS.Location))
    unexpected = [r for r in results
                  if not (r[0] == SH.Warning and r[1] in places and r[2] in WITHOUT_COORDINATES)]
    assert not unexpected, f"DCAT-AP 2.1.1, profilo {profile}: {len(unexpected)} risultati inattesi\n{text}"
    # The only tolerated ones: a bounding box and a centroid missing on each place, nothing more.
    assert len(results) == len(places) * len(WITHOUT_COORDINATES) * (profile == "recommended")


def test_the_territory_and_years_come_from_the_data(client, two_regions):
    """dct:spatial: the catalogue's is the regions the identity serves (none: Italy), the dataset's
    the regions of its practices; dct:temporal spans the practices' years."""
    identity = Identity.current()
    identity.regions.clear()
    data = catalogue_graph(client)
    catalogue, dataset = next(data.subjects(RDF.type, DCAT.Catalog)), next(data.subjects(RDF.type, DCAT.Dataset))

    def places(subject):
        return {str(data.value(place, LOCN.geographicalName)) for place in data.objects(subject, DCTERMS.spatial)}

    assert places(catalogue) == {"Italia"}
    assert places(dataset) == {"Puglia", "Lombardia"}
    assert {str(k) for k in data.objects(dataset, DCAT.keyword)} >= {"Puglia", "Lombardia"}
    period = data.value(dataset, DCTERMS.temporal)
    practices = Practice.objects.published()
    assert str(data.value(period, DCAT.startDate)) == str(min(p.start_year or p.created_at.year for p in practices))
    assert str(data.value(period, DCAT.endDate)) == str(max(p.end_year or p.updated_at.year for p in practices))

    identity.regions.set(Region.objects.filter(istat_code="16"))  # staff say which regions the site serves
    data = catalogue_graph(client)
    catalogue = next(data.subjects(RDF.type, DCAT.Catalog))
    assert places(catalogue) == {"Puglia"}
