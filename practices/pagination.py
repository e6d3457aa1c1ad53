from django.core.paginator import Paginator


def paginate(request, queryset, per_page, count=None):
    """The requested page; a missing, malformed or out-of-range number gives the nearest valid page.

    `count`, when known (cached), saves the COUNT query.
    """
    raw = request.GET.get("pagina", "1")
    number = int(raw) if raw.isdigit() and len(raw) < 7 else 1
    paginator = Paginator(queryset, per_page)
    if count is not None:
        paginator.__dict__["count"] = count
    return paginator.get_page(number)
