from functools import cached_property

from django.conf import settings
from django.core.paginator import Page, Paginator


class BoundedPaginator(Paginator):
    """Pages stop at settings.CATALOGUE_MAX_PAGES, as large catalogues do.

    A page is an OFFSET: the deeper the page, the more rows the database reads and throws away
    (0.37 s for the last page at 10,000 practices, growing with the data). Past the bound,
    people narrow the search with the filters; machines use the bulk downloads. The count
    stays the real one.
    """

    def __init__(self, object_list, per_page, count=None, browsable=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        if count is not None:  # known (cached): saves the COUNT query
            self.__dict__["count"] = count
        # How many results can be listed: the page bound, or fewer when the list holds fewer
        # (relevance ranks a bounded number of matches, catalogue/listing.py).
        self.limit = settings.CATALOGUE_MAX_PAGES * int(per_page)
        if browsable is not None:
            self.limit = min(self.limit, browsable)

    @cached_property
    def all_pages(self):
        # Paginator.num_pages is a cached_property under the same name: call its function directly.
        return Paginator.num_pages.func(self)

    @cached_property
    def num_pages(self):
        return min(self.all_pages, max(1, -(-self.limit // int(self.per_page))))

    @property
    def is_bounded(self):
        return self.count > self.limit

    def _get_page(self, *args, **kwargs):
        return BoundedPage(*args, **kwargs)


class BoundedPage(Page):
    def end_index(self):
        # Page says the last page ends at the count; at the bound it ends at the limit.
        return min(super().end_index(), self.paginator.limit)


def paginate(request, queryset, per_page, count=None, browsable=None):
    """The requested page; a missing, malformed or out-of-range number gives the nearest valid page."""
    raw = request.GET.get("pagina", "1")
    number = int(raw) if raw.isdigit() and len(raw) < 7 else 1
    return BoundedPaginator(queryset, per_page, count=count, browsable=browsable).get_page(number)
