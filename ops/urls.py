from django.urls import path

from . import views

urlpatterns = [
    path("salute/pronto/", views.readiness, name="readiness"),
    path("metriche/", views.metrics, name="metrics"),
]
