"""Hostile and ugly files: each gives a clear error or imports correctly; never a 500."""

import csv
import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from registry.importing import exporting
from registry.importing.schema import sheet_for
from registry.importing.service import import_file
from registry.models import Zone

DATA = Path(__file__).parent.parent / "data"


def load(name):
    return import_file((DATA / name).read_bytes(), name, model=Zone)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("corrupt.xlsx", "damaged or truncated"),
        ("truncated.xlsx", "damaged or truncated"),
        ("password-protected.xlsx", "password-protected"),
        ("zip-bomb.xlsx", "zip bomb"),
        ("nul-bytes.csv", "NUL bytes"),
        ("formula-cells.xlsx", "Cells D2 hold formulas without a computed value"),
        ("ambiguous-rtl-area.csv", "may mean 2.15 or 15.2"),
    ],
)
def test_refused_with_a_clear_message(geography, name, message):
    result = load(name)
    assert not result.ok
    assert message in " ".join(result.errors)
    assert not Zone.objects.exists()


@pytest.mark.parametrize(
    "name",
    [
        "zones-utf8-bom.csv",
        "zones-utf16.csv",
        "zones-windows-1256.csv",
        "zones-semicolon-french-excel.csv",
    ],
)
def test_csv_encodings_and_separators(geography, name):
    result = load(name)
    assert result.ok, result.errors
    first, second = Zone.objects.order_by("code")
    assert first.name_ar == "المنطقة الصناعية عين عودة" and first.name_fr == "Aïn Aouda"
    assert first.area_ha == Decimal("12.5") and second.area_ha == 30


def test_merged_cells_apply_to_every_row_they_cover(geography):
    assert load("merged-cells.xlsx").ok
    assert set(Zone.objects.values_list("province__code", flat=True)) == {"03.231"}


def test_header_errors_name_the_header_row_under_blank_lines(geography):
    workbook = openpyxl.Workbook()
    for row, values in ((3, ["code", "name_fr", "surface"]), (4, ["Z1", "Un", 12])):
        for column, value in enumerate(values, start=1):
            workbook.active.cell(row=row, column=column, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    [error] = import_file(buffer.getvalue(), "zones.xlsx", model=Zone).errors
    assert error.startswith("row 3, column surface: unknown column 'surface'")


def test_formula_with_a_computed_value_imports_the_value(geography):
    assert load("formula-cells-computed.xlsx").ok
    assert Zone.objects.get().area_ha == 120


def test_a_million_empty_trailing_rows(geography):
    result = load("million-empty-rows.xlsx")
    assert result.ok and result.totals["new"] == 1


@pytest.mark.parametrize("name", ["zones.xls", "zones.txt", "zones", "zones.xlsx.exe"])
def test_only_xlsx_csv_and_json(db, name):
    result = import_file(b"code\nZ1\n", name, model=Zone)
    assert result.errors == [
        f"'{name}' is not a file the importer reads; use .xlsx, .csv or .json."
    ]


def test_upload_size_limit(db, settings):
    settings.IMPORT_MAX_UPLOAD_SIZE = 1000
    result = import_file(b"code\n" + b"Z\n" * 600, "big.csv", model=Zone)
    assert "the largest file accepted is" in result.errors[0]


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b"code,name_fr,kind\n"])
def test_empty_files(db, data):
    result = import_file(data, "empty.csv", model=Zone)
    assert not result.ok and not Zone.objects.exists()


def test_malformed_json(db):
    assert "malformed" in import_file(b"[{", "z.json", model=Zone).errors[0]
    assert import_file(b'{"a": 1}', "z.json", model=Zone).errors


# --- exports are formula-safe and numbers stay numbers ---------------------------------

DANGEROUS = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tTab", "'quoted"]


@pytest.fixture
def dangerous_zones(geography):
    for index, text in enumerate(DANGEROUS):
        Zone.objects.create(
            code=f"Z{index}",
            name_fr=text,
            kind="industrial_zone",
            area_ha=Decimal(index + 1),
        )


def test_csv_export_neutralises_formulas(dangerous_zones):
    data = exporting.export_bytes("csv", sheet_for(Zone), language="en")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    column = rows[0].index("name (French)")
    area = rows[0].index("area (hectares)")
    assert [row[column] for row in rows[1:]] == ["'" + text for text in DANGEROUS]
    assert rows[1][area] == "1.0000"  # numbers are written as numbers, never prefixed


def test_xlsx_export_neutralises_formulas(dangerous_zones):
    data = exporting.export_bytes("xlsx", sheet_for(Zone), language="en")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    header = [cell.value for cell in sheet[1]]
    names = [
        row[header.index("name (French)")] for row in sheet.iter_rows(min_row=2, values_only=True)
    ]
    assert names == ["'" + text for text in DANGEROUS]
    areas = [
        row[header.index("area (hectares)")] for row in sheet.iter_rows(min_row=2, values_only=True)
    ]
    assert all(isinstance(area, int | float) for area in areas)
    for row in sheet.iter_rows(min_row=2):
        assert all(cell.data_type != "f" for cell in row)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_neutralised_text_round_trips(dangerous_zones, fmt):
    data = exporting.export_bytes(fmt, sheet_for(Zone), language="en")
    Zone.objects.all().delete()
    assert import_file(data, f"zones.{fmt}", model=Zone).ok
    assert list(Zone.objects.order_by("code").values_list("name_fr", flat=True)) == DANGEROUS


def test_export_streams_in_chunks(geography, django_assert_max_num_queries, monkeypatch):
    monkeypatch.setattr(exporting, "CHUNK", 10)
    Zone.objects.bulk_create(
        Zone(code=f"Z{i:03d}", name_fr=f"Zone {i}", kind="industrial_zone") for i in range(45)
    )
    stream = exporting.csv_stream(sheet_for(Zone))
    next(stream), next(stream)
    # chunks of 10 rows, each one query for the rows and one for the sectors
    with django_assert_max_num_queries(2 * 5 + 1):
        lines = b"".join(stream).decode().splitlines()
    assert len(lines) == 45
