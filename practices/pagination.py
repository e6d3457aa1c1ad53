from functools import cached_property

from django.conf import settings
from django.core.paginator import Paginator


class BoundedPaginator(Paginator):
    """Pages stop at settings.CATALOGUE_MAX_PAGES, as large catalogues do.

    A page is an OFFSET: the deeper the page, the more rows the database reads and throws away
    (0.37 s for the last page at 10,000 practices, growing with the data). Past the bound,
    people narrow the search with the filters; machines use the bulk downloads. The count
    stays the real one.
    """

    @cached_property
    def all_pages(self):
        # Paginator.num_pages is a cached_property under the same name: call its function directly.
        return Paginator.num_pages.func(self)

    @cached_property
    def num_pages(self):
        return min(self.all_pages, settings.CATALOGUE_MAX_PAGES)

    @property
    def is_bounded(self):
        return self.all_pages > self.num_pages


def paginate(request, queryset, per_page, count=None):
    """The requested page; a missing, malformed or out-of-range number gives the nearest valid page.

    `count`, when known (cached), saves the COUNT query.
    """
    raw = request.GET.get("pagina", "1")
    number = int(raw) if raw.isdigit() and len(raw) < 7 else 1
    paginator = BoundedPaginator(queryset, per_page)
    if count is not None:
        paginator.__dict__["count"] = count
    return paginator.get_page(number)
