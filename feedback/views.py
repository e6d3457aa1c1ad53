"""The rating block's two steps, as plain form posts (they work without JavaScript).

The block on a page is the same for every reader (it names only the page), so cached pages stay
cached. Once the stars are stored, the follow-up form reaches that answer through a signed,
short-lived token: nobody else can change it, and it changes once.
"""

from django.core import signing
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from buonepratiche import ratelimit

from .forms import DetailsForm, RatingForm
from .models import PageRating

TOKEN_SALT = "feedback.details"
TOKEN_MAX_AGE = 3600


@require_POST
def rate(request):
    retry_after = ratelimit.exceeded(request, "feedback")
    if retry_after:
        return ratelimit.too_many_requests(request, retry_after)
    form = RatingForm(request.POST)
    if not form.is_valid():
        return render(request, "feedback/rate.html", {"form": form, "page": request.POST.get("page", "")},
                      status=400)
    rating = form.save()
    token = signing.dumps(rating.pk, salt=TOKEN_SALT)
    return redirect(f"{reverse('feedback:details')}?t={token}")


@require_http_methods(["GET", "POST"])
def details(request):
    token = request.POST.get("t") if request.method == "POST" else request.GET.get("t")
    try:
        pk = signing.loads(token or "", salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        raise Http404 from None
    rating = get_object_or_404(PageRating, pk=pk)
    if rating.aspect or rating.detail:
        return render(request, "feedback/thanks.html", {"rating": rating})
    form = DetailsForm(instance=rating)
    if request.method == "POST":
        retry_after = ratelimit.exceeded(request, "feedback")
        if retry_after:
            return ratelimit.too_many_requests(request, retry_after)
        form = DetailsForm(request.POST, instance=rating)
        if form.is_valid():
            form.save()
            return render(request, "feedback/thanks.html", {"rating": rating})
    return render(request, "feedback/details.html", {"form": form, "rating": rating, "token": token},
                  status=400 if form.errors else 200)
