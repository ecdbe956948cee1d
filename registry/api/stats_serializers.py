"""The shape of ``/api/v1/stats/``, for the OpenAPI schema (the view returns plain dicts)."""

from rest_framework import serializers

DECIMAL = {"allow_null": True, "help_text": "Decimal string; null when nothing is known."}


class PlaceSerializer(serializers.Serializer):
    code = serializers.CharField()
    name_ar = serializers.CharField()
    name_fr = serializers.CharField()
    name_en = serializers.CharField()


class ZoneFiguresSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    with_area = serializers.IntegerField(help_text="Zones whose area is known.")
    hectares = serializers.DecimalField(max_digits=20, decimal_places=4, **DECIMAL)


class ZonesByRegionSerializer(ZoneFiguresSerializer):
    region = PlaceSerializer(allow_null=True)


class ZonesByProvinceSerializer(ZoneFiguresSerializer):
    province = PlaceSerializer(allow_null=True)


class ZonesByKindSerializer(ZoneFiguresSerializer):
    kind = serializers.CharField()


class ZonesByStatusSerializer(ZoneFiguresSerializer):
    status = serializers.CharField()


class ZoneStatisticsSerializer(serializers.Serializer):
    total = ZoneFiguresSerializer()
    by_region = ZonesByRegionSerializer(many=True)
    by_province = ZonesByProvinceSerializer(many=True)
    by_kind = ZonesByKindSerializer(many=True)
    by_status = ZonesByStatusSerializer(many=True)


class MoneyFiguresSerializer(serializers.Serializer):
    currency = serializers.CharField()
    count = serializers.IntegerField()
    with_amount = serializers.IntegerField(help_text="Commitments whose amount is stated.")
    amount = serializers.DecimalField(max_digits=24, decimal_places=2, **DECIMAL)


class FunderSerializer(PlaceSerializer):
    pass


class CommitmentsByFunderSerializer(MoneyFiguresSerializer):
    funder = FunderSerializer(allow_null=True, help_text="Null: no funder named, or unpublished.")


class CommitmentsByKindSerializer(MoneyFiguresSerializer):
    kind = serializers.CharField()


class CommitmentsByYearSerializer(MoneyFiguresSerializer):
    year = serializers.IntegerField(allow_null=True, help_text="Year announced.")


class FundingStatisticsSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    by_funder = CommitmentsByFunderSerializer(many=True)
    by_currency = MoneyFiguresSerializer(many=True)
    by_kind = CommitmentsByKindSerializer(many=True)
    by_year = CommitmentsByYearSerializer(many=True)


class StatisticsSerializer(serializers.Serializer):
    zones = ZoneStatisticsSerializer()
    funding_commitments = FundingStatisticsSerializer()
