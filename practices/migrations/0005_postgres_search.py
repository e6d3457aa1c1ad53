"""PostgreSQL full-text search: an Italian configuration that ignores accents, and a GIN index.

Does nothing on SQLite, so one set of migrations serves both databases. The index is
built from practices.search_document.search_vector(), the expression the queries use.
"""

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

from practices.search_document import SEARCH_CONFIG, search_vector

INDEX_NAME = "practice_search_idx"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    schema_editor.execute(
        f"""
        DO $$ BEGIN
          IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{SEARCH_CONFIG}') THEN
            CREATE TEXT SEARCH CONFIGURATION {SEARCH_CONFIG} (COPY = pg_catalog.italian);
            ALTER TEXT SEARCH CONFIGURATION {SEARCH_CONFIG}
              ALTER MAPPING FOR hword, hword_part, word WITH unaccent, italian_stem;
          END IF;
        END $$;
        """
    )
    Practice = apps.get_model("practices", "Practice")
    schema_editor.add_index(Practice, GinIndex(search_vector(), name=INDEX_NAME))


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")
    schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {SEARCH_CONFIG}")


class Migration(migrations.Migration):
    dependencies = [("practices", "0004_search_fields")]
    operations = [migrations.RunPython(forwards, backwards)]
