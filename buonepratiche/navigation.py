"""Breadcrumbs, shared by every app's pages: the trail always starts at the catalogue's home.

Site-wide, so that no app imports another app's views to build its trail.
"""

from django.urls import reverse
from django.utils.translation import pgettext


class ItalianText(str):
    """Text from the database, shown as written (in Italian) whatever the interface language.

    Templates mark it lang="it" where it sits among translated labels (WCAG 3.1.2),
    e.g. a practice's title as the last breadcrumb.
    """

    lang = "it"


def crumbs(*items):
    """Breadcrumbs from Home to the current page: (label, url) pairs, the last without url."""
    # With a context: Django's own Italian catalogue (the admin's) turns a bare "Home" into "Pagina iniziale".
    return [(pgettext("breadcrumb", "Home"), reverse("catalogue:home")), *items]
