"""Business rules: each clean() rule and each database constraint."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from registry.choices import DatePrecision, PublicationState
from registry.models import Citation, Organisation, Zone
from tests.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    CitationFactory,
    FundingCommitmentFactory,
    IndicatorFactory,
    MeetingFactory,
    OrganisationFactory,
    ProvinceFactory,
    RegionFactory,
    SourceFactory,
    ZoneFactory,
)

pytestmark = pytest.mark.django_db


def errors_of(instance):
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


def violates_constraint(instance, **changes):
    type(instance).objects.filter(pk=instance.pk).update(**changes)


class TestZoneRules:
    def test_area_must_be_positive(self):
        assert "area_ha" in errors_of(ZoneFactory.build(area_ha=Decimal("0"), province=None))

    def test_database_refuses_a_non_positive_area(self):
        zone = ZoneFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            violates_constraint(zone, area_ha=Decimal("-1"))

    def test_cost_cannot_be_negative(self):
        zone = ZoneFactory.build(cost_amount=Decimal("-5"), province=None)
        assert "cost_amount" in errors_of(zone)

    def test_a_zone_is_not_its_own_parent(self):
        zone = ZoneFactory()
        zone.parent = zone
        assert "parent" in errors_of(zone)

    def test_a_zone_is_not_its_own_ancestor(self):
        grandparent = ZoneFactory()
        parent = ZoneFactory(parent=grandparent)
        grandparent.parent = parent
        assert "parent" in errors_of(grandparent)

    def test_database_refuses_a_zone_inside_itself(self):
        zone = ZoneFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            violates_constraint(zone, parent=zone)

    def test_coordinates_come_in_pairs(self):
        zone = ZoneFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            violates_constraint(zone, latitude=Decimal("34.0"))

    def test_region_is_filled_from_the_province(self):
        province = ProvinceFactory()
        zone = ZoneFactory(province=province, region=None)
        assert zone.region == province.region

    def test_region_must_match_the_province(self):
        zone = ZoneFactory()
        zone.region = RegionFactory(code="99")
        assert "region" in errors_of(zone)

    def test_stated_province_differs_from_the_administrative_one(self):
        zone = ZoneFactory()
        zone.province_as_stated = zone.province
        assert "province_as_stated" in errors_of(zone)

    def test_unique_public_code(self):
        ZoneFactory(code="FES-SHORE")
        with pytest.raises(IntegrityError), transaction.atomic():
            ZoneFactory(code="FES-SHORE")

    def test_code_rejects_spaces_and_slashes(self):
        assert "code" in errors_of(ZoneFactory.build(code="FES SHORE/1", province=None))

    def test_search_text_folds_arabic_and_latin_variants(self):
        zone = ZoneFactory(name_ar="منطقة آيت قمرة", name_fr="Aït Kamra", aliases=["أيت قمرة"])
        assert "ايت قمره" in zone.search_text
        assert "ait kamra" in zone.search_text

    def test_new_records_are_drafts(self):
        assert ZoneFactory().publication_state == PublicationState.DRAFT
        assert not Zone.objects.published().exists()


class TestDates:
    def test_month_precision_is_stored_as_the_first(self):
        agreement = AgreementFactory.build(
            signed_on=datetime.date(2009, 7, 15), signed_on_precision=DatePrecision.MONTH
        )
        assert "signed_on" in errors_of(agreement)

    def test_year_precision_is_stored_as_the_first_of_january(self):
        agreement = AgreementFactory.build(
            signed_on=datetime.date(2009, 7, 1), signed_on_precision=DatePrecision.YEAR
        )
        assert "signed_on" in errors_of(agreement)

    def test_a_signature_cannot_be_in_the_future(self):
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        assert "signed_on" in errors_of(AgreementFactory.build(signed_on=tomorrow))

    def test_an_indicator_may_refer_to_a_future_year(self):
        next_year = datetime.date(timezone.localdate().year + 1, 1, 1)
        IndicatorFactory.build(
            reference_date=next_year, reference_date_precision=DatePrecision.YEAR
        ).full_clean()

    def test_a_period_cannot_end_before_it_starts(self):
        commitment = FundingCommitmentFactory.build(
            funder=None, period_start_year=2025, period_end_year=2022
        )
        assert "period_end_year" in errors_of(commitment)

    def test_database_refuses_a_reversed_period(self):
        commitment = FundingCommitmentFactory(period_start_year=2022)
        with pytest.raises(IntegrityError), transaction.atomic():
            violates_constraint(commitment, period_end_year=2020)


class TestMoney:
    def test_amount_cannot_be_negative(self):
        commitment = FundingCommitmentFactory.build(funder=None, amount=Decimal("-1"))
        assert "amount" in errors_of(commitment)

    def test_database_refuses_a_negative_amount(self):
        commitment = FundingCommitmentFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            violates_constraint(commitment, amount=Decimal("-1"))

    def test_currency_is_an_iso_code(self):
        commitment = FundingCommitmentFactory.build(funder=None, currency="mad")
        assert "currency" in errors_of(commitment)

    def test_amount_may_be_unknown(self):
        FundingCommitmentFactory.build(funder=None, amount=None).full_clean()


class TestOrganisations:
    def test_not_its_own_ancestor(self):
        parent = OrganisationFactory()
        child = OrganisationFactory(parent=parent)
        parent.parent = child
        assert "parent" in errors_of(parent)

    def test_needs_a_name(self):
        organisation = OrganisationFactory.build(name_ar="", name_fr="", name_en="")
        assert "name_ar" in errors_of(organisation)

    def test_consortium_members(self):
        consortium = OrganisationFactory(kind="consortium")
        members = OrganisationFactory.create_batch(2)
        consortium.members.set(members)
        assert set(members[0].consortia.all()) == {consortium}


class TestAgreementParties:
    def test_roles_must_be_known(self):
        party = AgreementPartyFactory(roles=["signatory", "emperor"])
        assert "roles" in errors_of(party)

    def test_at_least_one_role(self):
        assert "roles" in errors_of(AgreementPartyFactory(roles=[]))

    def test_a_party_appears_once(self):
        party = AgreementPartyFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            AgreementPartyFactory(agreement=party.agreement, organisation=party.organisation)


class TestMeetings:
    def test_a_participant_names_someone(self):
        from registry.models import MeetingParticipant

        participant = MeetingParticipant(meeting=MeetingFactory(), role="chair")
        with pytest.raises(ValidationError):
            participant.full_clean()


class TestCitations:
    def test_quote_must_occur_verbatim_in_the_source(self):
        citation = CitationFactory(quote="16 منطقة صناعية")
        assert "quote" in errors_of(citation)

    def test_a_verbatim_quote_is_accepted(self):
        CitationFactory().full_clean()

    def test_whitespace_differences_are_not_verbatim(self):
        citation = CitationFactory(quote="15  منطقة")
        assert "quote" in errors_of(citation)

    def test_field_must_exist_on_the_record(self):
        citation = CitationFactory(field_name="colour")
        assert "field_name" in errors_of(citation)

    def test_field_of_the_record_is_accepted(self):
        CitationFactory(field_name="area_ha").full_clean()

    def test_an_empty_quote_is_refused_by_the_database(self):
        citation = CitationFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            Citation.objects.filter(pk=citation.pk).update(quote="")

    def test_records_reach_their_citations(self):
        citation = CitationFactory()
        assert list(citation.record.citations.all()) == [citation]

    def test_citations_go_with_their_record(self):
        citation = CitationFactory()
        citation.record.delete()
        assert not Citation.objects.exists()

    def test_a_cited_source_cannot_be_deleted(self):
        from django.db.models import ProtectedError

        citation = CitationFactory()
        with pytest.raises(ProtectedError):
            citation.source.delete()


def test_str_follows_the_active_language(settings):
    from django.utils import translation

    zone = ZoneFactory.build(name_ar="منطقة", name_fr="Zone", name_en="")
    with translation.override("fr"):
        assert str(zone) == "Zone"
    with translation.override("ar"):
        assert str(zone) == "منطقة"
    with translation.override("en"):
        assert str(zone) == "منطقة"  # falls back to the first language that has a name


def test_history_records_each_change():
    organisation = OrganisationFactory()
    organisation.name_en = "Renamed"
    organisation.save()
    assert organisation.history.count() == 2
    assert Organisation.history.first().name_en == "Renamed"


def test_source_factory_text_is_quotable():
    assert "15 منطقة صناعية" in SourceFactory.build().text
