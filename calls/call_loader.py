"""Calls from fixtures/calls/calls.json: the Avviso, who may apply (kinds of body, region,
provinces), candidacy types, attachments, declarations and criteria.

Idempotent: an existing call is left as staff configured it unless `update` is asked for;
its candidacy types, attachments, declarations and criteria are only added when the call has none
yet. A call spec without types gets the file's default ones, as does a call created in the admin.
"""

import json
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction

from practices.models import DocumentKind, Province, Region

from .models import Call, CandidacyType, Declaration, EvaluationCriterion, RequiredAttachment

DEFAULT_PATH = Path(settings.BASE_DIR) / "fixtures" / "calls" / "calls.json"
TYPE_FIELDS = ("name", "max_per_body", "practice_flag")


def _fixtures(path=DEFAULT_PATH):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def default_types():
    """The candidacy types a call gets when nobody lists its own."""
    return _fixtures()["default_candidacy_types"]


def add_types(call, specs):
    """Give a call the candidacy types described by `specs` (slug, name, max_per_body, practice_flag)."""
    CandidacyType.objects.bulk_create(
        CandidacyType(call=call, slug=spec["slug"], position=n, **{f: spec[f] for f in TYPE_FIELDS if f in spec})
        for n, spec in enumerate(specs, start=1))


def _moment(value):
    return datetime.fromisoformat(value) if isinstance(value, str) else value


def sync_call(spec, update=False):
    """Create (or with update=True refresh) one call from its spec; returns (call, created)."""
    values = {
        "title": spec["title"], "act": spec.get("act", ""), "description": spec.get("description", ""),
        "region": Region.objects.get(istat_code=spec["region"]) if spec.get("region") else None,
        "opens_at": _moment(spec["opens_at"]), "closes_at": _moment(spec["closes_at"]),
        "decisions_communicated_at": _moment(spec.get("decisions_communicated_at")),
        # The kinds of body that may apply (Body.Kind values); none listed: any kind.
        "accepted_kinds": spec.get("accepted_kinds", []),
    }
    call = Call.objects.filter(slug=spec["slug"]).first()
    created = call is None
    if created:
        call = Call.objects.create(slug=spec["slug"], **values)
    elif update:
        for field, value in values.items():
            setattr(call, field, value)
        call.save()
    if created or update:
        # Provinces by ISTAT code (the province's first three digits of its comuni's codes).
        call.provinces.set(Province.objects.filter(istat_code__in=spec.get("provinces", [])))
    if not call.candidacy_types.exists():
        add_types(call, spec.get("candidacy_types") or default_types())
    if not call.required_attachments.exists():
        kinds = {k.slug: k for k in DocumentKind.objects.filter(
            slug__in=[a["kind"] for a in spec.get("required_attachments", [])])}
        RequiredAttachment.objects.bulk_create(
            RequiredAttachment(call=call, kind=kinds[a["kind"]], label=a["label"], position=n)
            for n, a in enumerate(spec.get("required_attachments", []), start=1))
    if not call.declarations.exists():
        Declaration.objects.bulk_create(
            Declaration(call=call, text=text, position=n) for n, text in enumerate(spec.get("declarations", []), 1))
    if not call.criteria.exists():
        EvaluationCriterion.objects.bulk_create(
            EvaluationCriterion(call=call, name=c["name"], description=c.get("description", ""),
                                weight=Decimal(c["weight"]), position=n)
            for n, c in enumerate(spec.get("criteria", []), start=1))
    return call, created


@transaction.atomic
def load_calls(path=DEFAULT_PATH, update=False):
    return [sync_call(spec, update=update) for spec in _fixtures(path)["calls"]]


def template_spec(slug="avviso-buone-pratiche-2023"):
    """A call's spec from the fixtures, to base a new call on (the demo call uses it)."""
    return next(spec for spec in _fixtures()["calls"] if spec["slug"] == slug)
