"""Files saved by LibreOffice Calc (tests/data/make_samples.py made them; README.md there).

Each is imported through the import entry point, first as a dry run (the preview) and then
for real; ugly ones must give exactly the error a user can act on, and write nothing.
"""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from registry.choices import DatePrecision, Qualifier
from registry.importing.schema import sheet_for
from registry.importing.service import import_file
from registry.models import Zone, ZoneEvent

DATA = Path(__file__).parent.parent / "data"


def load(name, model=Zone, dry_run=False):
    return import_file((DATA / name).read_bytes(), name, model=model, dry_run=dry_run)


def preview_then_import(name, model=Zone):
    preview = load(name, model, dry_run=True)
    assert preview.ok, preview.errors
    assert not Zone.objects.exists() and not ZoneEvent.objects.exists()
    result = load(name, model)
    assert result.ok, result.errors
    assert result.totals == preview.totals
    return result


def zones():
    return {zone.code: zone for zone in Zone.objects.prefetch_related("sectors")}


def sectors(zone):
    return sorted(sector.code for sector in zone.sectors.all())


def test_french_workbook_with_date_cells_and_french_number_formats(geography):
    """Two sheets named in French; areas are number cells shown as 1 234,50; dates are date
    cells (one with a time of day) and one month typed as text."""
    result = preview_then_import("libreoffice-zones-fr.xlsx", model=None)
    assert [(sheet.sheet, sheet.counts["new"]) for sheet in result.sheets] == [
        ("zone", 3),
        ("zoneevent", 3),
    ]
    found = zones()
    assert sorted(found) == ["ZI-LO-1", "ZI-LO-2", "ZI-LO-3"]
    one, two, three = found["ZI-LO-1"], found["ZI-LO-2"], found["ZI-LO-3"]
    assert (one.kind, two.kind, three.kind) == ("industrial_zone", "industrial_quarter", "agropole")
    assert one.name_fr == "Zone industrielle Aïn Chkef"
    assert one.name_ar == "المنطقة الصناعية عين الشقف"
    assert (one.province, one.region) == (geography["fes"], geography["fes_region"])
    assert two.province == geography["taza"] and three.province == geography["guercif"]
    assert one.area_ha == Decimal("1234.5")
    assert two.area_ha == Decimal("0.3")  # the cell holds the double 0.3, not 0.299999…
    assert three.area_ha == Decimal(60)
    assert (one.cost_amount, one.cost_currency) == (Decimal(180_000_000), "MAD")
    assert three.cost_amount == Decimal(2_600_000_000)
    assert (sectors(one), sectors(two), sectors(three)) == (["AGRO"], ["AGRO", "TEXTILE"], [])
    events = [
        (e.zone.code, e.kind, e.date, e.date_precision, e.progress_percent, e.description_fr)
        for e in ZoneEvent.objects.order_by("zone__code", "date")
    ]
    assert events == [
        (
            "ZI-LO-1",
            "launch",
            dt.date(2009, 7, 15),
            DatePrecision.DAY,
            None,
            "Lancement des travaux",
        ),
        ("ZI-LO-1", "works_progress", dt.date(2022, 6, 1), DatePrecision.MONTH, Decimal(45), ""),
        ("ZI-LO-2", "inauguration", dt.date(2021, 11, 30), DatePrecision.DAY, None, ""),
    ]


def test_arabic_csv_with_semicolons_and_arabic_indic_digits(geography):
    """Saved as 'CSV UTF-8' with ';': Arabic headers, ١٢٠٫٥ and حوالي ٦٠ typed as text,
    a number cell written as shown (1 234,50 with a no-break space), an Arabic ؛ list."""
    preview_then_import("libreoffice-zones-ar-semicolon.csv")
    found = zones()
    one, two, three = found["ZI-AR-1"], found["ZI-AR-2"], found["ZI-AR-3"]
    assert one.name_ar == "المنطقة الصناعية عين الشقف"
    assert (one.kind, two.kind, three.kind) == ("industrial_zone", "industrial_quarter", "agropole")
    assert (one.province, two.province, three.province) == (
        geography["fes"],
        geography["taza"],
        geography["fes"],
    )
    assert one.area_ha == Decimal("120.5") and one.area_qualifier == Qualifier.EXACT
    assert two.area_ha == Decimal(60) and two.area_qualifier == Qualifier.APPROXIMATELY
    assert three.area_ha == Decimal("1234.5")
    assert (sectors(one), sectors(two), sectors(three)) == (["AGRO"], ["AGRO", "TEXTILE"], [])


def test_ods_converted_to_xlsx_keeps_formula_values_and_merged_cells(geography):
    preview_then_import("libreoffice-ods-to-xlsx.xlsx")
    found = zones()
    assert {code: (z.province.code, z.area_ha) for code, z in found.items()} == {
        "ZI-ODS-1": ("03.231", Decimal("120.5")),  # =100+20.5
        "ZI-ODS-2": ("03.231", Decimal(30)),  # its province cell is merged with the one above
        "ZI-ODS-3": ("03.561", Decimal("3.33")),  # =ROUND(10/3;2)
    }


@pytest.mark.parametrize(
    ("name", "model", "errors"),
    [
        pytest.param(
            "libreoffice-zones-ar-windows-1256.csv",
            Zone,
            [
                "row 2, column المساحة (هكتار): '?????' is not a number.",
                "row 3, column المساحة (هكتار): 'حوالي ??' is not a number.",
            ],
            id="windows-1256 has no Arabic-Indic digits: LibreOffice wrote ?",
        ),
        pytest.param(
            "libreoffice-milestones-en-us.csv",
            ZoneEvent,
            [
                "row 2, column date: '7/15/2009' looks like month/day/year; dates are read as "
                "day/month/year. Write it as 2009-07-15."
            ],
            id="dates saved as shown by an American-English sheet",
        ),
        pytest.param(
            "libreoffice-blank-rows-above-header.xlsx",
            Zone,
            [
                "row 5, column kind: 'usine' is not one of: industrial_zone, industrial_quarter, "
                "agropole, technology_park, offshoring_centre, economic_activity_zone, "
                "industrial_acceleration_zone, company_site, programme, training_facility, other."
            ],
            id="the row number is the sheet's, under two blank rows",
        ),
    ],
)
def test_ugly_file_gives_the_exact_error_and_writes_nothing(geography, name, model, errors):
    Zone.objects.create(code="ZI-LO-1", name_fr="Zone", kind="industrial_zone")
    for dry_run in (True, False):
        result = load(name, model, dry_run=dry_run)
        assert result.errors == errors
        assert "nothing was imported" in result.summary()
    assert Zone.objects.count() == 1 and not ZoneEvent.objects.exists()


def test_a_merged_title_row_above_the_headers_is_refused_clearly(geography):
    """The importer reads the first non-blank row as the headers, so a title merged across
    the columns is a header in each of them; it is named once, with the columns the file
    may use and what to do about it."""
    title = "سجل المناطق الصناعية - جهة فاس مكناس"
    accepted = ", ".join(sheet_for(Zone).headers("en"))
    unknown = f"row 1, column {title}: unknown column '{title}'. Accepted columns: {accepted}."
    for dry_run in (True, False):
        result = load("libreoffice-zones-ar-title-row.xlsx", dry_run=dry_run)
        assert result.errors == [
            unknown,
            f"row 1, column {title}: no column header was recognised in this row: the first "
            "non-blank row must hold the column headers (remove any title above them).",
            "row 1, column code: this column is required: rows are matched on it.",
        ]
    assert not Zone.objects.exists()
