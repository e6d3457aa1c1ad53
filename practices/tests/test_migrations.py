"""Old data comes through the move to bodies: a practice stored with the old proposer fields,
partner Comuni and organisations, and none of the bodies 0012 would have made for it (it was
created after 0012 by code that did not know them), gets its lead and participants; an
organisation called "Comune di X" beside the Comune X is that Comune, one called "Provincia di X"
the Provincia; the participants' names become searchable."""

import pytest

BEFORE = [("practices", "0012_bodies_from_proposers")]


# serialized_rollback: as calls/tests/test_migrations.py, the teardown must not recreate content
# types that another serialized test restores itself.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_proposers_partners_and_organisations_become_lead_and_participants(migrate):
    old = migrate(BEFORE)
    model = lambda name: old.get_model("practices", name)  # noqa: E731
    region = model("Region").objects.create(istat_code="16", name="Puglia")
    foggia_province = model("Province").objects.create(istat_code="071", sigla="FG", name="Foggia", region=region)
    model("Province").objects.create(istat_code="074", sigla="BR", name="Brindisi", region=region)
    cerignola = model("Comune").objects.create(istat_code="071020", name="Cerignola", province=foggia_province)
    foggia = model("Comune").objects.create(istat_code="071024", name="Foggia", province=foggia_province)
    partner = model("InvolvementRole").objects.create(slug="partner", name="Partner")
    practice = model("Practice").objects.create(title="La Strada", slug="la-strada", proposing_comune=cerignola,
                                                place_names="Comune di Cerignola, Foggia")
    practice.partner_comuni.add(foggia)
    for position, name in enumerate(["Comune di Foggia", "Provincia di Brindisi", "Altereco"]):
        organisation = model("Organisation").objects.create(name=name)
        model("PracticeOrganisation").objects.create(practice=practice, organisation=organisation, role=partner,
                                                     position=position)

    new = migrate()
    Body = new.get_model("practices", "Body")
    practice = new.get_model("practices", "Practice").objects.get(slug="la-strada")
    assert (practice.lead.kind, practice.lead.comune_id) == ("comune", cerignola.pk)
    assert [(p.body.name, p.body.kind) for p in practice.participants.order_by("position", "id")] == [
        ("Foggia", "comune"), ("Provincia di Brindisi", "provincia"), ("Altereco", "altro")]
    assert not Body.objects.filter(name="Comune di Foggia").exists()
    assert Body.objects.get(name="Provincia di Brindisi").province.sigla == "BR"
    assert practice.place_names.endswith("Comune di Foggia, Provincia di Brindisi, Altereco")
    assert "altereco" in practice.search_text
