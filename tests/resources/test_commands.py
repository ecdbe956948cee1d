"""The export_registry and import_registry commands and the whole-registry workbook."""

import io
import json

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from registry.importing.service import import_file
from registry.models import Zone, ZoneJobFigure


@pytest.fixture
def zones(geography):
    Zone.objects.create(code="Z1", name_fr="Un", kind="industrial_zone", province=geography["fes"])
    ZoneJobFigure.objects.create(zone=Zone.objects.get(), kind="direct", basis="target", count=40)


def test_workbook_export_then_dry_run_then_import(zones, tmp_path):
    path = tmp_path / "registry.xlsx"
    out = io.StringIO()
    call_command("export_registry", str(path), "--language", "fr", stdout=out)
    assert "zone: 1 rows" in out.getvalue()
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames.index("zone") < workbook.sheetnames.index("zonejobfigure")
    ZoneJobFigure.objects.all().delete()
    Zone.objects.all().delete()
    out = io.StringIO()
    call_command("import_registry", str(path), "--dry-run", stdout=out)
    assert "zone: 1 new" in out.getvalue() and "Preview" in out.getvalue()
    assert not Zone.objects.exists()
    call_command("import_registry", str(path), stdout=io.StringIO())
    assert ZoneJobFigure.objects.get().zone.province.code == "03.231"
    out = io.StringIO()
    call_command("import_registry", str(path), stdout=out)
    assert "Nothing to change" in out.getvalue()


def test_json_workbook(zones, tmp_path):
    path = tmp_path / "registry.json"
    call_command("export_registry", str(path), stdout=io.StringIO())
    content = json.loads(path.read_text())
    assert list(content)[:2] == ["region", "province"] and content["zone"][0]["code"] == "Z1"
    assert not import_file(path.read_bytes(), "registry.json").changed


def test_one_table_csv(zones, tmp_path):
    path = tmp_path / "zones.csv"
    call_command("export_registry", str(path), "--table", "zone", stdout=io.StringIO())
    Zone.objects.filter(code="Z1").update(name_fr="Changed")
    call_command("import_registry", str(path), "--table", "zone", stdout=io.StringIO())
    assert Zone.objects.get().name_fr == "Un"


def test_errors_fail_the_command(zones, tmp_path):
    path = tmp_path / "zones.csv"
    path.write_text("code,name_fr,kind\nZ2,Deux,nope\n")
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_registry", str(path), "--table", "zone", stderr=err)
    assert "row 2, column kind:" in err.getvalue()
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_registry", str(path), stderr=err)
    assert "choose which table" in err.getvalue()
    with pytest.raises(CommandError, match="one table"):
        call_command("export_registry", str(tmp_path / "all.csv"))


def test_workbook_sheets_must_name_tables(zones):
    workbook = openpyxl.Workbook()
    workbook.active.title = "Feuil1"
    workbook.active.append(["code", "name_fr", "kind"])
    workbook.active.append(["Z9", "Neuf", "industrial_zone"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = import_file(buffer.getvalue(), "book.xlsx")
    assert "Sheet 'Feuil1' is not a registry table" in result.errors[0]
    # As a one-table import, the single sheet's title does not matter.
    assert import_file(buffer.getvalue(), "book.xlsx", model=Zone).ok
