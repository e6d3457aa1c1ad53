from django.urls import path

from . import views

app_name = "submissions"

urlpatterns = [
    path("candidature/", views.dashboard, name="dashboard"),
    path("candidature/nuova/", views.candidacy_start, name="candidacy_start"),
    path("candidature/<uuid:uuid>/", views.candidacy_detail, name="candidacy_detail"),
    path("candidature/<uuid:uuid>/modifica/", views.candidacy_edit, name="candidacy_edit"),
    path("candidature/<uuid:uuid>/salvataggio-automatico/", views.candidacy_autosave, name="candidacy_autosave"),
    path("candidature/<uuid:uuid>/enti-partner/", views.partner_search, name="partner_search"),
    path("candidature/<uuid:uuid>/allegati/", views.attachments, name="attachments"),
    path("candidature/<uuid:uuid>/allegati/<int:pk>/", views.attachment_download, name="attachment"),
    path("candidature/<uuid:uuid>/allegati/<int:pk>/elimina/", views.attachment_delete, name="attachment_delete"),
    path("candidature/<uuid:uuid>/presenta/", views.candidacy_submit, name="candidacy_submit"),
    path("candidature/<uuid:uuid>/ripresenta/", views.candidacy_resubmit, name="candidacy_resubmit"),
    path("candidature/<uuid:uuid>/ritira/", views.candidacy_withdraw_confirm, name="candidacy_withdraw_confirm"),
    path("candidature/<uuid:uuid>/ritira/conferma/", views.candidacy_withdraw, name="candidacy_withdraw"),
    path("candidature/<uuid:uuid>/elimina/", views.candidacy_delete, name="candidacy_delete"),
    path("candidature/<uuid:uuid>/ricevuta/", views.receipt, name="receipt"),
]
