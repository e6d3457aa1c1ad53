"""The answers, read-only: each one, and how many per page and per rating."""

from django.contrib import admin
from django.db.models import Avg, Count, Q

from .models import PageRating


@admin.register(PageRating)
class PageRatingAdmin(admin.ModelAdmin):
    list_display = ["page", "rating", "aspect", "detail", "created_at"]
    list_filter = ["rating", "aspect", "created_at"]
    search_fields = ["page", "detail"]
    date_hierarchy = "created_at"
    # The counts above the list (templates/admin/feedback/pagerating/change_list.html).
    change_list_template = "admin/feedback/pagerating/change_list.html"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            # Counted over what the list shows, so the filters narrow the counts too.
            response.context_data["counts"] = changelist.queryset.order_by().values("page").annotate(
                total=Count("pk"), average=Avg("rating"),
                **{f"stars_{n}": Count("pk", filter=Q(rating=n)) for n in range(1, 6)},
            ).order_by("-total", "page")[:50]
        return response
