"""The site's static pages (privacy, accessibility, legal notes, about), as plain templates."""

from django.urls import path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.generic import TemplateView


def page(template_name, title):
    """A TemplateView whose breadcrumbs go from Home to the page itself."""
    return TemplateView.as_view(
        template_name=template_name,
        extra_context={"breadcrumbs": [(pgettext_lazy("breadcrumb", "Home"), reverse_lazy("catalogue:home")),
                                        (title, None)]},
    )


urlpatterns = [
    path("privacy/", page("pages/privacy.html", _("Informativa sulla privacy")), name="privacy"),
    path("accessibilita/", page("pages/accessibilita.html", _("Dichiarazione di accessibilità")),
         name="accessibility"),
    path("note-legali/", page("pages/note_legali.html", _("Note legali")), name="legal"),
    path("chi-siamo/", page("pages/chi_siamo.html", _("Chi siamo")), name="about"),
]
