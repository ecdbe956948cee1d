"""Every filter of every resource, and every way a parameter is rejected.

``CASES`` builds data and names the codes a query must return, exactly; a meta-test
fails when a filter has no case, so a new filter cannot ship untested.
"""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registry.choices import ZoneRole
from registry.models import AgreementParty, ZoneOrganisation

from . import factories as f
from .base import VIEWSETS, codes, list_url

CASES = {}


def case(basename, *params):
    def register(build):
        for param in params:
            CASES.setdefault((basename, param), []).append(build)
        return build

    return register


@case("zone", "region", "province")
def zone_places():
    fes, meknes, oriental = f.ProvinceFactory(), f.ProvinceFactory(), f.ProvinceFactory()
    a = f.ZoneFactory(province=fes)
    b = f.ZoneFactory(province=meknes)
    f.ZoneFactory(province=oriental)
    return [
        ({"region": [fes.region.code, meknes.region.code]}, {a, b}),
        ({"province": fes.code}, {a}),
        ({"province": [fes.code, meknes.code]}, {a, b}),
    ]


@case("zone", "sector", "organisation", "parent")
def zone_relations():
    sector, developer = f.SectorFactory(), f.OrganisationFactory()
    a, b = f.ZoneFactory(), f.ZoneFactory()
    child = f.ZoneFactory(parent=a)
    a.sectors.add(sector)
    ZoneOrganisation.objects.create(zone=b, organisation=developer, role=ZoneRole.DEVELOPER)
    ZoneOrganisation.objects.create(zone=b, organisation=developer, role=ZoneRole.OPERATOR)
    return [
        ({"sector": sector.code}, {a}),
        ({"organisation": developer.code}, {b}),  # one row although two roles match
        ({"parent": a.code}, {child}),
    ]


@case("zone", "kind", "status")
def zone_code_lists():
    a = f.ZoneFactory(kind="agropole", status="planned")
    b = f.ZoneFactory(kind="technology_park", status="operational")
    f.ZoneFactory(kind="industrial_zone", status="closed")
    return [
        ({"kind": "agropole"}, {a}),
        ({"status": ["planned", "operational"]}, {a, b}),
    ]


@case("zone", "area_ha__gte", "area_ha__lte", "cost_amount__gte", "cost_amount__lte")
def zone_numbers():
    small = f.ZoneFactory(area_ha=Decimal("3.4"), cost_amount=Decimal("1000"))
    large = f.ZoneFactory(area_ha=Decimal("154"), cost_amount=Decimal("170000000"))
    f.ZoneFactory()
    return [
        ({"area_ha__gte": "15.2"}, {large}),
        ({"area_ha__lte": "15"}, {small}),
        ({"area_ha__gte": "3.4", "area_ha__lte": "154"}, {small, large}),
        ({"cost_amount__gte": "1000000"}, {large}),
        ({"cost_amount__lte": "1000.00"}, {small}),
    ]


@case("zone", "updated__gte")
def zone_updated():
    zone = f.ZoneFactory()
    return [({"updated__gte": "2000-01-01"}, {zone}), ({"updated__gte": "2999-01-01"}, set())]


@case("zone", "q")
def zone_search():
    ain = f.ZoneFactory(
        name_ar="المنطقة الصناعية لعين الشقف", name_fr="Zone industrielle Aïn Chkef"
    )
    fes = f.ZoneFactory(name_ar="فاس شور", name_fr="Fès Shore")
    return [
        ({"q": "ain chkef"}, {ain}),  # accents folded
        ({"q": "الصناعيه"}, {ain}),  # taa marbuta written as haa
        ({"q": "FES"}, {fes}),
        ({"q": "   "}, {ain, fes}),
    ]


@case("zone", "ordering")
def zone_ordering():
    small = f.ZoneFactory(code="B", area_ha=Decimal("1"))
    large = f.ZoneFactory(code="A", area_ha=Decimal("9"))
    return [({"ordering": "-area_ha"}, [large, small]), ({"ordering": "area_ha"}, [small, large])]


@case("agreement", "kind", "status", "province", "region", "zone", "organisation")
def agreement_filters():
    province = f.ProvinceFactory()
    zone, party = f.ZoneFactory(), f.OrganisationFactory()
    a = f.AgreementFactory(kind="mou", status="signed", province=province)
    b = f.AgreementFactory(kind="convention", status="in_force")
    a.zones.add(zone)
    AgreementParty.objects.create(agreement=b, organisation=party, roles=["signatory"])
    return [
        ({"kind": "mou"}, {a}),
        ({"status": ["signed", "in_force"]}, {a, b}),
        ({"province": province.code}, {a}),
        ({"region": province.region.code}, {a}),
        ({"zone": zone.code}, {a}),
        ({"organisation": party.code}, {b}),
    ]


@case("agreement", "signed_on__gte", "signed_on__lte", "q", "ordering")
def agreement_dates():
    old = f.AgreementFactory(signed_on="2009-07-01", title_fr="Convention Aït Kamra")
    new = f.AgreementFactory(signed_on="2022-06-04", title_fr="Mémorandum Drâa-Tafilalet")
    return [
        ({"signed_on__gte": "2020-01-01"}, {new}),
        ({"signed_on__lte": "2020-01-01"}, {old}),
        ({"q": "draa"}, {new}),
        ({"ordering": "-signed_on"}, [new, old]),
    ]


@case("funding-commitment", "funder", "recipient", "organisation", "zone", "region", "agreement")
def commitment_relations():
    funder, recipient = f.OrganisationFactory(), f.OrganisationFactory()
    province, agreement = f.ProvinceFactory(), f.AgreementFactory()
    zone = f.ZoneFactory(province=province)
    a = f.FundingCommitmentFactory(funder=funder, agreement=agreement)
    b = f.FundingCommitmentFactory(recipient=recipient)
    b.zones.add(zone)
    return [
        ({"funder": funder.code}, {a}),
        ({"recipient": recipient.code}, {b}),
        ({"organisation": [funder.code, recipient.code]}, {a, b}),
        ({"zone": zone.code}, {b}),
        ({"region": province.region.code}, {b}),
        ({"agreement": agreement.code}, {a}),
    ]


@case(
    "funding-commitment",
    "kind",
    "confidence",
    "currency",
    "amount__gte",
    "amount__lte",
    "announced_on__gte",
    "announced_on__lte",
    "period_start_year__gte",
    "period_end_year__lte",
    "q",
    "ordering",
)
def commitment_values():
    a = f.FundingCommitmentFactory(
        kind="grant",
        confidence="low",
        currency="EUR",
        amount=Decimal("2600000000"),
        announced_on="2024-11-28",
        period_start_year=2024,
        period_end_year=2030,
        purpose_fr="Zone d'accélération industrielle",
    )
    b = f.FundingCommitmentFactory(
        kind="loan",
        amount=Decimal("170000000"),
        announced_on="2009-07-01",
        period_start_year=2009,
        period_end_year=2012,
    )
    return [
        ({"kind": ["grant"]}, {a}),
        ({"confidence": "low"}, {a}),
        ({"currency": ["EUR", "USD"]}, {a}),
        ({"amount__gte": "1000000000"}, {a}),
        ({"amount__lte": "170000000.00"}, {b}),
        ({"announced_on__gte": "2024-01-01"}, {a}),
        ({"announced_on__lte": "2010-01-01"}, {b}),
        ({"period_start_year__gte": "2020"}, {a}),
        ({"period_end_year__lte": "2012"}, {b}),
        ({"q": "acceleration"}, {a}),
        ({"ordering": "-amount"}, [a, b]),
    ]


@case("organisation", "kind", "region", "province", "parent", "q", "ordering")
def organisation_filters():
    province = f.ProvinceFactory()
    ministry = f.OrganisationFactory(kind="ministry", acronym="MICEVN", name_fr="Ministère")
    agency = f.OrganisationFactory(
        region=province.region, province=province, parent=ministry, acronym="ADD"
    )
    return [
        ({"kind": "ministry"}, {ministry}),
        ({"region": province.region.code}, {agency}),
        ({"province": province.code}, {agency}),
        ({"parent": ministry.code}, {agency}),
        ({"q": "micevn"}, {ministry}),
        ({"ordering": "acronym"}, [agency, ministry]),
    ]


@case("source", "language", "publisher", "published_on__gte", "published_on__lte", "q", "ordering")
def source_filters():
    publisher = f.OrganisationFactory()
    a = f.SourceFactory(language="fr", publisher=publisher, published_on="2024-11-29")
    b = f.SourceFactory(published_on="2021-11-01", title_fr="Les zones de Fès-Meknès")
    return [
        ({"language": "fr"}, {a}),
        ({"publisher": publisher.code}, {a}),
        ({"published_on__gte": "2024-01-01"}, {a}),
        ({"published_on__lte": "2022-01-01"}, {b}),
        ({"q": "fes meknes"}, {b}),
        ({"ordering": "-published_on"}, [a, b]),
    ]


@case("sector", "q", "ordering")
def sector_filters():
    a = f.SectorFactory(code="AGRO", name_fr="Agro-industrie")
    b = f.SectorFactory(code="TEXTILE", name_fr="Textile")
    return [({"q": "agro"}, {a}), ({"ordering": "-code"}, [b, a])]


@case("region", "q", "ordering")
def region_filters():
    a = f.RegionFactory(code="03", name_fr="Fès-Meknès", name_ar="جهة فاس مكناس")
    b = f.RegionFactory(code="08", name_fr="Drâa-Tafilalet")
    return [
        ({"q": "03"}, {a}),
        ({"q": "فاس"}, {a}),
        ({"ordering": "-code"}, [b, a]),
    ]


@case("province", "region", "kind", "q", "ordering")
def province_filters():
    a = f.ProvinceFactory(kind="prefecture", name_fr="Fès")
    b = f.ProvinceFactory(kind="province", name_fr="Sefrou")
    return [
        ({"region": a.region.code}, {a}),
        ({"kind": "prefecture"}, {a}),
        ({"q": "sefrou"}, {b}),
        ({"ordering": "-code"}, sorted([a, b], key=lambda p: p.code, reverse=True)),
    ]


def basename_of(build):
    return next(basename for (basename, _), builds in CASES.items() if build in builds)


ALL_CASES = sorted({(basename_of(b), b.__name__): b for bs in CASES.values() for b in bs}.items())


def test_every_filter_of_every_resource_has_a_case():
    missing = [
        (basename, name)
        for basename, viewset in VIEWSETS.items()
        for name in viewset.filterset_class.base_filters
        if (basename, name) not in CASES
    ]
    assert missing == []


@pytest.mark.django_db
@pytest.mark.parametrize(("key", "build"), ALL_CASES, ids=[k[1] for k, _ in ALL_CASES])
def test_filter_returns_exactly_the_matching_records(client, key, build):
    basename = key[0]
    for params, expected in build():
        found = codes(client.get(list_url(basename, limit=1000, **params)))
        if isinstance(expected, list):
            assert found == [r.code for r in expected], params
        else:
            assert sorted(found) == sorted(r.code for r in expected), params


BAD_VALUES = [
    ("zone", "area_ha__gte", "NaN"),
    ("zone", "area_ha__gte", "inf"),
    ("zone", "area_ha__gte", "-Infinity"),
    ("zone", "area_ha__gte", "1e999"),
    ("zone", "area_ha__gte", "1E5"),
    ("zone", "area_ha__lte", "9" * 400),
    ("zone", "cost_amount__gte", "0x10"),
    ("zone", "cost_amount__gte", "1,5"),
    ("zone", "cost_amount__gte", ""),
    ("zone", "area_ha__gte", "12\x00"),
    ("zone", "q", "fes\x00"),
    ("zone", "q", "x" * 1001),
    ("zone", "region", "99"),
    ("zone", "region", "\x00"),
    ("zone", "organisation", "NO-SUCH-ORG"),
    ("zone", "status", "finished"),
    ("zone", "updated__gte", "2021-02-30"),
    ("zone", "updated__gte", "04/05/2021"),
    ("zone", "updated__gte", "99999-01-01"),
    ("agreement", "signed_on__gte", "yesterday"),
    ("funding-commitment", "currency", "mad"),
    ("funding-commitment", "currency", "DIRHAM"),
    ("funding-commitment", "period_start_year__gte", "2020.5"),
    ("funding-commitment", "period_start_year__gte", "99999999999999"),
    ("funding-commitment", "amount__gte", "١٠٠"),
    ("source", "language", "de"),
    ("province", "kind", "wilaya"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("basename", "param", "value"), BAD_VALUES)
def test_invalid_values_are_400_never_500(client, basename, param, value):
    response = client.get(list_url(basename, **{param: value}))
    if value == "":
        assert response.status_code == 200  # an empty filter is no filter, as in a form
        return
    assert response.status_code == 400, response.content
    assert param in response.json()["errors"]


@pytest.mark.django_db
def test_a_draft_organisation_cannot_be_probed_through_a_filter(client):
    draft = f.OrganisationFactory(publication_state=f.DRAFT)
    response = client.get(list_url("zone", organisation=draft.code))
    assert response.status_code == 400


@pytest.mark.django_db
def test_unknown_parameter_message_lists_the_accepted_ones(client):
    body = client.get(list_url("zone", staus="planned", limit="5")).json()
    assert body["errors"] == {"staus": ["Unknown parameter."]}
    assert "status" in body["accepted"]
    assert "limit" in body["accepted"]


@pytest.mark.django_db
def test_detail_accepts_only_format(client):
    zone = f.ZoneFactory()
    url = f"/api/v1/zones/{zone.code}/"
    assert client.get(url, {"format": "json"}).status_code == 200
    response = client.get(url, {"status": "planned"})
    assert response.status_code == 400
    assert response.json()["accepted"] == ["format"]


@pytest.mark.django_db
def test_no_filter_makes_the_page_query_distinct(client):
    """DISTINCT over a large table sorts every match before the page is cut."""
    for (basename, _param), builds in CASES.items():
        for build in builds:
            for params, _expected in build():
                with CaptureQueriesContext(connection) as captured:
                    client.get(list_url(basename, **params))
                assert not any("DISTINCT" in q["sql"] for q in captured), (basename, params)
