"""What the public pages, the API and the downloads read of the funding chain, each in a fixed
number of queries (the amounts and documents prefetched, so totals cost nothing more)."""

from django.db.models import Prefetch

from practices.models import Practice

from .models import Agreement, FundingCall, PracticeFunding, Programme


def funding_links(documents=True):
    """A practice's links to its agreements with the whole chain, for Prefetch("funding", ...);
    the downloads, which list no documents, leave them out."""
    links = PracticeFunding.objects.select_related(
        "agreement__programme__level", "agreement__programme__managing_authority", "agreement__funding_call",
        "agreement__beneficiary__comune",
    ).prefetch_related("agreement__amounts")
    return links.prefetch_related("agreement__documents__kind") if documents else links


def public_links():
    """An agreement's links to the practices the public catalogue shows, as `public_practice_links`."""
    return Prefetch("practice_links", queryset=PracticeFunding.objects.filter(
        practice__in=Practice.objects.public()).select_related("practice"), to_attr="public_practice_links")


def agreements_of(body):
    """A body's agreements and allocations, with amounts and documents; none for no body."""
    if body is None:
        return []
    return list(Agreement.objects.with_amounts().prefetch_related(public_links()).filter(beneficiary=body).order_by(
        "programme__name", "-starts_on", "code", "pk"))


def programmes():
    return Programme.objects.select_related("level", "managing_authority").order_by("name")


def programme_with_chain(queryset):
    """Programmes with their calls (and documents), agreements (beneficiaries, amounts, documents, practices)."""
    return queryset.select_related("level", "managing_authority").prefetch_related(
        "documents__kind",
        Prefetch("calls", queryset=FundingCall.objects.prefetch_related("documents__kind")),
        Prefetch("agreements", queryset=Agreement.objects.with_amounts().prefetch_related(public_links()).order_by(
            "beneficiary__name", "code", "pk")),
    )

