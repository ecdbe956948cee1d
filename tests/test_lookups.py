"""``rows_matching``: membership in lists of any length, one array parameter on PostgreSQL."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registry import lookups
from registry.models import Zone
from tests.factories import ProvinceFactory, ZoneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def zones():
    province = ProvinceFactory()
    return [ZoneFactory(code=f"ZN-{i:03d}", province=province) for i in range(12)]


def codes_of(rows):
    return sorted(row["code"] for row in rows)


def test_finds_the_rows_whose_field_is_in_the_list(zones):
    wanted = ["ZN-001", "ZN-007", "ZN-404"]
    rows = lookups.rows_matching(Zone.objects.values("code"), "code", wanted)
    assert codes_of(rows) == ["ZN-001", "ZN-007"]


def test_matches_foreign_keys_by_id(zones):
    province_id = zones[0].province_id
    rows = lookups.rows_matching(Zone.objects.values("code"), "province_id", [province_id, -1])
    assert len(codes_of(rows)) == 12


def test_an_empty_list_matches_nothing(zones):
    assert list(lookups.rows_matching(Zone.objects.values("code"), "code", [])) == []


def test_long_lists_are_split_below_the_parameter_limit(zones, monkeypatch):
    monkeypatch.setattr(lookups, "IN_CHUNK", 5)
    wanted = [f"ZN-{i:03d}" for i in range(12)]
    with CaptureQueriesContext(connection) as queries:
        rows = codes_of(lookups.rows_matching(Zone.objects.values("code"), "code", wanted))
    assert rows == wanted
    expected_queries = 1 if connection.vendor == "postgresql" else 3
    assert len(queries) == expected_queries


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ANY(array) is PostgreSQL's")
def test_postgresql_sends_one_array_parameter(zones):
    with CaptureQueriesContext(connection) as queries:
        list(lookups.rows_matching(Zone.objects.values("code"), "code", ["ZN-001", "ZN-002"]))
    assert "= ANY(" in queries[0]["sql"]
