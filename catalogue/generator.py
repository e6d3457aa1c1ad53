"""Synthetic practices for load tests: realistic text, real places, marked as synthetic.

Card sections are assembled from the sentences of the real published practices, so search
behaves as on real data; leads are the bodies of real comuni and Ambiti and, now and then, the
other bodies already recorded (cooperatives, a Provincia…), which also take part in practices in
their roles; everything is created with
bulk inserts. Practice i of seed S is always the same whatever the batch size, so a run can
be repeated or resumed and gives the same database.
"""

import random
import re
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from funding.models import Agreement, AgreementAmount, PracticeFunding, Programme
from practices.models import (
    CARD_SECTION_FIELDS,
    Ambito,
    Body,
    Comune,
    InvolvementRole,
    PolicyArea,
    Practice,
    PracticeParticipant,
    Province,
    TargetGroup,
    Tipologia,
)

from . import catalogue_cache

SENTENCE_END = re.compile(r"(?<=[.;!?])\s+")
SLUG_PREFIX = "sintetica"


class GeneratorError(Exception):
    pass


def _sentences():
    pool = {name: [] for name in CARD_SECTION_FIELDS}
    titles = []
    for practice in Practice.objects.real().only("title", *CARD_SECTION_FIELDS):
        titles.append(practice.title)
        for name in CARD_SECTION_FIELDS:
            pool[name].extend(s.strip() for s in SENTENCE_END.split(getattr(practice, name)) if len(s.strip()) > 20)
    everything = [s for sentences in pool.values() for s in sentences]
    if not everything:
        raise GeneratorError("Servono le pratiche reali da cui prendere le frasi: eseguire prima load_publication.")
    for name in CARD_SECTION_FIELDS:
        pool[name] = pool[name] or everything
    return pool, titles


class _Context:
    """Everything the generator draws from, read once."""

    def __init__(self):
        self.sections, self.titles = _sentences()
        self.provinces = dict(Province.objects.values_list("pk", "name"))
        self.comuni = list(Comune.objects.values_list("pk", "name", "province_id"))
        first_ambito = {}
        for ambito_id, comune_id in Ambito.members.through.objects.values_list("ambito_id", "comune_id"):
            first_ambito.setdefault(comune_id, ambito_id)
        self.comune_ambito = first_ambito
        self.ambiti = {pk: (name, full_name, province_id) for pk, name, full_name, province_id in
                       Ambito.objects.values_list("pk", "name", "full_name", "province_id")}
        self.ambito_ids = sorted(self.ambiti)
        self.tipologie = list(Tipologia.objects.values_list("pk", flat=True))
        self.areas = list(PolicyArea.objects.values_list("pk", flat=True))
        self.targets = list(TargetGroup.objects.values_list("pk", flat=True))
        self.programmes = list(Programme.objects.values_list("pk", flat=True))
        self.comune_bodies = dict(Body.objects.filter(kind=Body.Kind.COMUNE).values_list("comune_id", "pk"))
        self.ambito_bodies = {ambito.pk: Body.objects.for_ambito(ambito).pk for ambito in Ambito.objects.all()}
        self.other_bodies = list(Body.objects.exclude(kind__in=[Body.Kind.COMUNE, Body.Kind.AMBITO]).order_by(
            "pk").values_list("pk", "name", "province_id"))
        self.body_names = {pk: name for pk, name, _province in self.other_bodies}
        self.roles = list(InvolvementRole.objects.values_list("pk", flat=True))
        if not self.comuni or not self.tipologie:
            raise GeneratorError("Mancano i dati di riferimento: eseguire prima bootstrap.")


def _card(rng, ctx, index, seed):
    practice = Practice(slug=f"{SLUG_PREFIX}-s{seed}-{index:06d}", is_synthetic=True, is_published=True)
    practice.title = f"{rng.choice(ctx.titles)} ({index + 1})"
    for name in CARD_SECTION_FIELDS:
        optional = name in ("expected_results", "resources")
        if optional and rng.random() < 0.5:
            setattr(practice, name, "")
            continue
        count = rng.randint(1, 4)
        chosen = rng.sample(ctx.sections[name], min(count, len(ctx.sections[name])))
        text = " ".join(chosen) if rng.random() < 0.7 else "\n".join(f"- {s}" for s in chosen)
        setattr(practice, name, text)
    places = []
    if ctx.ambito_ids and rng.random() < 0.3:
        ambito_id = rng.choice(ctx.ambito_ids)
        name, full_name, province_id = ctx.ambiti[ambito_id]
        practice.lead_id = ctx.ambito_bodies[ambito_id]
        places = [name, full_name, ctx.provinces.get(province_id, "")]
    elif ctx.other_bodies and rng.random() < 0.1:
        practice.lead_id, name, province_id = rng.choice(ctx.other_bodies)
        places = [name, ctx.provinces.get(province_id, "")]
    else:
        comune_id, name, province_id = rng.choice(ctx.comuni)
        practice.lead_id = ctx.comune_bodies.get(comune_id)
        practice.lead_comune_id = comune_id  # generate() creates the Comune's body if it has none yet
        places = [f"Comune di {name}"]
        ambito_id = ctx.comune_ambito.get(comune_id)
        if ambito_id:
            places += [ctx.ambiti[ambito_id][0], ctx.ambiti[ambito_id][1]]
        places.append(ctx.provinces.get(province_id, ""))
    practice.place_names = ", ".join(p for p in places if p)
    practice.tipologia_id = rng.choice(ctx.tipologie)
    practice.educational_poverty = rng.random() < 0.15
    practice.start_year = rng.randint(2012, 2025)
    if rng.random() < 0.5:
        practice.end_year = min(2026, practice.start_year + rng.randint(0, 4))
        practice.status = Practice.Status.CONCLUDED
    else:
        practice.status = Practice.Status.ONGOING
    practice.people_reached = rng.randint(10, 5000)
    practice.total_budget = Decimal(rng.randint(5_000, 2_000_000))
    published = datetime(2024, 3, 1, tzinfo=timezone.get_current_timezone()) + timedelta(
        days=rng.randint(0, 900), seconds=rng.randint(0, 86_399))
    practice.published_at = published
    return practice


def _name_participants(ctx, practice, participants):
    """Store the search fields as a real practice does (Practice.compute_place_names): the
    participants' names after the lead's places, so a search for a body finds its practices."""
    names = [practice.place_names, *(ctx.body_names[link.body_id] for link in participants)]
    practice.place_names = ", ".join(dict.fromkeys(name for name in names if name))
    practice.search_text = practice.compute_search_text()


def _relations(rng, ctx, practice):
    areas = rng.sample(ctx.areas, min(len(ctx.areas), rng.randint(1, 3))) if ctx.areas else []
    targets = rng.sample(ctx.targets, min(len(ctx.targets), rng.randint(1, 3))) if ctx.targets else []
    # Grants as the funding lines of a card make them (funding/lines.py): one per line, its
    # amount assigned in the practice's first year. Written in bulk by generate().
    funding = [
        (Agreement(kind=Agreement.Kind.GRANT, programme_id=rng.choice(ctx.programmes)),
         AgreementAmount(year=practice.start_year, amount=Decimal(rng.randint(1_000, 500_000))),
         PracticeFunding(practice=practice, position=n))
        for n in range(rng.randint(0, 3) if ctx.programmes else 0)
    ]
    others = [pk for pk, _name, _province in ctx.other_bodies if pk != practice.lead_id]
    participants = [
        PracticeParticipant(practice=practice, body_id=body, position=n,
                            role_id=rng.choice(ctx.roles) if ctx.roles else None)
        for n, body in enumerate(rng.sample(others, min(len(others), rng.randint(0, 3))))
    ]
    return areas, targets, funding, participants


def _lead_comuni(ctx, practices):
    """Give the drawn Comuni that have no body yet theirs, in one insert (Body.objects.for_comune
    one by one cost a query each), and point the practices at them."""
    missing = {p.lead_comune_id for p in practices if p.lead_id is None}
    if missing:
        comuni = Comune.objects.filter(pk__in=missing).select_related("province")
        Body.objects.bulk_create(
            Body(kind=Body.Kind.COMUNE, comune=c, name=c.name, slug=f"comune-{c.istat_code}", province=c.province,
                 region_id=c.province.region_id) for c in comuni)
        ctx.comune_bodies.update(Body.objects.filter(kind=Body.Kind.COMUNE, comune__in=missing).values_list(
            "comune_id", "pk"))
    for practice in practices:
        if practice.lead_id is None:
            practice.lead_id = ctx.comune_bodies[practice.lead_comune_id]


def generate(count, seed=1, batch_size=2000, progress=None):
    """Make sure practices 0..count-1 of this seed exist; returns how many were created."""
    ctx = _Context()
    prefix = f"{SLUG_PREFIX}-s{seed}-"
    existing = set(Practice.objects.filter(slug__startswith=prefix).values_list("slug", flat=True))
    areas_through = Practice.areas.through
    targets_through = Practice.target_groups.through
    created = 0
    for start in range(0, count, batch_size):
        rows = []
        for index in range(start, min(count, start + batch_size)):
            if f"{prefix}{index:06d}" in existing:
                continue
            rng = random.Random(f"{seed}-{index}")
            practice = _card(rng, ctx, index, seed)
            # Drawn before the insert: the participants' names go into the stored search text.
            relations = _relations(rng, ctx, practice)
            _name_participants(ctx, practice, relations[3])
            rows.append((practice, relations))
        if not rows:
            continue
        with transaction.atomic():
            _lead_comuni(ctx, [p for p, _drawn in rows])
            Practice.objects.bulk_create([p for p, _drawn in rows])
            area_links, target_links, funding, participants = [], [], [], []
            for practice, (areas, targets, entries, links) in rows:
                area_links += [areas_through(practice_id=practice.pk, policyarea_id=a) for a in areas]
                target_links += [targets_through(practice_id=practice.pk, targetgroup_id=t) for t in targets]
                funding += entries
                participants += links
            areas_through.objects.bulk_create(area_links)
            targets_through.objects.bulk_create(target_links)
            Agreement.objects.bulk_create([agreement for agreement, _amount, _link in funding])
            for agreement, amount, link in funding:
                amount.agreement, link.agreement = agreement, agreement
            AgreementAmount.objects.bulk_create([amount for _agreement, amount, _link in funding])
            PracticeFunding.objects.bulk_create([link for _agreement, _amount, link in funding])
            PracticeParticipant.objects.bulk_create(participants)
        created += len(rows)
        if progress:
            progress(created)
    # Bulk inserts send no signals.
    catalogue_cache.invalidate()
    return created


def remove_all():
    """Delete every synthetic practice and what hangs off it; real practices are untouched."""
    synthetic = Practice.objects.filter(is_synthetic=True)
    with transaction.atomic():
        # Their grants were made for them alone (generate()): they go with them.
        agreements = list(PracticeFunding.objects.filter(practice__in=synthetic.values("pk"))
                          .values_list("agreement_id", flat=True))
        for model in (PracticeFunding, PracticeParticipant):
            model.objects.filter(practice__in=synthetic.values("pk"))._raw_delete(model.objects.db)
        for start in range(0, len(agreements), 1000):
            chunk = agreements[start:start + 1000]
            AgreementAmount.objects.filter(agreement__in=chunk)._raw_delete(AgreementAmount.objects.db)
            Agreement.objects.filter(pk__in=chunk)._raw_delete(Agreement.objects.db)
        for through in (Practice.areas.through, Practice.target_groups.through, Practice.covered_regions.through,
                        Practice.covered_provinces.through, Practice.covered_comuni.through):
            through.objects.filter(practice__in=synthetic.values("pk"))._raw_delete(through.objects.db)
        count = synthetic.count()
        synthetic._raw_delete(synthetic.db)
    catalogue_cache.invalidate()
    return count
