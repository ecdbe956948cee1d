"""The public resources: each a declaration on :class:`RegistryViewSet`."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from registry import stats
from registry.models import (
    Agreement,
    FundingCommitment,
    Organisation,
    Province,
    Region,
    Sector,
    Source,
    Zone,
)

from . import filtersets, serializers
from .base import PublicAPIView, RegistryViewSet
from .renderers import CSVRenderer, GeoJSONRenderer, JSONRenderer
from .stats_serializers import StatisticsSerializer


class ZoneViewSet(RegistryViewSet):
    queryset = Zone.objects.all()
    serializer_class = serializers.ZoneSerializer
    detail_serializer_class = serializers.ZoneDetailSerializer
    filterset_class = filtersets.ZoneFilterSet
    renderer_classes = [JSONRenderer, CSVRenderer, GeoJSONRenderer]

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.action == "list" and self.request.accepted_renderer.format == "geojson":
            queryset = queryset.filter(latitude__isnull=False)  # a map shows placed zones only
        return queryset


class AgreementViewSet(RegistryViewSet):
    queryset = Agreement.objects.all()
    serializer_class = serializers.AgreementSerializer
    detail_serializer_class = serializers.AgreementDetailSerializer
    filterset_class = filtersets.AgreementFilterSet


class FundingCommitmentViewSet(RegistryViewSet):
    queryset = FundingCommitment.objects.all()
    serializer_class = serializers.FundingCommitmentSerializer
    filterset_class = filtersets.FundingCommitmentFilterSet


class OrganisationViewSet(RegistryViewSet):
    queryset = Organisation.objects.all()
    serializer_class = serializers.OrganisationSerializer
    filterset_class = filtersets.OrganisationFilterSet


class SourceViewSet(RegistryViewSet):
    queryset = Source.objects.all()
    serializer_class = serializers.SourceSerializer
    detail_serializer_class = serializers.SourceDetailSerializer
    filterset_class = filtersets.SourceFilterSet


class RegionViewSet(RegistryViewSet):
    queryset = Region.objects.all()
    serializer_class = serializers.RegionSerializer
    detail_serializer_class = serializers.RegionDetailSerializer
    filterset_class = filtersets.RegionFilterSet


class ProvinceViewSet(RegistryViewSet):
    queryset = Province.objects.all()
    serializer_class = serializers.ProvinceSerializer
    filterset_class = filtersets.ProvinceFilterSet


class SectorViewSet(RegistryViewSet):
    queryset = Sector.objects.all()
    serializer_class = serializers.SectorSerializer
    filterset_class = filtersets.SectorFilterSet


class StatisticsView(PublicAPIView):
    """Zones and hectares by region, province, kind and status; commitments by funder,
    currency, kind and year. Published records only."""

    @extend_schema(responses=StatisticsSerializer, operation_id="statistics")
    def get(self, request):
        return Response(stats.registry_statistics())
