"""What a list page of the catalogue shows, read from its context: for tests that check pages
filled by imports or factories (the region facet, the bulk-entry acceptance test)."""


def titles(response):
    """The titles of the page's results, sorted."""
    return sorted(p.title for p in response.context["page_obj"].object_list)


def facet(response, name):
    """Facet `name` as {value: (label, count)}."""
    [found] = [f for f in response.context["facets"] if f.name == name]
    return {v.value: (v.label, v.count) for v in found.values}
