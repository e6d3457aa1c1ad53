from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from .health import health

admin.site.site_header = _("Buone Pratiche – Back office")
admin.site.site_title = _("Buone Pratiche")
admin.site.index_title = _("Banca dati regionale delle buone pratiche")

urlpatterns = [
    path("salute/", health, name="health"),
    path("", include("ops.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("api.urls")),
    path("opendata/", include("api.opendata_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("buonepratiche.accounts")),
    path("", include("submissions.urls")),
    path("", include("buonepratiche.pages")),
    path("", include("feedback.urls")),
    path("", include("catalogue.urls")),
]

handler400 = "buonepratiche.errors.bad_request"
handler404 = "buonepratiche.errors.page_not_found"
handler500 = "buonepratiche.errors.server_error"
