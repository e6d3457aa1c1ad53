from django.urls import include, path
from rest_framework.routers import SimpleRouter

from . import docs, moved, views

app_name = "api"

router = SimpleRouter()
router.register("pratiche", views.PracticeViewSet, basename="practice")
router.register("enti", views.BodyViewSet, basename="body")
router.register("ambiti", views.AmbitoViewSet, basename="ambito")
router.register("comuni", views.ComuneViewSet, basename="comune")
router.register("regioni", views.RegionViewSet, basename="region")
router.register("province", views.ProvinceViewSet, basename="province")
router.register("tipologie", views.TipologiaViewSet, basename="tipologia")
router.register("aree", views.PolicyAreaViewSet, basename="policyarea")
router.register("destinatari", views.TargetGroupViewSet, basename="targetgroup")
router.register("livelli-finanziamento", views.FundingLevelViewSet, basename="fundinglevel")
router.register("programmi", views.ProgrammeViewSet, basename="programme")
router.register("avvisi", views.CallViewSet, basename="call")

urlpatterns = [
    path("", views.ApiRootView.as_view(), name="root"),
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("docs/", docs.docs, name="docs"),
    path("", include(router.urls)),
    path("linee-finanziamento/", moved.FundingLinesMoved.as_view(), name="funding-lines-moved"),
    path("linee-finanziamento/<slug:identificativo>/", moved.FundingLineMoved.as_view()),
]
