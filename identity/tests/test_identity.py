"""The site's identity is data: the migration seeds today's texts, staff edit them on one admin
page, and every page, email and the DCAT description show the edit at once, caches on."""

import pytest
from django.core import mail
from django.db import IntegrityError
from django.urls import reverse
from rdflib import Graph
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF

from identity.models import Identity, Publisher
from practices.models import Comune
from practices.tests.conftest import publication, reference_data  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue_cache_on")]
CHANGE = reverse("admin:identity_identity_change", args=[1])


def change_form(identity, **changes):
    """The admin form as the page fills it, with `changes` (publisher fields as 'publishers-N-field')."""
    data = {field: getattr(identity, field) for field in (
        "short_name", "name", "tagline", "summary", "description", "background", "programme",
        "licence_name", "licence_url", "licence_type")}
    data["regions"] = [r.pk for r in identity.regions.all()]
    publishers = list(identity.publishers.all())
    data.update({"publishers-TOTAL_FORMS": len(publishers), "publishers-INITIAL_FORMS": len(publishers),
                 "publishers-MIN_NUM_FORMS": 0, "publishers-MAX_NUM_FORMS": 1000})
    for n, body in enumerate(publishers):
        for field in ("id", "role", "kind", "order", "name", "unit", "description", "url", "ipa_code", "email", "pec",
                      "phone", "address"):
            data[f"publishers-{n}-{field}"] = getattr(body, field)
        data[f"publishers-{n}-identity"] = identity.pk
    data.update(changes)
    return data


def test_the_migration_keeps_todays_texts(client, publication):
    page = client.get("/").content.decode()
    for text in ("Banca dati regionale delle buone pratiche del welfare locale",
                 "Le esperienze che i Comuni e gli Ambiti Territoriali Sociali della Puglia hanno realizzato",
                 'href="https://www.regione.puglia.it/" rel="external">Regione Puglia<span class="d-none d-lg-inline">'
                 " – Dipartimento Welfare</span></a>",
                 "<strong>ANCI Puglia</strong> – Associazione Nazionale Comuni Italiani, associazione regionale pugliese",
                 "Nell&#x27;ambito del «Programma di Assistenza agli Ambiti Territoriali Sociali»",
                 '<a href="mailto:welfare@anci.puglia.it">welfare@anci.puglia.it</a>',
                 '<a href="tel:+390805231218">080 5231218</a>', "Via Marco Partipilo 61 – 70124 Bari",
                 '<meta name="description" content="La banca dati della Regione Puglia e di ANCI Puglia con le buone '
                 'pratiche dei Comuni e degli Ambiti Territoriali Sociali nei servizi sociali.">',
                 "<title>Buone Pratiche – Banca dati regionale delle buone pratiche del welfare locale</title>"):
        assert text in page, text


def test_staff_edit_the_identity_and_every_reader_sees_it_at_once(admin_client, client, publication):
    identity = Identity.current()
    for url in ("/", "/pratiche/", "/opendata/", "/opendata/catalogo.ttl"):  # cached before the edit
        assert client.get(url).status_code == 200
    assert f'href="{CHANGE}"'.encode() in admin_client.get(reverse("admin:identity_identity_changelist")).content
    operator = [n for n, body in enumerate(identity.publishers.all()) if body.role == "gestore"][0]
    titolare = 1 - operator
    response = admin_client.post(CHANGE, change_form(
        identity,
        name="Osservatorio delle pratiche sociali", short_name="Pratiche Sociali",
        tagline="Archivio delle pratiche sociali dei territori",
        description="Le pratiche sociali raccolte dall'osservatorio.",
        summary="L'osservatorio delle pratiche sociali.", programme="Nell'ambito del programma di prova.",
        **{f"publishers-{operator}-name": "Consorzio di prova", f"publishers-{operator}-email": "info@consorzio.example",
           f"publishers-{operator}-phone": "02 1234567", f"publishers-{operator}-address": "Via Roma 1 – Milano",
           f"publishers-{titolare}-name": "Ente di prova", f"publishers-{titolare}-unit": "",
           f"publishers-{titolare}-ipa_code": "e_prova"},
    ))
    assert response.status_code == 302, response.content.decode()[:3000]

    for url in ("/", "/pratiche/"):
        page = client.get(url).content.decode()
        assert "Archivio delle pratiche sociali dei territori" in page  # header brand
        assert '<a href="mailto:info@consorzio.example">info@consorzio.example</a>' in page  # footer
        assert '<a href="tel:+39021234567">02 1234567</a>' in page
        assert "Ente di prova" in page and "Puglia" not in page.split('id="footer"')[1].split("</footer>")[0]
        assert "welfare@anci.puglia.it" not in page
        assert '<meta name="description" content="L&#x27;osservatorio delle pratiche sociali.">' in page
    home = client.get("/").content.decode()
    assert "Le pratiche sociali raccolte dall&#x27;osservatorio." in home
    assert "della Puglia hanno realizzato" not in home

    opendata = client.get("/opendata/").content.decode()
    assert "Ente di prova" in opendata and "Le pratiche sociali raccolte dall&#x27;osservatorio." in opendata

    data = Graph().parse(data=client.get("/opendata/catalogo.ttl").content.decode(), format="turtle")
    catalogue = next(data.subjects(RDF.type, DCAT.Catalog))
    assert str(data.value(catalogue, DCTERMS.title)) == "Osservatorio delle pratiche sociali"
    publisher = data.value(catalogue, DCTERMS.publisher)
    assert str(data.value(publisher, FOAF.name)) == "Ente di prova"
    assert str(data.value(publisher, DCTERMS.identifier)) == "e_prova"

    mail.outbox.clear()
    response = admin_client.post(reverse("admin:submissions_officer_add"), {
        "username": "referente.nuovo", "first_name": "Lucia", "last_name": "Neri",
        "email": "lucia.neri@example.org", "is_active": "on",
        "body_memberships-TOTAL_FORMS": "1", "body_memberships-INITIAL_FORMS": "0",
        "body_memberships-MIN_NUM_FORMS": "0", "body_memberships-MAX_NUM_FORMS": "1000",
        "body_memberships-0-comune": str(Comune.objects.get(name="Bari").pk),
        "body_memberships-0-role": "Referente",
    })
    assert response.status_code == 302
    (invitation,) = mail.outbox
    assert invitation.from_email == "Pratiche Sociali <noreply@buonepratiche.localhost>"
    assert "Consorzio di prova ha creato il tuo account di referente nella Osservatorio delle pratiche sociali." \
        in invitation.body
    assert invitation.body.rstrip().endswith("Pratiche Sociali – Ente di prova · Consorzio di prova")
    assert "Puglia" not in invitation.body


def test_one_identity_one_publisher_of_the_data(admin_client, db):
    identity = Identity.current()
    page = admin_client.get(CHANGE)
    assert page.status_code == 200 and b"deletelink" not in page.content
    assert admin_client.get(reverse("admin:identity_identity_add")).status_code == 403
    with pytest.raises(IntegrityError):
        Identity.objects.create(pk=2, **{f: getattr(identity, f) for f in ("name", "short_name", "tagline")})


def test_the_admin_asks_for_exactly_one_publisher_of_the_data(admin_client, db):
    identity = Identity.current()
    titolare = [n for n, body in enumerate(identity.publishers.all()) if body.role == "titolare"][0]
    for role in ("gestore", None):
        changes = {f"publishers-{titolare}-role": "gestore"} if role else {
            f"publishers-{1 - titolare}-role": "titolare"}
        response = admin_client.post(CHANGE, change_form(identity, **changes))
        assert response.status_code == 200
        assert "Indicare un solo ente titolare, che pubblica i dati aperti." in response.content.decode()
    assert Identity.current().publisher.ipa_code == "r_puglia"


def test_a_second_publisher_of_the_data_is_refused(db):
    identity = Identity.current()
    with pytest.raises(IntegrityError):
        Publisher.objects.create(identity=identity, role="titolare", name="Altro", kind="RegionalAuthority")


def test_an_emptied_database_gets_todays_identity_back(db):
    Identity.objects.all().delete()
    identity = Identity.current()
    assert identity.publisher.ipa_code == "r_puglia" and identity.operator.email == "welfare@anci.puglia.it"
