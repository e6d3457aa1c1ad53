"""Practices published without a date before the rule existed get one from the migration that
adds the database constraint: the time they were last changed."""

from datetime import UTC, datetime

import pytest

BEFORE = [("practices", "0012_bodies_from_proposers")]


# serialized_rollback: as calls/tests/test_migrations.py, for the serialized tests that follow.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_published_practices_without_a_date_get_the_time_of_their_last_change(migrate):
    old = migrate(BEFORE)
    try:
        Region, Province, Comune = (old.get_model("practices", m) for m in ("Region", "Province", "Comune"))
        bari = Comune.objects.create(istat_code="072006", name="Bari", province=Province.objects.create(
            istat_code="072", sigla="BA", name="Bari", region=Region.objects.create(istat_code="16", name="Puglia")))
        Practice = old.get_model("practices", "Practice")
        dated = datetime(2024, 3, 1, 10, tzinfo=UTC)
        for slug, published, published_at in [("senza-data", True, None), ("con-data", True, dated),
                                              ("bozza", False, None)]:
            Practice.objects.create(slug=slug, title=slug, proposing_comune=bari, is_published=published,
                                    published_at=published_at)
        changed = datetime(2025, 5, 6, 7, 8, 9, tzinfo=UTC)
        Practice.objects.filter(slug="senza-data").update(updated_at=changed)

        new = migrate()

        dates = dict(new.get_model("practices", "Practice").objects.values_list("slug", "published_at"))
        assert dates == {"senza-data": changed, "con-data": dated, "bozza": None}
    finally:
        migrate()
