import pytest
from django.core.management import call_command


@pytest.fixture
def reference_data(db):
    """Puglia's comuni and the taxonomies, as `make run` loads them."""
    call_command("load_comuni", verbosity=0)
    call_command("load_taxonomies", verbosity=0)


@pytest.fixture
def publication(reference_data):
    """The 21 practices of the March 2024 publication."""
    call_command("load_publication", verbosity=0)


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("staff", "staff@example.org", "password-molto-lunga")
    client.force_login(user)
    return client
