from django.urls import path

from . import views

app_name = "feedback"

urlpatterns = [
    path("valutazione/", views.rate, name="rate"),
    path("valutazione/dettagli/", views.details, name="details"),
]
