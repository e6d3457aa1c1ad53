from django.urls import path

from . import opendata

app_name = "opendata"

urlpatterns = [
    path("", opendata.catalogue, name="catalogue"),
    path("catalogo.<str:rdf_format>", opendata.catalogue_rdf, name="catalogue_rdf"),
    path("buone-pratiche.<str:export_format>", opendata.download, name="download"),
]
