from django.urls import path
from django.views.generic import TemplateView

urlpatterns = [
    path("privacy/", TemplateView.as_view(template_name="pages/privacy.html"), name="privacy"),
    path("accessibilita/", TemplateView.as_view(template_name="pages/accessibilita.html"), name="accessibility"),
    path("note-legali/", TemplateView.as_view(template_name="pages/note_legali.html"), name="legal"),
    path("chi-siamo/", TemplateView.as_view(template_name="pages/chi_siamo.html"), name="about"),
]
