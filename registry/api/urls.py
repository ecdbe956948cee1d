from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

app_name = "api"

router = SimpleRouter()
router.register("zones", views.ZoneViewSet, basename="zone")
router.register("agreements", views.AgreementViewSet, basename="agreement")
router.register(
    "funding-commitments", views.FundingCommitmentViewSet, basename="funding-commitment"
)
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("regions", views.RegionViewSet, basename="region")
router.register("provinces", views.ProvinceViewSet, basename="province")
router.register("sectors", views.SectorViewSet, basename="sector")
router.register("sources", views.SourceViewSet, basename="source")

urlpatterns = [
    path("stats/", views.StatisticsView.as_view(), name="stats"),
    *router.urls,
]
