"""An importer uploads a spreadsheet in the admin: errors first, then preview, then confirm."""

from decimal import Decimal

from registry.groups import IMPORTER, sync_groups
from registry.models import Zone
from tests import factories

from .conftest import log_in

HEADERS = "code,nom (français),type,superficie (hectares),préfecture ou province"


def upload(page, path):
    page.set_input_files("input[type=file]", str(path))
    page.click("input[type=submit]")
    page.wait_for_selector(".import-summary")


def test_an_importer_previews_then_confirms_in_arabic(
    live_server, page, screenshot, django_user_model, tmp_path
):
    sync_groups()
    importer = django_user_model.objects.create_user("importer", password="s3cret-pass")
    importer.is_staff = True
    importer.save()
    importer.groups.add(importer.groups.model.objects.get(name=IMPORTER))
    fes = factories.ProvinceFactory(code="03.231", name_fr="Fès", name_ar="فاس")
    factories.ZoneFactory(
        code="ZI-BENSOUDA", name_fr="Bensouda", area_ha=Decimal("150"), province=fes
    )

    bad = tmp_path / "zones-bad.csv"
    bad.write_text(
        f"{HEADERS}\nZI-NEW,Nouvelle zone,industrial_zone,12,Fès\n"
        'ZI-BENSOUDA,Bensouda,industrial_zone,"2 ,15",Fès\n',
        encoding="utf-8",
    )
    good = tmp_path / "zones.csv"
    good.write_text(
        f"{HEADERS}\nZI-NEW,Nouvelle zone,industrial_zone,١٢٫٥,Fès\n"
        "ZI-BENSOUDA,Bensouda,industrial_zone,154,03.231\n",
        encoding="utf-8",
    )

    log_in(page, live_server.url, "importer", "s3cret-pass")
    page.goto(f"{live_server.url}/admin/registry/zone/")
    page.click("a.import-link")
    upload(page, bad)
    errors = page.locator(".import-errors li").all_inner_texts()
    assert len(errors) == 1
    assert errors[0].startswith("row 3, column superficie (hectares): ")
    assert page.locator("input[value='Confirm import']").count() == 0
    assert not Zone.objects.filter(code="ZI-NEW").exists()

    page.click("#language-switcher button[value=ar]")
    page.wait_for_selector("html[lang=ar][dir=rtl]")
    page.goto(f"{live_server.url}/admin/registry/zone/import/")
    upload(page, good)
    counts = page.locator(".import-counts")
    assert counts.locator("th").all_inner_texts()[:3] == ["جديد", "مُعدَّل", "دون تغيير"]
    assert counts.locator("td").all_inner_texts()[:3] == ["1", "1", "0"], page.inner_text(
        "#content"
    )
    diff = page.locator(".import-diff tbody").inner_text()
    assert "150" in diff and "154" in diff and "مُعدَّل" in diff
    screenshot("admin-import-preview-ar")
    assert not Zone.objects.filter(code="ZI-NEW").exists()  # a preview writes nothing

    page.click("form[action$='/confirm/'] input[type=submit]")
    page.wait_for_selector(".messagelist .success")
    new = Zone.objects.get(code="ZI-NEW")
    assert new.area_ha == Decimal("12.5") and new.province == fes
    assert Zone.objects.get(code="ZI-BENSOUDA").area_ha == 154
    assert new.history.get().history_user == importer
