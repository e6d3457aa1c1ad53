"""Old data comes through the move of the call models and candidacy types as data: calls with
their limit columns, candidacies with their `kind`, and the permissions on calls."""

from datetime import datetime, timezone

import pytest

# ("calls", None): the calls app unapplied entirely, as before it existed.
BEFORE = [("calls", None), ("submissions", "0005_shared_card_sections"), ("practices", "0008_published_at_index")]


# serialized_rollback: the teardown must not recreate content types that the next
# serialized test (tests/test_backup.py) restores itself.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_calls_limits_and_kinds_become_candidacy_types(migrate):
    old = migrate(BEFORE)
    try:
        Region, Province, Comune = (old.get_model("practices", m) for m in ("Region", "Province", "Comune"))
        region = Region.objects.create(istat_code="16", name="Puglia")
        bari = Comune.objects.create(istat_code="072006", name="Bari", province=Province.objects.create(
            istat_code="072", sigla="BA", name="Bari", region=region))
        user = old.get_model("auth", "User").objects.create(username="referente")
        Call = old.get_model("submissions", "Call")
        moments = {"opens_at": datetime(2023, 6, 15, tzinfo=timezone.utc),
                   "closes_at": datetime(2023, 7, 31, tzinfo=timezone.utc)}
        open_call = Call.objects.create(slug="aperto", title="Aperto", max_ordinary_per_body=2,
                                        allows_educational_poverty=True, max_educational_poverty_per_body=None,
                                        **moments)
        strict_call = Call.objects.create(slug="rigido", title="Rigido", max_ordinary_per_body=1,
                                          allows_educational_poverty=False, max_educational_poverty_per_body=3,
                                          **moments)
        Candidacy = old.get_model("submissions", "Candidacy")
        ordinary = Candidacy.objects.create(call=open_call, kind="ordinaria", proposing_comune=bari, created_by=user)
        project = Candidacy.objects.create(call=open_call, kind="poverta_educativa", proposing_comune=bari,
                                           created_by=user)
        other = Candidacy.objects.create(call=strict_call, kind="ordinaria", proposing_comune=bari, created_by=user)
        ContentType = old.get_model("contenttypes", "ContentType")
        ContentType.objects.get_or_create(app_label="submissions", model="call")

        new = migrate()

        CandidacyType = new.get_model("calls", "CandidacyType")
        limits = {(t.call.slug, t.slug): (t.max_per_body, t.practice_flag) for t in CandidacyType.objects.all()}
        assert limits == {
            ("aperto", "ordinaria"): (2, ""), ("aperto", "poverta_educativa"): (None, "educational_poverty"),
            # A call that did not allow the projects keeps the type closed (limit 0), as before.
            ("rigido", "ordinaria"): (1, ""), ("rigido", "poverta_educativa"): (0, "educational_poverty"),
        }
        NewCandidacy = new.get_model("submissions", "Candidacy")
        types = {c.pk: (c.type.call.slug, c.type.slug) for c in NewCandidacy.objects.select_related("type__call")}
        assert types == {ordinary.pk: ("aperto", "ordinaria"), project.pk: ("aperto", "poverta_educativa"),
                         other.pk: ("rigido", "ordinaria")}
        assert new.get_model("calls", "Call").objects.get(slug="aperto").title == "Aperto"
        assert new.get_model("contenttypes", "ContentType").objects.filter(app_label="calls", model="call").exists()
        assert not new.get_model("contenttypes", "ContentType").objects.filter(
            app_label="submissions", model="call").exists()
    finally:
        migrate()
