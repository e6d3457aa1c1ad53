"""Facets of the catalogue: for each facet, how many results each value would give with the
other filters applied. The counts come from the in-memory facet index (facet_index.py)."""

from dataclasses import dataclass, field

from practices.models import (
    Ambito,
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


def build_facets(filterset, selection, names):
    """Facets for `names`, each counted over the result of every other active filter."""
    static_labels = {
        "stato": dict(Practice.Status.choices),
        "poverta_educativa": dict(filterset.filters["poverta_educativa"].extra["choices"]),
    }
    facets = []
    for name in names:
        selected = _selected_values(filterset, name)
        counts = selection.facet_counts(name)
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
