import importlib

import pytest

from practices.tests.conftest import publication, reference_data, staff_client  # noqa: F401 (fixtures)


@pytest.fixture
def initial_synonyms(db):
    """The search's initial synonyms as catalogue/migrations/0002 ships them (a transactional test
    elsewhere in the run may have flushed what the migration wrote)."""
    from django.apps import apps

    importlib.import_module("catalogue.migrations.0002_initial_synonyms").add(apps, None)
