from django.contrib.sitemaps.views import sitemap
from django.urls import path

from . import ambiti, views
from .feeds import LatestPracticesFeed
from .sitemaps import SITEMAPS

app_name = "catalogue"

urlpatterns = [
    path("", views.home, name="home"),
    path("pratiche/", views.practice_list, name="practice_list"),
    path("pratiche/feed/", LatestPracticesFeed(), name="feed"),
    path("pratiche/<slug:slug>/", views.practice_detail, name="practice_detail"),
    path("pratiche/<slug:slug>/documenti/<int:pk>/", views.document, name="document"),
    # MEDIA_URL: uploaded documents only through the application, as safe downloads
    # (docs/deployment.md), so the root URLconf needs no route into this app.
    path("media/<path:name>", views.media, name="media"),
    path("ambiti/", ambiti.ambito_list, name="ambito_list"),
    path("ambiti/<slug:slug>/", views.ambito_detail, name="ambito_detail"),
    path("comuni/<str:istat_code>/", views.comune_detail, name="comune_detail"),
    path("enti/", views.body_list, name="body_list"),
    path("enti/<slug:slug>/", views.body_detail, name="body_detail"),
    path("province/<str:sigla>/", views.province_detail, name="province_detail"),
    path("programmi/", views.programme_list, name="programme_list"),
    path("programmi/<slug:slug>/", views.programme_detail, name="programme_detail"),
    path("statistiche/", views.statistics, name="statistics"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
]
