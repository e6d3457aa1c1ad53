"""An officer's personal data, exported and erased on request, without losing the candidacies' history."""

import json

import pytest
from django.core.management import CommandError, call_command

from submissions.models import Candidacy, CandidacyEvent
from submissions.tests.factories import comune, draft, fill, make_call, make_user
from submissions.tests.test_workflow import move

pytestmark = pytest.mark.django_db
EMAIL, PHONE = "maria.rossi@comune.example.it", "+39 080 5550101"


@pytest.fixture
def submitted():
    call_command("load_taxonomies", verbosity=0)
    officer = make_user("maria.rossi", comune=comune(), email=EMAIL)
    candidacy = fill(draft(make_call(), officer))
    candidacy.contact_name, candidacy.contact_email, candidacy.contact_phone = "Maria Rossi", EMAIL, PHONE
    candidacy.save()
    move(candidacy, "submit", officer)
    candidacy.refresh_from_db()
    return officer, candidacy


def test_export_gives_the_account_the_bodies_and_the_candidacies(submitted, tmp_path):
    officer, candidacy = submitted
    target = tmp_path / "dati.json"
    call_command("officer_data", "maria.rossi", "--export", str(target), verbosity=0)
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["account"]["email"] == EMAIL and data["enti"]
    assert data["candidature"][0]["protocollo"] == candidacy.protocol_number
    assert data["candidature"][0]["referente"]["telefono"] == PHONE
    assert data["passaggi_eseguiti"][0]["passaggio"] == "submit"


def test_erase_removes_every_copy_but_keeps_the_candidacy_and_its_history(submitted):
    officer, candidacy = submitted
    events = CandidacyEvent.objects.filter(candidacy=candidacy).count()
    with pytest.raises(CommandError, match="--yes"):
        call_command("officer_data", "maria.rossi", "--erase")
    call_command("officer_data", "maria.rossi", "--erase", "--yes", verbosity=0)

    officer.refresh_from_db()
    assert officer.username == f"utente-cancellato-{officer.pk}" and not officer.email
    assert not officer.is_active and not officer.has_usable_password()
    candidacy.refresh_from_db()
    assert candidacy.protocol_number and candidacy.state == "presentata" and candidacy.contact_email == ""
    assert CandidacyEvent.objects.filter(candidacy=candidacy).count() == events
    for value in (EMAIL, PHONE, "Maria Rossi"):
        assert not Candidacy.objects.filter(contact_email=value).exists()
        assert not Candidacy.history.filter(contact_email=value).exists()
        assert not Candidacy.history.filter(contact_phone=value).exists()
        assert all(value not in json.dumps(e.snapshot) for e in CandidacyEvent.objects.filter(candidacy=candidacy))


def test_unknown_officer_is_a_clear_error():
    with pytest.raises(CommandError, match="Nessun utente"):
        call_command("officer_data", "nessuno", "--export", "-")
