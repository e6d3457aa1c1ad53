import pytest
from django.core.management import call_command

from submissions import workflow

from .factories import comune, draft, make_call, make_user


@pytest.fixture
def taxonomies(db):
    call_command("load_taxonomies", verbosity=0)


@pytest.fixture
def bari(db):
    return comune("072006", "Bari")


@pytest.fixture
def monopoli(db):
    return comune("072030", "Monopoli")


@pytest.fixture
def call(taxonomies):
    return make_call()


@pytest.fixture
def officer(bari):
    return make_user("referente.bari", comune=bari)


@pytest.fixture
def other_officer(monopoli):
    return make_user("referente.monopoli", comune=monopoli)


@pytest.fixture
def reviewer(db):
    return make_user("istruttore.anci", group="Istruttori ANCI")


@pytest.fixture
def region_staff(db):
    return make_user("funzionario.regione", group="Regione Puglia")


@pytest.fixture
def candidacy(call, officer):
    """A complete draft of the Comune di Bari."""
    return draft(call, officer)


@pytest.fixture
def submitted(candidacy, officer):
    """That draft, submitted by its officer."""
    workflow.perform(candidacy, "submit", officer)
    candidacy.refresh_from_db()
    return candidacy


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client
