"""The identity the site had when it was template text (Regione Puglia and ANCI Puglia, March
2024 onwards), word for word: the data migration writes it, and Identity.current() writes it
again on a database emptied without migrating (a test flush), so every page keeps its texts.

Takes the model classes as arguments, so the migration can pass its historical models."""

IDENTITY = {
    "name": "Banca dati regionale delle buone pratiche in ambito sociale",
    "short_name": "Buone Pratiche",
    "tagline": "Banca dati regionale delle buone pratiche del welfare locale",
    "description": (
        "Le esperienze che i Comuni e gli Ambiti Territoriali Sociali della Puglia hanno realizzato nei servizi "
        "sociali, raccolte con avviso pubblico e selezionate da ANCI Puglia per conto della Regione Puglia – "
        "Dipartimento Welfare, perché altri territori possano conoscerle e replicarle."
    ),
    "summary": (
        "La banca dati della Regione Puglia e di ANCI Puglia con le buone pratiche dei Comuni e degli Ambiti "
        "Territoriali Sociali nei servizi sociali."
    ),
    "background": (
        "La banca dati è prevista dal V Piano regionale delle Politiche sociali ed è curata dalla Regione Puglia – "
        "Dipartimento Welfare con ANCI Puglia, nell'ambito del Programma di Assistenza agli Ambiti Territoriali "
        "Sociali."
    ),
    "programme": (
        "Nell'ambito del «Programma di Assistenza agli Ambiti Territoriali Sociali», finanziato dalla Regione "
        "Puglia e attuato da ANCI Puglia."
    ),
    "licence_name": "Creative Commons Attribuzione 4.0 Internazionale (CC BY 4.0)",
    "licence_url": "https://w3id.org/italia/controlled-vocabulary/licences/A21_CCBY40",
    "licence_type": "Attribution",
}
PUBLISHERS = [
    {"name": "Regione Puglia", "unit": "Dipartimento Welfare", "role": "titolare", "kind": "RegionalAuthority",
     "url": "https://www.regione.puglia.it/", "ipa_code": "r_puglia", "email": "buonepratiche@regione.puglia.it"},
    {"name": "ANCI Puglia", "description": "Associazione Nazionale Comuni Italiani, associazione regionale pugliese",
     "role": "gestore", "kind": "NonProfitOrganisation", "url": "https://www.anci.puglia.it/",
     "email": "welfare@anci.puglia.it", "phone": "080 5231218", "address": "Via Marco Partipilo 61 – 70124 Bari"},
]
# ISTAT codes of the regions served: linked when they are loaded (load_comuni) before the seed runs.
REGIONS = ["16"]


def create(Identity, Publisher, Region):
    """The identity row with today's texts, unless it exists; returns it."""
    identity, created = Identity.objects.get_or_create(pk=1, defaults=IDENTITY)
    if created:
        Publisher.objects.bulk_create(
            Publisher(identity=identity, order=order, **publisher) for order, publisher in enumerate(PUBLISHERS))
        identity.regions.set(Region.objects.filter(istat_code__in=REGIONS))
    return identity
