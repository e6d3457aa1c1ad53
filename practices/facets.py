"""Facet counts for the catalogue: for each facet, how many results each value would give
with the other filters applied. One grouped query per facet, whatever the data size."""

from dataclasses import dataclass, field

from django.db.models import Count, F
from django.db.models.functions import Coalesce, ExtractYear

from .models import (
    Ambito,
    FundingEntry,
    FundingLevel,
    FundingProgramme,
    PolicyArea,
    Practice,
    Province,
    TargetGroup,
    Tipologia,
)


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str
    label: str
    values: list = field(default_factory=list)
    # Value labels are names from the database, in Italian whatever the interface language.
    verbatim: bool = False

    @property
    def selected(self):
        return [v for v in self.values if v.selected]

    @property
    def has_selection(self):
        return any(v.selected for v in self.values)


def _ids(queryset):
    return Practice.objects.filter(pk__in=queryset.order_by().values("pk"))


def _count_by(queryset, expression):
    rows = _ids(queryset).annotate(_key=expression).values("_key").annotate(n=Count("pk")).order_by()
    return {str(row["_key"]): row["n"] for row in rows if row["_key"] not in (None, "")}


def _count_through(through_queryset, key):
    rows = through_queryset.values(key).annotate(n=Count("practice_id", distinct=True)).order_by()
    return {str(row[key]): row["n"] for row in rows if row[key] is not None}


def _counts(name, queryset):
    pks = queryset.order_by().values("pk")
    if name == "provincia":
        return _count_by(queryset, Coalesce(F("proposing_comune__province__sigla"),
                                            F("proposing_ambito__province__sigla")))
    if name == "tipologia":
        return _count_by(queryset, Coalesce("tipologia__slug", None))
    if name == "area":
        return _count_through(Practice.areas.through.objects.filter(practice_id__in=pks), "policyarea__slug")
    if name == "destinatari":
        return _count_through(Practice.target_groups.through.objects.filter(practice_id__in=pks),
                              "targetgroup__slug")
    if name == "livello":
        return _count_through(FundingEntry.objects.filter(practice_id__in=pks), "programme__level__slug")
    if name == "finanziamento":
        return _count_through(FundingEntry.objects.filter(practice_id__in=pks), "programme__slug")
    if name == "anno":
        return _count_by(queryset, ExtractYear("call__opens_at"))
    if name == "stato":
        return _count_by(queryset, Coalesce("status", None))
    if name == "poverta_educativa":
        counts = _count_by(queryset, Coalesce("educational_poverty", None))
        return {"si": counts.get("True", 0), "no": counts.get("False", 0)}
    if name == "ambito":
        direct = _count_by(queryset, Coalesce("proposing_ambito__slug", None))
        via_members = _count_through_members(pks)
        return {slug: direct.get(slug, 0) + via_members.get(slug, 0) for slug in {*direct, *via_members}}
    raise ValueError(name)


def _count_through_members(pks):
    rows = (
        Ambito.members.through.objects.filter(comune__proposed_practices__in=pks)
        .values("ambito__slug").annotate(n=Count("comune__proposed_practices", distinct=True)).order_by()
    )
    return {row["ambito__slug"]: row["n"] for row in rows}


# Where a facet's labels come from; each model's default ordering is the facet's order.
LABEL_MODELS = {
    "provincia": (Province, "sigla"),
    "tipologia": (Tipologia, "slug"),
    "area": (PolicyArea, "slug"),
    "destinatari": (TargetGroup, "slug"),
    "livello": (FundingLevel, "slug"),
    "finanziamento": (FundingProgramme, "slug"),
    "ambito": (Ambito, "slug"),
}


def _selected_values(filterset, name):
    value = filterset.form.cleaned_data.get(name)
    if not value:
        return set()
    return {value} if isinstance(value, str) else set(value)


def build_facets(filterset, names):
    """Facets for `names`, each counted over the result of every other active filter."""
    static_labels = {
        "stato": dict(Practice.Status.choices),
        "poverta_educativa": dict(filterset.filters["poverta_educativa"].extra["choices"]),
    }
    facets = []
    for name in names:
        selected = _selected_values(filterset, name)
        counts = _counts(name, filterset.queryset_without(name))
        keys = set(counts) | selected
        if name in LABEL_MODELS:
            model, key_field = LABEL_MODELS[name]
            labels = dict(model.objects.filter(**{f"{key_field}__in": keys}).values_list(key_field, "name"))
        elif name == "anno":
            labels = {key: key for key in sorted(keys, reverse=True)}
        else:
            labels = {key: label for key, label in static_labels[name].items() if key in keys}
        facets.append(Facet(
            name=name,
            label=filterset.filters[name].label,
            # Translated labels stay lazy: a facet computed (and cached) in one language shows in another.
            values=[FacetValue(key, label, counts.get(key, 0), key in selected) for key, label in labels.items()],
            verbatim=name in LABEL_MODELS and name != "provincia",  # provinces: place names
        ))
    return facets
