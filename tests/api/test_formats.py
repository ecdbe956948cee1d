"""CSV (the admin export's, formula-safe) and GeoJSON renderings, and CORS for browsers."""

from decimal import Decimal

import pytest

from registry.importing import exporting
from registry.importing.schema import sheet_for
from registry.models import Agreement, FundingCommitment, Organisation, Zone
from tests.factories import MeetingFactory

from . import factories as f
from .base import csv_cells, list_url


@pytest.mark.django_db
def test_csv_neutralises_formulas_as_the_export_does(client):
    sector = f.SectorFactory(code="AGRO")
    zone = f.ZoneFactory(
        name_fr="=cmd|' /C calc'!A0",
        name_en="'quoted",
        area_ha=Decimal("15.2"),
        latitude=Decimal("34.0331"),
        longitude=Decimal("-5.0003"),
    )
    zone.sectors.add(sector)
    record = csv_cells(client.get(list_url("zone", format="csv")).content, Zone)[zone.code]
    assert record["name_fr"] == "'=cmd|' /C calc'!A0"
    assert record["name_en"] == "''quoted"  # the importer removes one apostrophe
    assert record["longitude"] == "-5.000300"  # a number, not a formula
    assert record["area_ha"] == "15.2000"
    assert record["sectors"] == "AGRO"


@pytest.mark.django_db
def test_csv_leaves_unpublished_related_records_blank_as_the_json_hides_them(client):
    draft_zone = f.ZoneFactory(publication_state=f.DRAFT)
    public_zone = f.ZoneFactory(parent=draft_zone)
    draft_organisation = f.OrganisationFactory(publication_state=f.DRAFT)
    public_organisation = f.OrganisationFactory(parent=draft_organisation)
    public_organisation.members.add(draft_organisation, f.OrganisationFactory(code="ORG-MEMBER"))
    agreement = f.AgreementFactory(meeting=MeetingFactory(publication_state=f.DRAFT))
    agreement.zones.add(draft_zone, public_zone)
    commitment = f.FundingCommitmentFactory(
        funder=draft_organisation, agreement=f.AgreementFactory(publication_state=f.DRAFT)
    )
    commitment.zones.add(draft_zone)
    expected_blanks = [
        ("zone", Zone, public_zone, {"parent": ""}),
        (
            "organisation",
            Organisation,
            public_organisation,
            {"parent": "", "members": "ORG-MEMBER"},
        ),
        ("agreement", Agreement, agreement, {"meeting": "", "zones": public_zone.code}),
        (
            "funding-commitment",
            FundingCommitment,
            commitment,
            {"funder": "", "agreement": "", "zones": ""},
        ),
    ]
    for basename, model, record, cells in expected_blanks:
        api = csv_cells(client.get(list_url(basename, format="csv")).content, model)
        assert {name: api[record.code][name] for name in cells} == cells, basename
        # The admin export names the drafts: this is what the API must not repeat.
        export = csv_cells(exporting.export_bytes("csv", sheet_for(model), language="en"), model)
        assert all(export[record.code][name] != cells[name] for name in cells), basename
    body = client.get(list_url("funding-commitment")).json()["results"][0]
    assert (body["funder"], body["agreement"], body["zones"]) == (None, None, [])


@pytest.mark.django_db
def test_csv_holds_published_records_only(client):
    shown, hidden = f.ZoneFactory(), f.ZoneFactory(publication_state=f.DRAFT)
    listed = csv_cells(client.get(list_url("zone", format="csv")).content, Zone)
    assert list(listed) == [shown.code]
    assert listed[shown.code]["publication_state"] == "published"
    assert hidden.code not in listed


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
