"""The document fixtures hold every fact of the five articles, read as the authors meant."""

import datetime
from decimal import Decimal

import pytest

from registry.choices import DatePrecision, PublicationState, Qualifier
from registry.models import (
    Agreement,
    FormerRegion,
    FundingCommitment,
    Indicator,
    Meeting,
    Organisation,
    Province,
    Region,
    Zone,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("document_fixtures_for_module")]

FES_MEKNES_ZONES = {
    # code: (province as administered, area in hectares, qualifier)
    "FES-SHORE": ("03.231", "20", "exact"),
    "FES-BENSOUDA": ("03.231", "154", "exact"),
    "FES-SIDI-BRAHIM": ("03.231", "115", "exact"),
    "FES-DOKKARAT": ("03.231", "83", "exact"),
    "FES-EX-COTEF": ("03.231", "15.2", "exact"),
    "FES-AIN-CHKEF": ("03.591", "15", "exact"),
    "MEKNES-AGROPOLIS": ("03.061", "130", "exact"),
    "MEKNES-MEJJAT": ("03.061", "57.7", "approx"),
    "MEKNES-SIDI-BOUZEKRI": ("03.061", "35", "exact"),
    "MEKNES-SIDI-SLIMANE-MOUL-AL-KIFANE": ("03.061", "24", "exact"),
    "MOULAY-YACOUB-RAS-EL-MA": ("03.591", "44", "exact"),
    "MOULAY-YACOUB-HAMRIA": ("03.591", "3.2", "exact"),
    "SEFROU-AL-MASSIRA": ("03.451", "5", "exact"),
    "SEFROU-TABOR": ("03.451", "5.3", "exact"),
    "TAZA": ("03.561", "14", "exact"),
}


def test_geography_has_12_regions_and_75_provinces():
    assert Region.objects.count() == 12
    assert Province.objects.count() == 75
    assert Province.objects.get(code="03.231").region.code == "03"


@pytest.mark.parametrize(("code", "expected"), FES_MEKNES_ZONES.items())
def test_the_15_fes_meknes_zones(code, expected):
    province, area, qualifier = expected
    zone = Zone.objects.get(code=code)
    assert zone.province.code == province
    assert zone.region.code == "03"
    assert zone.area_ha == Decimal(area)
    assert zone.area_qualifier == qualifier
    assert zone.status == "operational"
    assert zone.is_published


def test_exactly_15_operational_zones_in_fes_meknes():
    assert (
        Zone.objects.filter(region__code="03", status="operational")
        .exclude(kind="company_site")
        .count()
        == 15
    )


def test_right_to_left_digit_swaps_are_read_as_meant_and_kept_as_written():
    for code, stated, area in (
        ("FES-EX-COTEF", "2 ,15", "15.2"),
        ("MOULAY-YACOUB-HAMRIA", "2 , 3", "3.2"),
        ("SEFROU-TABOR", "3 ,5", "5.3"),
        ("FES-ALSTOM-SITE", "4 , 3", "3.4"),
    ):
        zone = Zone.objects.get(code=code)
        assert (zone.area_as_stated, zone.area_ha) == (stated, Decimal(area))


def test_alstom_site_lies_inside_ex_cotef():
    alstom = Zone.objects.get(code="FES-ALSTOM-SITE")
    assert alstom.parent.code == "FES-EX-COTEF"
    assert (alstom.area_ha, alstom.area_qualifier) == (Decimal("3.4"), Qualifier.APPROXIMATELY)
    assert alstom.area_ha < alstom.parent.area_ha
    jobs = {(j.basis, j.kind): (j.count, j.qualifier, j.year) for j in alstom.job_figures.all()}
    assert jobs == {
        ("actual", "total"): (400, "approx", None),
        ("target", "direct"): (350, "exact", 2023),
    }


def test_ain_chkef_keeps_the_grouping_as_stated():
    zone = Zone.objects.get(code="FES-AIN-CHKEF")
    assert zone.province.code == "03.591"  # Moulay Yacoub, where the commune lies
    assert zone.province_as_stated.code == "03.231"  # the article groups it under Fès
    assert zone.grouping_as_stated == "عمالة فاس"


def test_ait_kamra():
    zone = Zone.objects.get(code="AL-HOCEIMA-AIT-KAMRA")
    assert (zone.area_ha, zone.area_qualifier) == (Decimal("41"), Qualifier.MORE_THAN)
    assert (zone.cost_amount, zone.cost_currency, zone.cost_qualifier) == (
        Decimal("170000000"),
        "MAD",
        Qualifier.MORE_THAN,
    )
    assert zone.province.code == "01.051"
    assert zone.region.code == "01"  # Tanger-Tétouan-Al Hoceïma today
    assert zone.former_region_as_stated.code == "TAZA-AL-HOCEIMA-TAOUNATE"
    launch = zone.events.get(kind="launch")
    assert (launch.date, launch.date_precision) == (datetime.date(2009, 7, 1), DatePrecision.MONTH)
    assert launch.person.code == "MOHAMMED-VI"
    progress = zone.events.get(kind="works_progress")
    assert (progress.progress_percent, progress.progress_qualifier) == (Decimal(50), "gt")
    cost = FundingCommitment.objects.get(code="AIT-KAMRA-PROJECT-COST")
    assert (cost.amount, cost.amount_qualifier) == (Decimal("170000000"), Qualifier.MORE_THAN)


def test_former_region_knows_the_current_regions():
    former = FormerRegion.objects.get(code="TAZA-AL-HOCEIMA-TAOUNATE")
    assert {r.code for r in former.current_regions} == {"01", "02", "03"}


def test_one_ministry_under_three_names():
    ministry = Organisation.objects.get(code="MIC")
    assert {n.acronym for n in ministry.former_names.all()} == {"MCINET", "MICEVN"}
    assert not Organisation.objects.filter(name_ar__contains="والتكنولوجيات الحديثة").exists()


def test_medz_belongs_to_cdg():
    assert Organisation.objects.get(code="MEDZ").parent.code == "CDG"


def test_draa_tafilalet_memorandum():
    mou = Agreement.objects.get(code="DRAA-TAFILALET-INDUSTRIAL-ZONES-MOU-2022")
    assert (mou.kind, mou.signed_on, mou.signed_on_precision) == (
        "mou",
        datetime.date(2022, 6, 4),
        DatePrecision.DAY,
    )
    assert mou.province.code == "08.201"
    parties = {p.organisation.code: p for p in mou.party_roles.all()}
    assert set(parties) == {
        "CR-DRAA-TAFILALET",
        "MIC",
        "MTNRA",
        "WILAYA-DRAA-TAFILALET",
        "CRI-DRAA-TAFILALET",
    }
    assert parties["CR-DRAA-TAFILALET"].signatory.code == "AHROU-ABROU"
    assert {z.code for z in mou.zones.all()} == {
        "DRAA-TAFILALET-FIVE-ZONES",
        "ERRACHIDIA-OFFSHORING-SPACE",
    }


def test_draa_tafilalet_allocations():
    amounts = {
        c.code: (c.amount, c.amount_qualifier, c.funder.code, c.announced_on)
        for c in FundingCommitment.objects.filter(funder__code="CR-DRAA-TAFILALET")
    }
    announced = datetime.date(2022, 6, 4)
    assert amounts == {
        "DRAA-TAFILALET-OFFSHORING-CENTRES-180M": (
            Decimal("180000000"),
            "exact",
            "CR-DRAA-TAFILALET",
            announced,
        ),
        "DRAA-TAFILALET-INVESTMENT-SUPPORT-50M": (
            Decimal("50000000"),
            "exact",
            "CR-DRAA-TAFILALET",
            announced,
        ),
        "DRAA-TAFILALET-CODING-SCHOOLS-60M": (
            Decimal("60000000"),
            "approx",
            "CR-DRAA-TAFILALET",
            announced,
        ),
    }
    centres = FundingCommitment.objects.get(code="DRAA-TAFILALET-OFFSHORING-CENTRES-180M")
    assert {z.code for z in centres.zones.all()} == {"TAFILALET-SHORE", "DRAA-SHORE"}


def test_industry_4_0_partnership_and_its_four_parties():
    partnership = Agreement.objects.get(code="FES-SMART-FACTORY-INDUSTRY-4-0-PARTNERSHIP")
    assert partnership.kind == "partnership"
    assert partnership.signed_on is None  # the article only says "the day before yesterday"
    assert partnership.signed_on_as_stated == "أول أمس الإثنين"
    assert {p.organisation.code for p in partnership.party_roles.all()} == {
        "MIC",
        "ADD",
        "UEMF",
        "FSF-CONSORTIUM",
    }
    consortium = Organisation.objects.get(code="FSF-CONSORTIUM")
    assert {m.code for m in consortium.members.all()} == {
        "UEMF",
        "CGEM-FES-TAZA",
        "CR-FES-MEKNES",
        "ALTEN-DCM",
    }


def test_the_consultation_meeting_of_28_november_2024():
    meeting = Meeting.objects.get(code="FES-MEKNES-EXPORT-CONSULTATION-2024-11-28")
    assert (meeting.held_on, meeting.held_on_precision) == (
        datetime.date(2024, 11, 28),
        DatePrecision.DAY,
    )
    assert meeting.held_on.strftime("%A") == "Thursday"
    assert "الثلاثاء" in meeting.held_on_as_stated and "Thursday" in meeting.date_note
    chair = meeting.participants.get(role="chair")
    assert chair.person.code == "OMAR-HEJIRA"


def test_regional_exports_are_kept_with_low_confidence():
    exports = Indicator.objects.get(code="FES-MEKNES-INDUSTRIAL-EXPORTS-2024")
    assert (exports.value, exports.unit, exports.confidence) == (
        Decimal("2600000000"),
        "MAD",
        "low",
    )
    assert exports.meeting.code == "FES-MEKNES-EXPORT-CONSULTATION-2024-11-28"


def test_every_fixture_record_is_published():
    from django.apps import apps

    from registry.models.base import RecordModel

    for model in apps.get_app_config("registry").get_models():
        if issubclass(model, RecordModel):
            assert not model.objects.exclude(
                publication_state=PublicationState.PUBLISHED
            ).exists(), model
