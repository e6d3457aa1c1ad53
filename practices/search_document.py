"""What a practice stores for full-text search on PostgreSQL: the weighted vector kept in
`search_document` by a trigger and the GIN index over it.

It lives with the model because the migrations build the trigger and the index from it; the
queries that read it are the catalogue's (catalogue/search.py). Changing the weights takes a
migration that rebuilds the trigger with them (as 0011 did to add the summary).
"""

from django.contrib.postgres.search import SearchVector

# An Italian configuration that also ignores accents, created by migration 0005.
SEARCH_CONFIG = "bp_italian"
# The weights migrations 0005 (index) and 0007 (trigger) built: they call the functions below
# without arguments, on tables that do not have the later fields yet, so these stay as they were.
INITIAL_WEIGHTED_FIELDS = (
    ("A", ("title",)),
    ("B", ("intervention_area", "aims", "place_names")),
    ("C", ("recipients", "implementation", "expected_results", "achieved_results", "resources",
           "stakeholders", "improvements")),
)
# The weights the trigger uses today, built by migration 0011 (a test checks the database's
# trigger computes these): the summary counts as much as the title.
WEIGHTED_FIELDS = (
    ("A", ("title", "summary")),
    *INITIAL_WEIGHTED_FIELDS[1:],
)


def search_vector(weighted_fields=INITIAL_WEIGHTED_FIELDS):
    vector = None
    for weight, fields in weighted_fields:
        part = SearchVector(*fields, weight=weight, config=SEARCH_CONFIG)
        vector = part if vector is None else vector + part
    return vector


# buonepratiche.text.joined_compounds in SQL: each hyphenated word of a text written whole
# ("co-housing" -> "cohousing"), appended to the text so that the word written whole finds it.
# Built into the trigger by catalogue/migrations/0001_initial.py (with `compounds=True`).
COMPOUND_PATTERN = "[[:alpha:]]+(?:-[[:alpha:]]+)+"


def _with_joined_compounds(text):
    joined = (f"array_to_string(ARRAY(SELECT replace(m[1], '-', '') "
              f"FROM regexp_matches({text}, '({COMPOUND_PATTERN})', 'g') AS m), ' ')")
    return f"concat_ws(' ', {text}, {joined})"


def trigger_expression(row="NEW", weighted_fields=INITIAL_WEIGHTED_FIELDS, compounds=False):
    """The SQL of the weighted vector over a row, for the trigger that keeps search_document
    (each migration that builds the trigger passes the weights of its time; the trigger of today
    has `compounds`, so a migration that rebuilds it must keep them)."""
    parts = []
    for weight, fields in weighted_fields:
        text = "concat_ws(' ', " + ", ".join(f"{row}.{name}" for name in fields) + ")"
        if compounds:
            text = _with_joined_compounds(text)
        parts.append(f"setweight(to_tsvector('{SEARCH_CONFIG}', {text}), '{weight}')")
    return " || ".join(parts)
