from django.core.paginator import Paginator


def paginate(request, queryset, per_page):
    """The requested page; a missing, malformed or out-of-range number gives the nearest valid page."""
    raw = request.GET.get("pagina", "1")
    number = int(raw) if raw.isdigit() and len(raw) < 7 else 1
    return Paginator(queryset, per_page).get_page(number)
