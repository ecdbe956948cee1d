"""CSV (formula-safe) and GeoJSON renderings, and CORS for browsers on other sites."""

import csv
import io
from decimal import Decimal

import pytest

from registry.api.renderers import formula_safe, pluck

from . import factories as f
from .base import detail_url, list_url


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+33 6", "'+33 6"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("-12.5", "-12.5"),
        ("Fès", "Fès"),
        (None, ""),
        (12, "12"),
    ],
)
def test_formula_safe(value, expected):
    assert formula_safe(value) == expected


def test_pluck_follows_paths_and_joins_lists():
    record = {"a": {"b": "x"}, "items": [{"code": "1"}, {"code": "2"}], "tags": ["p", "q"]}
    assert pluck(record, "a.b") == "x"
    assert pluck(record, "items[].code") == "1; 2"
    assert pluck(record, "tags[]") == "p; q"
    assert pluck({"c": [{"s": "A"}, {"s": "A"}, {"s": "B"}]}, "c[].s") == "A; B"
    assert pluck({"a": None}, "a.b") is None


@pytest.mark.django_db
def test_csv_escapes_formulas_and_flattens_related_records(client):
    sector = f.SectorFactory(code="AGRO")
    zone = f.ZoneFactory(name_fr="=cmd|' /C calc'!A0", area_ha=Decimal("15.2"))
    zone.sectors.add(sector)
    f.cite(zone)
    response = client.get(list_url("zone", format="csv"))
    header, row = list(csv.reader(io.StringIO(response.content.decode())))
    record = dict(zip(header, row, strict=True))
    assert record["name_fr"] == "'=cmd|' /C calc'!A0"
    assert record["area_ha"] == "15.2000"
    assert record["sectors"] == "AGRO"
    assert record["sources"].startswith("SRC-")


@pytest.mark.django_db
def test_csv_of_a_detail_is_one_row(client):
    zone = f.ZoneFactory()
    response = client.get(detail_url("zone", zone.code), {"format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert len(rows) == 2
    assert rows[1][0] == zone.code


@pytest.mark.django_db
def test_geojson_is_a_feature_collection_of_placed_zones(client):
    placed = f.ZoneFactory(latitude=Decimal("34.0331"), longitude=Decimal("-5.0003"))
    f.ZoneFactory()  # no coordinates: not on the map
    response = client.get(list_url("zone"), HTTP_ACCEPT="application/geo+json")
    assert response["Content-Type"] == "application/geo+json"
    body = response.json()
    assert body["type"] == "FeatureCollection"
    assert [feature["id"] for feature in body["features"]] == [placed.code]
    feature = body["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [-5.0003, 34.0331]}
    assert feature["properties"]["name_fr"] == placed.name_fr
    assert "coordinates" not in feature["properties"]
    by_param = client.get(list_url("zone", format="geojson")).json()
    assert by_param["features"] == body["features"]


@pytest.mark.django_db
def test_geojson_only_for_zones(client):
    assert client.get(list_url("agreement", format="geojson")).status_code == 400
    assert client.get(list_url("agreement"), HTTP_ACCEPT="application/geo+json").status_code == 406


@pytest.mark.django_db
def test_errors_are_json_whatever_the_format(client):
    response = client.get(list_url("zone", format="csv", limit="x"))
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "limit" in response.json()["errors"]


@pytest.mark.django_db
def test_cors_is_open_for_reading(client):
    f.ZoneFactory()
    response = client.get(list_url("zone"), HTTP_ORIGIN="https://journal.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        list_url("zone"),
        HTTP_ORIGIN="https://journal.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert "POST" not in preflight["Access-Control-Allow-Methods"]
