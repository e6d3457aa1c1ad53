"""The DCAT-AP_IT description of the open data: the catalogue, the dataset "Buone pratiche
del welfare locale", its publisher and rights holder, licence, themes, update frequency,
territorial and temporal coverage and distributions (CSV, XLSX, JSON and the API), for the
national portal dati.gov.it and the European one to harvest. Built with rdflib, served as
Turtle and JSON-LD from the same graph.

Who publishes, the catalogue's name and description, the licence and the regions served come
from the site's identity (identity.models.Identity); the territory and the years covered come
from the published practices. Every resource the description points to is typed as the class
DCAT-AP 2.1.1 expects, so the official SHACL shapes (api/tests/shapes/) pass: base, range and
recommended, except dcat:bbox and dcat:centroid on the places, for which the site holds no
coordinates (the ISTAT lists have none) and none are made up."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, SKOS, XSD

DCATAPIT = Namespace("http://dati.gov.it/onto/dcatapit#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
LOCN = Namespace("http://www.w3.org/ns/locn#")
EU = "http://publications.europa.eu/resource/authority/"
THEME = Namespace(EU + "data-theme/")
FREQUENCY = Namespace(EU + "frequency/")
FILE_TYPE = Namespace(EU + "file-type/")
LANGUAGE = Namespace(EU + "language/")
AVAILABILITY = Namespace(EU + "planned-availability/")
ITALY = URIRef(EU + "country/ITA")
MEDIA_TYPE = "https://www.iana.org/assignments/media-types/"
LICENCE_TYPE = Namespace("http://purl.org/adms/licencetype/")
# Labels of the EU vocabularies' concepts the description uses (DCAT-AP asks for skos:prefLabel).
THEMES = {THEME.SOCI: "Popolazione e società", THEME.GOVE: "Governo e settore pubblico"}
THEME_SCHEME_TITLE = "Tema dei dati"
STABLE = ("STABLE", "stabile")

DATASET_TITLE = "Buone pratiche del welfare locale"
# What every record of the dataset holds; the identity's description says whose practices they are.
DATASET_CONTENT = (
    "Per ciascuna pratica la scheda completa (ambito d'intervento, destinatari, finalità, modalità di "
    "realizzazione, risultati, risorse, soggetti coinvolti, margini di miglioramento), il soggetto "
    "proponente, le classificazioni e le linee di finanziamento."
)
KEYWORDS = ("welfare", "servizi sociali", "buone pratiche", "comuni", "ambiti territoriali sociali")
DISTRIBUTIONS = (
    ("csv", "CSV", "text/csv", "Tutte le pratiche in CSV (UTF-8, RFC 4180)."),
    ("xlsx", "XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
     "Tutte le pratiche in un foglio di calcolo XLSX."),
    ("json", "JSON", "application/json", "Tutte le pratiche in JSON, con gli stessi campi del CSV."),
)


@dataclass(frozen=True)
class Coverage:
    """What the published practices cover: their regions ((ISTAT code, name) pairs) and years."""

    regions: tuple
    start_year: int | None
    end_year: int | None


def dataset_description(identity):
    return f"{identity.description} {DATASET_CONTENT}"


def build_graph(base_url, identity, modified, issued, coverage):
    """The whole description; `base_url` is the site's address without a trailing slash."""
    def url(path):
        return URIRef(base_url + path)

    graph = Graph()
    for prefix, namespace in (("dcatapit", DCATAPIT), ("dcatap", DCATAP), ("dcat", DCAT), ("dct", DCTERMS),
                              ("foaf", FOAF), ("vcard", VCARD), ("locn", LOCN), ("skos", SKOS), ("xsd", XSD)):
        graph.bind(prefix, namespace)

    def typed(resource, *classes):
        for rdf_class in classes:
            graph.add((resource, RDF.type, rdf_class))
        return resource

    def concept(uri, label):
        with translation.override("it"):  # one description for every language, cached once
            graph.add((URIRef(uri), SKOS.prefLabel, Literal(str(label), lang="it")))
        return typed(URIRef(uri), SKOS.Concept)

    def document(address):
        return typed(address, FOAF.Document)

    places = {}

    def region(code, name):
        if code not in places:
            places[code] = typed(BNode(), DCTERMS.Location)
            graph.add((places[code], DCTERMS.identifier, Literal(code)))
            graph.add((places[code], LOCN.geographicalName, Literal(name, lang="it")))
        return places[code]

    def italy():
        typed(ITALY, DCTERMS.Location)
        graph.add((ITALY, DCATAPIT.geographicalIdentifier, Literal(str(ITALY))))
        graph.add((ITALY, LOCN.geographicalName, Literal("Italia", lang="it")))
        return ITALY

    publisher_body = identity.publisher
    publisher = _agent(graph, publisher_body, concept)
    licence = typed(URIRef(identity.licence_url), DCATAPIT.LicenseDocument, DCTERMS.LicenseDocument)
    graph.add((licence, DCTERMS.type, concept(LICENCE_TYPE[identity.licence_type],
                                              identity.get_licence_type_display())))
    graph.add((licence, FOAF.name, Literal(identity.licence_name, lang="it")))
    language = typed(LANGUAGE.ITA, DCTERMS.LinguisticSystem)

    served = [region(r.istat_code, r.name) for r in identity.regions.all()] or [italy()]
    covered = [region(code, name) for code, name in coverage.regions]
    covered += [place for place in served if place not in covered and place != ITALY]

    catalogue = typed(url(reverse("opendata:catalogue")), DCATAPIT.Catalog, DCAT.Catalog)
    graph.add((catalogue, DCTERMS.title, Literal(identity.name, lang="it")))
    graph.add((catalogue, DCTERMS.description, Literal(identity.summary, lang="it")))
    graph.add((catalogue, DCTERMS.publisher, publisher))
    graph.add((catalogue, DCTERMS.modified, Literal(modified, datatype=XSD.date)))
    graph.add((catalogue, DCTERMS.issued, Literal(issued, datatype=XSD.date)))
    graph.add((catalogue, DCTERMS.language, language))
    graph.add((catalogue, DCTERMS.license, licence))
    for place in served:
        graph.add((catalogue, DCTERMS.spatial, place))
    graph.add((catalogue, FOAF.homepage, document(url("/"))))
    themes = typed(URIRef(EU + "data-theme"), SKOS.ConceptScheme)
    graph.add((themes, DCTERMS.title, Literal(THEME_SCHEME_TITLE, lang="it")))
    graph.add((catalogue, DCAT.themeTaxonomy, themes))

    dataset = typed(url(reverse("opendata:catalogue") + "#buone-pratiche"), DCATAPIT.Dataset, DCAT.Dataset)
    graph.add((catalogue, DCAT.dataset, dataset))
    prefix = publisher_body.ipa_code or slugify(publisher_body.name)
    graph.add((dataset, DCTERMS.identifier, Literal(f"{prefix}:buone-pratiche-welfare")))
    graph.add((dataset, DCTERMS.title, Literal(DATASET_TITLE, lang="it")))
    graph.add((dataset, DCTERMS.description, Literal(dataset_description(identity), lang="it")))
    graph.add((dataset, DCTERMS.modified, Literal(modified, datatype=XSD.date)))
    graph.add((dataset, DCTERMS.issued, Literal(issued, datatype=XSD.date)))
    for theme, label in THEMES.items():
        graph.add((dataset, DCAT.theme, concept(theme, label)))
        graph.add((theme, SKOS.inScheme, themes))
    graph.add((dataset, DCTERMS.publisher, publisher))
    graph.add((dataset, DCTERMS.rightsHolder, publisher))
    graph.add((dataset, DCTERMS.accrualPeriodicity, typed(FREQUENCY.IRREG, DCTERMS.Frequency)))
    graph.add((dataset, DCTERMS.language, language))
    graph.add((dataset, DCAT.contactPoint, _contact(graph, url, identity)))
    graph.add((dataset, DCAT.landingPage, document(url(reverse("catalogue:practice_list")))))
    for keyword in (*KEYWORDS, *(name for _code, name in coverage.regions)):
        graph.add((dataset, DCAT.keyword, Literal(keyword, lang="it")))
    for place in covered or served:
        graph.add((dataset, DCTERMS.spatial, place))
    if coverage.start_year:
        period = typed(BNode(), DCTERMS.PeriodOfTime)
        graph.add((dataset, DCTERMS.temporal, period))
        graph.add((period, DCAT.startDate, Literal(str(coverage.start_year), datatype=XSD.gYear)))
        graph.add((period, DCAT.endDate, Literal(str(coverage.end_year), datatype=XSD.gYear)))

    def distribution(access, download, file_type, media_type, title, description):
        node = typed(URIRef(f"{access}#distribuzione"), DCATAPIT.Distribution, DCAT.Distribution)
        graph.add((dataset, DCAT.distribution, node))
        graph.add((node, DCTERMS.format, typed(file_type, DCTERMS.MediaTypeOrExtent)))
        graph.add((node, DCAT.mediaType, typed(URIRef(MEDIA_TYPE + media_type), DCTERMS.MediaType)))
        graph.add((node, DCAT.accessURL, access))
        if download is not None:
            graph.add((node, DCAT.downloadURL, download))
        graph.add((node, DCATAP.availability, concept(AVAILABILITY[STABLE[0]], STABLE[1])))
        graph.add((node, DCTERMS.title, Literal(title, lang="it")))
        graph.add((node, DCTERMS.description, Literal(description, lang="it")))
        graph.add((node, DCTERMS.license, licence))
        graph.add((node, DCTERMS.modified, Literal(modified, datatype=XSD.date)))
        return node

    for export_format, file_type, media_type, description in DISTRIBUTIONS:
        download = url(reverse("opendata:download", args=[export_format]))
        distribution(download, download, FILE_TYPE[file_type], media_type, f"{DATASET_TITLE} ({file_type})",
                     description)
    api = distribution(
        url(reverse("api:practice-list")), None, FILE_TYPE.JSON, "application/json", f"{DATASET_TITLE} (API)",
        "API JSON di sola lettura, con filtri e ricerca; documentazione OpenAPI 3 allo schema indicato.",
    )
    graph.add((api, DCTERMS.conformsTo, typed(url(reverse("api:schema")), DCTERMS.Standard)))
    graph.add((api, RDFS.seeAlso, url(reverse("api:docs"))))
    return graph


def _agent(graph, body, concept):
    """The publisher: identified by its IPA code when it has one, else by its website."""
    if body.ipa_code:
        agent = URIRef(f"https://indicepa.gov.it/ipa-dati/dataset/enti/{body.ipa_code}")
        graph.add((agent, DCTERMS.identifier, Literal(body.ipa_code)))
    else:
        agent = URIRef(body.url) if body.url else BNode()
    graph.add((agent, RDF.type, DCATAPIT.Agent))
    graph.add((agent, RDF.type, FOAF.Agent))
    graph.add((agent, FOAF.name, Literal(body.name, lang="it")))
    graph.add((agent, DCTERMS.type, concept(body.kind_uri, body.get_kind_display())))
    return agent


def _contact(graph, url, identity):
    """The dataset's contact point (Identity.data_contact)."""
    body = identity.data_contact
    contact = url(reverse("opendata:catalogue") + "#contatti")
    for rdf_class in (DCATAPIT.Organization, VCARD.Organization, VCARD.Kind):
        graph.add((contact, RDF.type, rdf_class))
    graph.add((contact, VCARD.fn, Literal(body.full_name, lang="it")))
    if body.email:
        graph.add((contact, VCARD.hasEmail, URIRef(f"mailto:{body.email}")))
    if body.phone_uri:
        graph.add((contact, VCARD.hasTelephone, URIRef(body.phone_uri)))
    if body.url:
        graph.add((contact, VCARD.hasURL, URIRef(body.url)))
    return contact
