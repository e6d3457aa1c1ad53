"""The DCAT-AP_IT description of the open data: the catalogue, the dataset "Buone pratiche
del welfare locale", its publisher and rights holder, licence, themes, update frequency
and distributions (CSV, XLSX, JSON and the API), for the national portal dati.gov.it to
harvest. Built with rdflib, served as Turtle and JSON-LD from the same graph."""

from django.conf import settings
from django.urls import reverse
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, XSD

DCATAPIT = Namespace("http://dati.gov.it/onto/dcatapit#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
LOCN = Namespace("http://www.w3.org/ns/locn#")
EU = "http://publications.europa.eu/resource/authority/"
THEME = Namespace(EU + "data-theme/")
FREQUENCY = Namespace(EU + "frequency/")
FILE_TYPE = Namespace(EU + "file-type/")
LANGUAGE = Namespace(EU + "language/")
LICENCE = URIRef("https://w3id.org/italia/controlled-vocabulary/licences/A21_CCBY40")
ATTRIBUTION = URIRef("http://purl.org/adms/licencetype/Attribution")

DATASET_TITLE = "Buone pratiche del welfare locale"
DATASET_DESCRIPTION = (
    "Le buone pratiche dei Comuni e degli Ambiti Territoriali Sociali della Puglia nei servizi sociali, "
    "selezionate con gli avvisi della Regione Puglia (Dipartimento Welfare) istruiti da ANCI Puglia: "
    "per ciascuna pratica la scheda completa (ambito d'intervento, destinatari, finalità, modalità di "
    "realizzazione, risultati, risorse, soggetti coinvolti, margini di miglioramento), il soggetto "
    "proponente, le classificazioni e le linee di finanziamento."
)
KEYWORDS = ("welfare", "servizi sociali", "buone pratiche", "comuni", "ambiti territoriali sociali", "Puglia")
DISTRIBUTIONS = (
    ("csv", "CSV", "text/csv", "Tutte le pratiche in CSV (UTF-8, RFC 4180)."),
    ("xlsx", "XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
     "Tutte le pratiche in un foglio di calcolo XLSX."),
    ("json", "JSON", "application/json", "Tutte le pratiche in JSON, con gli stessi campi del CSV."),
)


def _agent(graph, name, ipa_code):
    agent = URIRef(f"https://indicepa.gov.it/ipa-dati/dataset/enti/{ipa_code}")
    graph.add((agent, RDF.type, DCATAPIT.Agent))
    graph.add((agent, RDF.type, FOAF.Agent))
    graph.add((agent, DCTERMS.identifier, Literal(ipa_code)))
    graph.add((agent, FOAF.name, Literal(name, lang="it")))
    return agent


def build_graph(base_url, modified, issued):
    """The whole description; `base_url` is the site's address without a trailing slash."""
    def url(path):
        return URIRef(base_url + path)

    graph = Graph()
    for prefix, namespace in (("dcatapit", DCATAPIT), ("dcat", DCAT), ("dct", DCTERMS), ("foaf", FOAF),
                              ("vcard", VCARD), ("locn", LOCN), ("xsd", XSD)):
        graph.bind(prefix, namespace)

    publisher = _agent(graph, settings.OPENDATA_PUBLISHER_NAME, settings.OPENDATA_PUBLISHER_IPA)

    licence = LICENCE
    graph.add((licence, RDF.type, DCATAPIT.LicenseDocument))
    graph.add((licence, RDF.type, DCTERMS.LicenseDocument))
    graph.add((licence, DCTERMS.type, ATTRIBUTION))
    graph.add((licence, FOAF.name, Literal("Creative Commons Attribuzione 4.0 Internazionale (CC BY 4.0)",
                                           lang="it")))

    contact = url(reverse("opendata:catalogue") + "#contatti")
    graph.add((contact, RDF.type, DCATAPIT.Organization))
    graph.add((contact, RDF.type, VCARD.Organization))
    graph.add((contact, VCARD.fn, Literal(settings.OPENDATA_CONTACT_NAME, lang="it")))
    graph.add((contact, VCARD.hasEmail, URIRef(f"mailto:{settings.OPENDATA_CONTACT_EMAIL}")))

    catalogue = url(reverse("opendata:catalogue"))
    graph.add((catalogue, RDF.type, DCATAPIT.Catalog))
    graph.add((catalogue, RDF.type, DCAT.Catalog))
    graph.add((catalogue, DCTERMS.title, Literal("Banca dati regionale delle buone pratiche in ambito sociale",
                                                 lang="it")))
    graph.add((catalogue, DCTERMS.description, Literal(
        "I dati aperti della banca dati delle buone pratiche del welfare locale della Regione Puglia e di "
        "ANCI Puglia.", lang="it")))
    graph.add((catalogue, DCTERMS.publisher, publisher))
    graph.add((catalogue, DCTERMS.modified, Literal(modified, datatype=XSD.date)))
    graph.add((catalogue, DCTERMS.issued, Literal(issued, datatype=XSD.date)))
    graph.add((catalogue, DCTERMS.language, LANGUAGE.ITA))
    graph.add((catalogue, FOAF.homepage, url("/")))
    graph.add((catalogue, DCAT.themeTaxonomy, URIRef(EU + "data-theme")))

    dataset = url(reverse("opendata:catalogue") + "#buone-pratiche")
    graph.add((catalogue, DCAT.dataset, dataset))
    graph.add((dataset, RDF.type, DCATAPIT.Dataset))
    graph.add((dataset, RDF.type, DCAT.Dataset))
    graph.add((dataset, DCTERMS.identifier, Literal(f"{settings.OPENDATA_PUBLISHER_IPA}:buone-pratiche-welfare")))
    graph.add((dataset, DCTERMS.title, Literal(DATASET_TITLE, lang="it")))
    graph.add((dataset, DCTERMS.description, Literal(DATASET_DESCRIPTION, lang="it")))
    graph.add((dataset, DCTERMS.modified, Literal(modified, datatype=XSD.date)))
    graph.add((dataset, DCTERMS.issued, Literal(issued, datatype=XSD.date)))
    graph.add((dataset, DCAT.theme, THEME.SOCI))
    graph.add((dataset, DCAT.theme, THEME.GOVE))
    graph.add((dataset, DCTERMS.publisher, publisher))
    graph.add((dataset, DCTERMS.rightsHolder, publisher))
    graph.add((dataset, DCTERMS.accrualPeriodicity, FREQUENCY.IRREG))
    graph.add((dataset, DCTERMS.language, LANGUAGE.ITA))
    graph.add((dataset, DCAT.contactPoint, contact))
    graph.add((dataset, DCAT.landingPage, url(reverse("catalogue:practice_list"))))
    for keyword in KEYWORDS:
        graph.add((dataset, DCAT.keyword, Literal(keyword, lang="it")))
    place = BNode()
    graph.add((dataset, DCTERMS.spatial, place))
    graph.add((place, RDF.type, DCTERMS.Location))
    graph.add((place, DCATAPIT.geographicalIdentifier, Literal("http://www.geonames.org/3169778")))
    graph.add((place, LOCN.geographicalName, Literal("Puglia", lang="it")))

    for export_format, file_type, media_type, description in DISTRIBUTIONS:
        download = url(reverse("opendata:download", args=[export_format]))
        _distribution(graph, dataset, download, download, FILE_TYPE[file_type], media_type,
                      f"{DATASET_TITLE} ({file_type})", description, licence, modified)
    api = url(reverse("api:practice-list"))
    distribution = _distribution(
        graph, dataset, api, None, FILE_TYPE.JSON, "application/json", f"{DATASET_TITLE} (API)",
        "API JSON di sola lettura, con filtri e ricerca; documentazione OpenAPI 3 allo schema indicato.",
        licence, modified,
    )
    graph.add((distribution, DCTERMS.conformsTo, url(reverse("api:schema"))))
    graph.add((distribution, RDFS.seeAlso, url(reverse("api:docs"))))
    return graph


def _distribution(graph, dataset, access, download, file_type, media_type, title, description, licence, modified):
    distribution = URIRef(f"{access}#distribuzione")
    graph.add((dataset, DCAT.distribution, distribution))
    graph.add((distribution, RDF.type, DCATAPIT.Distribution))
    graph.add((distribution, RDF.type, DCAT.Distribution))
    graph.add((distribution, DCTERMS.format, file_type))
    graph.add((distribution, DCAT.mediaType, Literal(media_type)))
    graph.add((distribution, DCAT.accessURL, access))
    if download is not None:
        graph.add((distribution, DCAT.downloadURL, download))
    graph.add((distribution, DCTERMS.title, Literal(title, lang="it")))
    graph.add((distribution, DCTERMS.description, Literal(description, lang="it")))
    graph.add((distribution, DCTERMS.license, licence))
    graph.add((distribution, DCTERMS.modified, Literal(modified, datatype=XSD.date)))
    return distribution
