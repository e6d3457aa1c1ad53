"""The search's synonyms (catalogue.SearchSynonym), and hyphenated words stored also written whole
("co-housing" as "cohousing", buonepratiche.text.joined_compounds): in every practice's
search_text (the SQLite search) and, on PostgreSQL, in the vector the trigger of
practices/migrations/0007 keeps, rebuilt here with them (practices/search_document.py)."""

from django.db import migrations, models

from buonepratiche.text import joined_compounds, normalise
from practices.search_document import WEIGHTED_FIELDS, trigger_expression

FUNCTION = "practices_practice_search_document"  # the trigger function of practices' 0007
# Written out: the text Practice.compute_search_text folds, as it was when this migration was written.
TEXT_FIELDS = ("title", "summary", "place_names", "intervention_area", "recipients", "aims", "implementation",
               "expected_results", "achieved_results", "resources", "stakeholders", "improvements")


def _rebuild(apps, schema_editor, compounds):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"""
            CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              NEW.search_document := {trigger_expression("NEW", WEIGHTED_FIELDS, compounds=compounds)};
              RETURN NEW;
            END $$;
        """)
        schema_editor.execute("UPDATE practices_practice SET search_document = NULL")
    Practice = apps.get_model("practices", "Practice")
    changed = []
    for practice in Practice.objects.only("pk", "search_text", *TEXT_FIELDS).iterator(chunk_size=1000):
        text = " ".join(getattr(practice, name) for name in TEXT_FIELDS)
        search_text = " ".join(filter(None, [normalise(text), joined_compounds(text) if compounds else ""]))
        if search_text != practice.search_text:
            practice.search_text = search_text
            changed.append(practice)
    Practice.objects.bulk_update(changed, ["search_text"], batch_size=1000)


def with_compounds(apps, schema_editor):
    _rebuild(apps, schema_editor, compounds=True)


def without_compounds(apps, schema_editor):
    _rebuild(apps, schema_editor, compounds=False)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("practices", "0018_practice_lead_participants_coverage"),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchSynonym',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('term', models.CharField(max_length=100, unique=True, verbose_name='termine')),
                ('alternatives', models.TextField(help_text="Parole o espressioni separate da virgole, ad esempio: gioco d'azzardo, azzardopatia.", verbose_name='trova anche')),
                ('kind', models.CharField(choices=[('sinonimi', 'Sinonimi: ogni parola trova anche le altre'), ('traduzione', "Traduzione dall'inglese: il termine trova le parole italiane")], default='sinonimi', max_length=20, verbose_name='tipo')),
            ],
            options={
                'verbose_name': 'sinonimo di ricerca',
                'verbose_name_plural': 'sinonimi di ricerca',
                'ordering': ['term'],
                'constraints': [models.CheckConstraint(condition=models.Q(('term', ''), _negated=True), name='search_synonym_has_term', violation_error_message='Indicare il termine.'), models.CheckConstraint(condition=models.Q(('alternatives', ''), _negated=True), name='search_synonym_has_alternatives', violation_error_message='Indicare almeno una parola da cercare anche.'), models.CheckConstraint(condition=models.Q(('kind__in', ['sinonimi', 'traduzione'])), name='search_synonym_kind', violation_error_message='Tipo di sinonimo sconosciuto.')],
            },
        ),
        migrations.RunPython(with_compounds, without_compounds),
    ]
