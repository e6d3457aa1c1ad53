"""The practices' funding lines come into the chain (funding 0002): programmes keep their ids
(candidacies' lines still point at them), each line becomes a grant to the practice's lead with
only what it stated."""

from datetime import datetime, timezone
from decimal import Decimal

import pytest

BEFORE = [("funding", None), ("practices", "0012_bodies_from_proposers"), ("submissions", "0008_candidacy_lead")]


# serialized_rollback: as calls/tests/test_migrations.py, for the tests that restore content types.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_funding_lines_become_grants_of_their_programmes(migrate):
    old = migrate(BEFORE)
    try:
        Region, Province, Comune = (old.get_model("practices", m) for m in ("Region", "Province", "Comune"))
        bari = Comune.objects.create(istat_code="072006", name="Bari", province=Province.objects.create(
            istat_code="072", sigla="BA", name="Bari", region=Region.objects.create(istat_code="16", name="Puglia")))
        lead = old.get_model("practices", "Body").objects.create(kind="comune", comune=bari, name="Bari",
                                                                 slug="comune-072006")
        level = old.get_model("practices", "FundingLevel").objects.create(name="Regionale", slug="regionale")
        OldProgramme = old.get_model("practices", "FundingProgramme")
        OldProgramme.objects.create(name="Da saltare", slug="da-saltare", level=level)  # ids differ from 1
        por = OldProgramme.objects.create(name="POR Puglia", slug="por-puglia", level=level, reference="Az. 9.6")
        practice = old.get_model("practices", "Practice").objects.create(
            title="Pratica", slug="pratica", proposing_comune=bari, lead=lead)
        Entry = old.get_model("practices", "FundingEntry")
        Entry.objects.create(practice=practice, programme=por, amount=Decimal("275338.66"), year=2022, note="quota")
        Entry.objects.create(practice=practice, programme=por, amount=Decimal("1000"), year=None)
        call = old.get_model("calls", "Call").objects.create(
            slug="avviso", title="Avviso", opens_at=datetime(2023, 6, 15, tzinfo=timezone.utc),
            closes_at=datetime(2023, 7, 31, tzinfo=timezone.utc))
        ctype = old.get_model("calls", "CandidacyType").objects.create(call=call, name="Ordinaria", slug="ordinaria")
        candidacy = old.get_model("submissions", "Candidacy").objects.create(
            call=call, type=ctype, proposing_comune=bari,
            created_by=old.get_model("auth", "User").objects.create(username="referente"))
        old.get_model("submissions", "CandidacyFunding").objects.create(candidacy=candidacy, programme=por)

        new = migrate()

        Programme = new.get_model("funding", "Programme")
        programme = Programme.objects.get(pk=por.pk)
        assert (programme.slug, programme.name, programme.level_id, programme.description) == (
            "por-puglia", "POR Puglia", level.pk, "Az. 9.6")
        assert Programme.objects.create(name="Nuovo", slug="nuovo", level_id=level.pk).pk > por.pk
        assert new.get_model("submissions", "CandidacyFunding").objects.get().programme_id == por.pk
        links = new.get_model("funding", "PracticeFunding").objects.filter(practice_id=practice.pk).order_by(
            "position")
        assert [(link.agreement.kind, link.agreement.programme_id, link.agreement.beneficiary_id, link.agreement.code,
                 link.amount, link.note) for link in links] == [
            ("contributo", por.pk, lead.pk, "", None, "quota"),
            ("contributo", por.pk, lead.pk, "", Decimal("1000.00"), ""),
        ]
        dated = links.get(note="quota").agreement
        assert [(a.year, a.stage, a.amount) for a in dated.amounts.all()] == [
            (2022, "assegnato", Decimal("275338.66"))]
    finally:
        migrate()
