"""The initial synonyms of the search (issue 18's examples and the common English terms); staff
keep them at /admin/catalogue/searchsynonym/. Never overwrites a term staff already have."""

from django.db import migrations

SYNONYMS = [
    ("ludopatia", "gioco d'azzardo, azzardopatia, gioco d'azzardo patologico"),
    ("disabili", "disabilità, disabile"),
    ("cohousing", "co-housing"),
    ("anziani", "terza età, anziano, anziane, anziana"),
    ("senza dimora", "senza fissa dimora, senzatetto"),
    ("migranti", "immigrati, migrante"),
    ("minori", "minore, minorenni"),
]
TRANSLATIONS = [
    ("elderly", "anziani"),
    ("older people", "anziani"),
    ("disability", "disabilità"),
    ("disabilities", "disabilità"),
    ("disabled", "disabili"),
    ("migrants", "migranti"),
    ("immigrants", "immigrati"),
    ("refugees", "rifugiati, richiedenti asilo"),
    ("homeless", "senza dimora"),
    ("homelessness", "senza dimora"),
    ("poverty", "povertà"),
    ("children", "minori, bambini"),
    ("minors", "minori"),
    ("youth", "giovani"),
    ("young people", "giovani"),
    ("families", "famiglie"),
    ("women", "donne"),
    ("gambling", "gioco d'azzardo, ludopatia"),
    ("violence", "violenza"),
    ("addiction", "dipendenze"),
    ("autism", "autismo"),
    ("volunteering", "volontariato"),
    ("social inclusion", "inclusione sociale"),
]


def add(apps, schema_editor):
    SearchSynonym = apps.get_model("catalogue", "SearchSynonym")
    for kind, rows in (("sinonimi", SYNONYMS), ("traduzione", TRANSLATIONS)):
        for term, alternatives in rows:
            SearchSynonym.objects.get_or_create(term=term, defaults={"alternatives": alternatives, "kind": kind})


def remove(apps, schema_editor):
    SearchSynonym = apps.get_model("catalogue", "SearchSynonym")
    SearchSynonym.objects.filter(term__in=[term for term, _alternatives in SYNONYMS + TRANSLATIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]
    operations = [migrations.RunPython(add, remove)]
