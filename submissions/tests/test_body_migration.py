"""Old data comes through the move to bodies: memberships of a Comune or an Ambito become
memberships of their bodies, partner Comuni become partner bodies, a typed organisation's kind
becomes a kind of body, and a call's two booleans become its kinds of body."""

from datetime import datetime, timezone

import pytest

BEFORE = [("submissions", "0008_candidacy_lead"), ("calls", "0002_candidacy_types")]


# serialized_rollback: as calls/tests/test_migrations.py, for the tests that restore a backup.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_memberships_partners_organisations_and_calls_move_to_bodies(migrate):
    old = migrate(BEFORE)
    try:
        model = old.get_model
        region = model("practices", "Region").objects.create(istat_code="16", name="Puglia")
        province = model("practices", "Province").objects.create(istat_code="072", sigla="BA", name="Bari",
                                                                region=region)
        Comune = model("practices", "Comune")
        bari = Comune.objects.create(istat_code="072006", name="Bari", province=province)
        modugno = Comune.objects.create(istat_code="072027", name="Modugno", province=province)
        ambito = model("practices", "Ambito").objects.create(name="Ambito di Bari", slug="ambito-di-bari",
                                                             capofila=bari, province=province)
        user = model("auth", "User").objects.create(username="referente")
        Membership = model("submissions", "BodyMembership")
        Membership.objects.create(user=user, comune=bari, role="Responsabile")
        Membership.objects.create(user=user, ambito=ambito)
        moments = {"opens_at": datetime(2023, 6, 15, tzinfo=timezone.utc),
                   "closes_at": datetime(2023, 7, 31, tzinfo=timezone.utc)}
        Call = model("calls", "Call")
        both = Call.objects.create(slug="entrambi", title="Entrambi", **moments)
        only_comuni = Call.objects.create(slug="comuni", title="Solo Comuni", accepts_ambiti=False, **moments)
        kind = model("calls", "CandidacyType").objects.create(call=both, name="Buona pratica", slug="ordinaria")
        candidacy = model("submissions", "Candidacy").objects.create(
            call=both, type=kind, proposing_ambito=ambito, created_by=user)
        candidacy.partner_comuni.add(modugno)
        cooperative = model("practices", "OrganisationKind").objects.create(name="Cooperativa sociale",
                                                                            slug="cooperativa-sociale")
        model("submissions", "CandidacyOrganisation").objects.create(candidacy=candidacy, name="Il Ponte",
                                                                    kind=cooperative)

        new = migrate()

        Body = new.get_model("practices", "Body")
        memberships = new.get_model("submissions", "BodyMembership").objects.order_by("pk")
        assert [(m.body.kind, m.body.name, m.role) for m in memberships] == [
            ("comune", "Bari", "Responsabile"), ("ambito", "Ambito di Bari", "")]
        migrated = new.get_model("submissions", "Candidacy").objects.get(pk=candidacy.pk)
        assert migrated.lead == Body.objects.get(ambito_id=ambito.pk)
        (partner,) = migrated.partners.all()
        assert (partner.body.comune_id, partner.body.kind, partner.role.slug) == (modugno.pk, "comune", "partner")
        assert [(o.name, o.kind) for o in migrated.organisations.all()] == [("Il Ponte", "terzo_settore")]
        NewCall = new.get_model("calls", "Call")
        assert NewCall.objects.get(pk=both.pk).accepted_kinds == ["comune", "ambito"]
        assert NewCall.objects.get(pk=only_comuni.pk).accepted_kinds == ["comune"]
    finally:
        migrate()
