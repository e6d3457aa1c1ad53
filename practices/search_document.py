"""What a practice stores for full-text search on PostgreSQL: the weighted vector kept in
`search_document` by a trigger and the GIN index over it (migrations 0005 and 0007; the
trigger is rebuilt by a migration whenever these weights change, e.g. 0011 for the summary).

It lives with the model because the migrations build the trigger and the index from it; the
queries that read it are the catalogue's (catalogue/search.py).
"""

from django.contrib.postgres.search import SearchVector

# An Italian configuration that also ignores accents, created by migration 0005.
SEARCH_CONFIG = "bp_italian"
WEIGHTED_FIELDS = (
    ("A", ("title", "summary")),
    ("B", ("intervention_area", "aims", "place_names")),
    ("C", ("recipients", "implementation", "expected_results", "achieved_results", "resources",
           "stakeholders", "improvements")),
)


def search_vector():
    vector = None
    for weight, fields in WEIGHTED_FIELDS:
        part = SearchVector(*fields, weight=weight, config=SEARCH_CONFIG)
        vector = part if vector is None else vector + part
    return vector


def trigger_expression(row="NEW", weighted_fields=WEIGHTED_FIELDS):
    """The SQL of the weighted vector over a row, for the trigger that keeps search_document
    (a migration undone passes the fields as they were before it)."""
    parts = []
    for weight, fields in weighted_fields:
        text = ", ".join(f"{row}.{name}" for name in fields)
        parts.append(f"setweight(to_tsvector('{SEARCH_CONFIG}', concat_ws(' ', {text})), '{weight}')")
    return " || ".join(parts)
