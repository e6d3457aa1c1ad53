"""Loading the ISTAT comuni, the taxonomies and the staff groups."""

import csv
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from practices.models import Comune, PolicyArea, Province, Region, TargetGroup, Tipologia

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_load_comuni_loads_puglia_by_default_and_is_idempotent():
    first = run("load_comuni")
    assert "comuni: 257 creati" in first
    assert Comune.objects.count() == 257
    assert set(Province.objects.values_list("sigla", flat=True)) == {"BA", "BT", "BR", "FG", "LE", "TA"}
    bari = Comune.objects.get(istat_code="072006")
    assert (bari.name, bari.province.sigla, bari.cadastral_code, bari.is_capoluogo) == ("Bari", "BA", "A662", True)
    assert Comune.objects.get(istat_code="075098").name == "Presicce-Acquarica"

    second = run("load_comuni")
    assert "comuni: 0 creati, 0 aggiornati, 257 invariati" in second


def test_load_comuni_updates_a_changed_name_and_keeps_leading_zeros():
    run("load_comuni")
    Comune.objects.filter(istat_code="072006").update(name="Bari vecchia")
    assert "comuni: 0 creati, 1 aggiornati, 256 invariati" in run("load_comuni")
    assert Comune.objects.get(istat_code="072006").name == "Bari"


def test_load_comuni_all_loads_italy():
    run("load_comuni", "--all")
    assert Comune.objects.count() == 7901
    assert Region.objects.count() == 20
    assert Comune.objects.get(istat_code="001001").name == "Agliè"


def test_load_comuni_rejects_a_malformed_file(tmp_path):
    path = tmp_path / "comuni.csv"
    with open("fixtures/comuni_italiani.csv", encoding="utf-8") as source:
        rows = list(csv.reader(source))
    rows[3][0] = "1234"
    with open(path, "w", encoding="utf-8", newline="") as target:
        csv.writer(target).writerows(rows)
    with pytest.raises(CommandError, match="Riga 4: codice ISTAT «1234» non valido"):
        call_command("load_comuni", "--all", "--file", str(path))
    assert Comune.objects.count() == 0


def test_taxonomies_are_created_once_and_never_overwritten():
    assert "62 voci create" in run("load_taxonomies")
    assert Tipologia.objects.count() == 5
    area = PolicyArea.objects.get(slug="anziani-non-autosufficienza")
    area.name = "Anziani (nome scelto dalla Regione)"
    area.save()
    assert "0 voci create, 62 già presenti" in run("load_taxonomies")
    area.refresh_from_db()
    assert area.name == "Anziani (nome scelto dalla Regione)"


def test_staff_groups_exist_with_their_permissions():
    reviewers = Group.objects.get(name="Istruttori ANCI")
    region = Group.objects.get(name="Regione Puglia")
    reviewer_perms = set(reviewers.permissions.values_list("codename", flat=True))
    region_perms = set(region.permissions.values_list("codename", flat=True))
    assert {"view_practice", "change_practice", "add_practice"} <= reviewer_perms
    assert "delete_practice" not in reviewer_perms
    assert "change_tipologia" not in reviewer_perms
    assert {"change_tipologia", "add_policyarea", "add_call", "change_ambito"} <= region_perms
    assert "change_comune" not in region_perms


def test_kinds_of_organisation_are_kinds_of_body_not_a_taxonomy(admin_client):
    """A body's kind is Body.Kind: the old taxonomy of organisation kinds is neither loaded nor
    offered in the back office."""
    run("load_taxonomies")
    index = admin_client.get("/admin/practices/").content.decode()
    assert "tipi di organizzazione" not in index.lower()
    assert admin_client.get("/admin/practices/organisationkind/").status_code == 404


def test_a_deployment_loaded_before_a_new_entry_gets_it_at_the_next_setup():
    """`bootstrap` (make run, deployments) runs load_taxonomies: a term added to the fixture, such as
    the destinatari «Migranti e cittadini di Paesi terzi», reaches a database loaded before it."""
    run("load_taxonomies")
    TargetGroup.objects.filter(slug="migranti-paesi-terzi").delete()
    assert "1 voci create, 61 già presenti" in run("load_taxonomies")
    assert TargetGroup.objects.get(slug="migranti-paesi-terzi").name == "Migranti e cittadini di Paesi terzi"
