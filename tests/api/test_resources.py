"""Every resource through the generic read-only tests, plus what is particular to it."""

from decimal import Decimal

import pytest

from registry.choices import PartyRole, ZoneRole
from registry.models import AgreementParty, ZoneOrganisation

from . import factories as f
from .base import ReadOnlyResourceTests, detail_url, list_url


def with_citation(record):
    f.cite(record)
    return record


class TestZones(ReadOnlyResourceTests):
    basename = "zone"
    record_keys = {"name_ar", "name_fr", "name_en", "area", "cost", "region", "sectors"}
    # data version, zones (+ region, province, parent joined), sectors, citations
    list_queries = 4
    csv_list_queries = 3  # data version, zones (+ related codes joined), sectors
    detail_queries = 7  # the list's four, organisations' roles, job figures, events
    csv_detail_queries = 3

    def make(self, **kwargs):
        zone = f.ZoneFactory(province=f.ProvinceFactory(), area_ha=Decimal("15.2"), **kwargs)
        zone.sectors.add(f.SectorFactory())
        return with_citation(zone)


class TestAgreements(ReadOnlyResourceTests):
    basename = "agreement"
    record_keys = {"title_ar", "title_fr", "title_en", "signed_on", "zones", "province"}
    list_queries = 4  # data version, agreements, zones, citations
    csv_list_queries = 3  # data version, agreements (+ related codes joined), zones
    detail_queries = 5  # the list's four, parties
    csv_detail_queries = 3

    def make(self, **kwargs):
        agreement = f.AgreementFactory(**kwargs)
        agreement.zones.add(f.ZoneFactory())
        return with_citation(agreement)


class TestFundingCommitments(ReadOnlyResourceTests):
    basename = "funding-commitment"
    record_keys = {"amount", "funder", "recipient", "zones", "agreement", "announced_on"}
    list_queries = 4  # data version, commitments (+ organisations, agreement), zones, citations
    csv_list_queries = 3  # data version, commitments (+ related codes joined), zones
    detail_queries = 4
    csv_detail_queries = 3

    def make(self, **kwargs):
        commitment = f.FundingCommitmentFactory(
            amount=Decimal("1000000.00"), funder=f.OrganisationFactory(), **kwargs
        )
        commitment.zones.add(f.ZoneFactory())
        return with_citation(commitment)


class TestOrganisations(ReadOnlyResourceTests):
    basename = "organisation"
    record_keys = {"name_ar", "acronym", "kind", "parent", "members", "region"}
    list_queries = 4  # data version, organisations (+ parent, places), members, citations
    csv_list_queries = 3  # data version, organisations (+ related codes joined), members
    detail_queries = 4
    csv_detail_queries = 3

    def make(self, **kwargs):
        organisation = f.OrganisationFactory(region=f.RegionFactory(), **kwargs)
        organisation.members.add(f.OrganisationFactory())
        return with_citation(organisation)


class TestSources(ReadOnlyResourceTests):
    basename = "source"
    record_keys = {"title_ar", "publisher", "published_on", "language", "document_url"}
    list_queries = 3  # data version, sources (+ publisher), citations
    csv_list_queries = 2  # data version, sources (+ publisher's code joined)
    detail_queries = 3
    csv_detail_queries = 2

    def make(self, **kwargs):
        return f.SourceFactory(publisher=f.OrganisationFactory(), **kwargs)


class TestRegions(ReadOnlyResourceTests):
    basename = "region"
    record_keys = {"name_ar", "name_fr", "name_en"}
    list_queries = 2
    csv_list_queries = 2
    detail_queries = 3  # data version, region, provinces
    csv_detail_queries = 2
    publishable = False

    def make(self, **kwargs):
        return f.RegionFactory(**kwargs)


class TestProvinces(ReadOnlyResourceTests):
    basename = "province"
    record_keys = {"name_ar", "kind", "region"}
    list_queries = 2
    csv_list_queries = 2
    detail_queries = 2
    csv_detail_queries = 2
    publishable = False

    def make(self, **kwargs):
        return f.ProvinceFactory(**kwargs)


class TestSectors(ReadOnlyResourceTests):
    basename = "sector"
    record_keys = {"name_ar", "name_fr", "name_en"}
    list_queries = 2
    csv_list_queries = 2
    detail_queries = 2
    csv_detail_queries = 2
    publishable = False

    def make(self, **kwargs):
        return f.SectorFactory(**kwargs)


@pytest.mark.django_db
class TestPublishedRelatedRecordsOnly:
    """A published record never shows a draft inside it."""

    def test_zone_hides_draft_organisations_sectors_stay(self, client):
        zone = f.ZoneFactory()
        public = f.OrganisationFactory()
        draft = f.OrganisationFactory(publication_state=f.DRAFT)
        ZoneOrganisation.objects.create(zone=zone, organisation=public, role=ZoneRole.DEVELOPER)
        ZoneOrganisation.objects.create(zone=zone, organisation=draft, role=ZoneRole.OPERATOR)
        body = client.get(detail_url("zone", zone.code)).json()
        assert [r["organisation"]["code"] for r in body["organisations"]] == [public.code]

    def test_citations_of_unpublished_sources_are_omitted(self, client):
        zone = f.ZoneFactory()
        f.cite(zone, source=f.SourceFactory(), field_name="area_ha")
        f.cite(zone, source=f.SourceFactory(publication_state=f.DRAFT))
        for url in (detail_url("zone", zone.code), list_url("zone")):
            body = client.get(url).json()
            record = body.get("results", [body])[0]
            assert len(record["citations"]) == 1
            citation = record["citations"][0]
            assert citation["field"] == "area_ha"
            assert citation["quote"] == "منطقة صناعية"
            assert set(citation["source"]) == {"code", "title_ar", "title_fr", "title_en", "url"}

    def test_draft_foreign_keys_render_as_null(self, client):
        draft = f.OrganisationFactory(publication_state=f.DRAFT)
        commitment = f.FundingCommitmentFactory(funder=draft, recipient=f.OrganisationFactory())
        body = client.get(detail_url("funding-commitment", commitment.code)).json()
        assert body["funder"] is None
        assert body["recipient"]["code"] == commitment.recipient.code

    def test_draft_zones_of_an_agreement_and_parties_are_hidden(self, client):
        agreement = f.AgreementFactory()
        agreement.zones.add(f.ZoneFactory(), f.ZoneFactory(publication_state=f.DRAFT))
        AgreementParty.objects.create(
            agreement=agreement, organisation=f.OrganisationFactory(), roles=[PartyRole.SIGNATORY]
        )
        AgreementParty.objects.create(
            agreement=agreement,
            organisation=f.OrganisationFactory(publication_state=f.DRAFT),
            roles=[PartyRole.PARTNER],
        )
        body = client.get(detail_url("agreement", agreement.code)).json()
        assert len(body["zones"]) == 1
        assert len(body["parties"]) == 1
        assert body["parties"][0]["roles"] == ["signatory"]

    def test_draft_members_and_parent_of_an_organisation_are_hidden(self, client):
        parent = f.OrganisationFactory(publication_state=f.DRAFT)
        consortium = f.OrganisationFactory(parent=parent)
        consortium.members.add(
            f.OrganisationFactory(), f.OrganisationFactory(publication_state=f.DRAFT)
        )
        body = client.get(detail_url("organisation", consortium.code)).json()
        assert body["parent"] is None
        assert len(body["members"]) == 1


@pytest.mark.django_db
class TestRecordShapes:
    def test_money_area_and_partial_dates_travel_with_their_qualifiers(self, client):
        zone = f.ZoneFactory(
            area_ha=Decimal("15.2"),
            area_qualifier="approx",
            area_as_stated="2 ,15",
            cost_amount=Decimal("170000000"),
            cost_qualifier="gt",
        )
        body = client.get(detail_url("zone", zone.code)).json()
        assert body["area"] == {"hectares": "15.2000", "qualifier": "approx", "as_stated": "2 ,15"}
        assert body["cost"] == {"amount": "170000000.00", "currency": "MAD", "qualifier": "gt"}
        agreement = f.AgreementFactory(
            signed_on="2021-04-01", signed_on_precision="month", signed_on_as_stated="أبريل"
        )
        body = client.get(detail_url("agreement", agreement.code)).json()
        assert body["signed_on"] == {
            "date": "2021-04-01",
            "precision": "month",
            "as_stated": "أبريل",
        }

    def test_source_detail_has_full_text_list_does_not(self, client):
        source = f.SourceFactory()
        assert "text" not in client.get(list_url("source")).json()["results"][0]
        assert client.get(detail_url("source", source.code)).json()["text"] == source.text

    def test_region_detail_lists_its_provinces(self, client):
        province = f.ProvinceFactory()
        body = client.get(detail_url("region", province.region.code)).json()
        assert [p["code"] for p in body["provinces"]] == [province.code]
