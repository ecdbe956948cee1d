"""A JSON list page rendered from compiled ``values()`` rows is, byte for byte, the page
the serializer renders from records: over the document fixtures and over records built
to hit every case (drafts behind foreign keys and in lists, citations of draft sources,
empty and partial values)."""

from decimal import Decimal

import pytest

from registry.api.base import RegistryViewSet
from registry.api.rows import serializer_rows
from registry.models import FormerRegion
from tests.factories import MeetingFactory

from . import factories as f
from .base import VIEWSETS, list_url


@pytest.mark.parametrize("basename", VIEWSETS)
def test_every_list_serializer_compiles_to_rows(basename):
    viewset = VIEWSETS[basename]
    assert serializer_rows(viewset.serializer_class, viewset.queryset.model) is not None


@pytest.fixture
def awkward_records(db):
    draft_zone = f.ZoneFactory(publication_state=f.DRAFT)
    draft_source = f.SourceFactory(publication_state=f.DRAFT)
    draft_organisation = f.OrganisationFactory(publication_state=f.DRAFT)
    province = f.ProvinceFactory()
    former_region = FormerRegion.objects.create(code="FR-OLD", name_fr="Ancienne région")
    zone = f.ZoneFactory(
        code="AAA-ZONE",
        name_en="=SUM(A1)",
        aliases=["Zone A", "semi; colon"],
        region=province.region,
        province=province,
        province_as_stated=province,
        former_region_as_stated=former_region,
        parent=draft_zone,
        area_ha=Decimal("15.2"),
        area_qualifier="approx",
        area_as_stated="2 ,15",
        cost_amount=Decimal("170000000"),
        cost_qualifier="gt",
        latitude=Decimal("34.0331"),
        longitude=Decimal("-5.0003"),
        description_fr="Décrite.",
    )
    zone.sectors.add(f.SectorFactory(code="AAA-SECTOR"), f.SectorFactory())
    f.cite(zone, field_name="area_ha")
    f.cite(zone, source=draft_source)
    f.ZoneFactory(code="AAA-CHILD", parent=zone)
    agreement = f.AgreementFactory(
        code="AAA-AGREEMENT",
        meeting=MeetingFactory(publication_state=f.DRAFT),
        province=province,
        signed_on="2021-04-01",
        signed_on_precision="month",
        signed_on_as_stated="أبريل",
    )
    agreement.zones.add(draft_zone, zone)
    f.AgreementFactory(
        code="AAA-AGREEMENT-2", meeting=MeetingFactory(publication_state=f.PUBLISHED)
    )
    commitment = f.FundingCommitmentFactory(
        code="AAA-COMMITMENT",
        amount=Decimal("1000000.00"),
        amount_as_stated="مليون درهم",
        funder=draft_organisation,
        recipient=f.OrganisationFactory(),
        agreement=f.AgreementFactory(publication_state=f.DRAFT),
        announced_on="2020-01-01",
        announced_on_precision="year",
        period_start_year=2020,
        period_end_year=2023,
    )
    commitment.zones.add(zone, draft_zone)
    f.cite(commitment)
    organisation = f.OrganisationFactory(
        code="AAA-ORGANISATION",
        parent=draft_organisation,
        region=province.region,
        former_region=former_region,
        province=province,
        aliases=["ORG"],
        acronym="AO",
    )
    organisation.members.add(f.OrganisationFactory(), draft_organisation)
    f.cite(organisation, source=draft_source)
    f.SourceFactory(
        code="AAA-SOURCE",
        publisher=draft_organisation,
        published_on="2019-06-01",
        published_on_precision="month",
    )
    f.SourceFactory(code="AAA-SOURCE-2", publisher=organisation)


def queries(basename):
    """Query strings that shape a page differently: every ordering, offsets, keysets, q."""
    ordering = VIEWSETS[basename].filterset_class.base_filters["ordering"]
    yield {"limit": 1000}
    for value, _label in ordering.extra["choices"]:
        yield {"limit": 1000, "ordering": value}
    yield {"limit": 3, "offset": 2, "ordering": "-code"}
    yield {"limit": 2, "after": "AAA"}
    yield {"limit": 1000, "q": "a"}
    if basename == "zone":
        yield {"limit": 1000, "format": "geojson"}
        yield {"limit": 1000, "region": "03", "area_ha__gte": "10"}


@pytest.mark.parametrize("basename", VIEWSETS)
def test_rows_render_the_serializers_bytes(
    client, document_fixtures_for_module, awkward_records, monkeypatch, basename
):
    urls = [list_url(basename, **params) for params in queries(basename)]
    from_rows = [client.get(url) for url in urls]
    monkeypatch.setattr(RegistryViewSet, "page_rows", lambda self: None)
    from_records = [client.get(url) for url in urls]
    for url, rows, records in zip(urls, from_rows, from_records, strict=True):
        assert rows.status_code == records.status_code == 200, (url, rows.content)
        assert rows.content == records.content, url
    assert sum(len(response.content) for response in from_rows) > 10_000
