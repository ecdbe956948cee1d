from decimal import Decimal

import pytest

from . import factories as f


@pytest.mark.django_db
def test_statistics_count_published_records_in_the_database(client):
    fes = f.ProvinceFactory()
    f.ZoneFactory(province=fes, area_ha=Decimal("20"), kind="technology_park")
    f.ZoneFactory(province=fes, area_ha=Decimal("154.5"))
    f.ZoneFactory(province=fes)  # area unknown
    f.ZoneFactory(province=fes, area_ha=Decimal("999"), publication_state=f.DRAFT)
    ministry = f.OrganisationFactory()
    hidden = f.OrganisationFactory(publication_state=f.DRAFT)
    f.FundingCommitmentFactory(funder=ministry, amount=Decimal("100"), announced_on="2021-04-05")
    f.FundingCommitmentFactory(funder=ministry, amount=Decimal("50.5"), announced_on="2021-11-01")
    f.FundingCommitmentFactory(funder=hidden, amount=Decimal("7"), currency="EUR")

    body = client.get("/api/v1/stats/").json()

    zones = body["zones"]
    assert zones["total"] == {"count": 3, "with_area": 2, "hectares": "174.5000"}
    assert zones["by_region"] == [
        {
            "region": {
                "code": fes.region.code,
                "name_ar": fes.region.name_ar,
                "name_fr": fes.region.name_fr,
                "name_en": fes.region.name_en,
            },
            "count": 3,
            "with_area": 2,
            "hectares": "174.5000",
        }
    ]
    assert zones["by_province"][0]["province"]["code"] == fes.code
    assert {row["kind"]: row["count"] for row in zones["by_kind"]} == {
        "industrial_zone": 2,
        "technology_park": 1,
    }
    assert zones["by_status"] == [
        {"status": "operational", "count": 3, "with_area": 2, "hectares": "174.5000"}
    ]

    money = body["funding_commitments"]
    assert money["total"] == 3
    by_funder = {(row["funder"] or {}).get("code"): row for row in money["by_funder"]}
    assert by_funder[ministry.code]["amount"] == "150.50"
    assert by_funder[None]["currency"] == "EUR"  # a draft funder stays anonymous
    assert hidden.code not in by_funder
    assert {(r["currency"], r["amount"]) for r in money["by_currency"]} == {
        ("EUR", "7.00"),
        ("MAD", "150.50"),
    }
    assert {(r["year"], r["currency"], r["count"]) for r in money["by_year"]} == {
        (2021, "MAD", 2),
        (None, "EUR", 1),
    }
    assert money["by_kind"][0]["kind"] == "budget"


@pytest.mark.django_db
def test_statistics_reject_parameters(client):
    assert client.get("/api/v1/stats/", {"region": "03"}).status_code == 400
