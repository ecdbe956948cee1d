"""A real browser edits a zone in the Arabic admin and finds the change in its history."""

from decimal import Decimal

from tests import factories


def test_edit_a_zone_in_arabic_and_see_it_in_history(
    live_server, page, screenshot, django_user_model
):
    django_user_model.objects.create_superuser("editor", "editor@example.org", "s3cret-pass")
    zone = factories.ZoneFactory(
        code="ZAE-AIT-KAMRA",
        name_ar="منطقة الأنشطة الاقتصادية آيت قمرة",
        name_fr="Zone d'activités économiques d'Aït Kamra",
        area_ha=Decimal("11"),
    )
    factories.ZoneFactory(code="ZN-AIN-CHKEF", name_ar="المنطقة الصناعية لعين الشقف")

    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.fill("#id_username", "editor")
    page.fill("#id_password", "s3cret-pass")
    page.click("input[type=submit]")
    page.wait_for_selector("#registry-dashboard")

    page.click("#language-switcher button[value=ar]")
    page.wait_for_selector("html[lang=ar][dir=rtl]")
    screenshot("admin-dashboard-ar")

    page.goto(f"{live_server.url}/admin/registry/zone/")
    page.fill("#searchbar", "ايت قمره")  # no hamza, haa for taa marbuta
    page.press("#searchbar", "Enter")
    results = page.locator("#result_list tbody tr")
    results.first.wait_for()
    assert results.count() == 1
    results.first.locator("th a").click()

    screenshot("admin-zone-change-ar")
    page.fill("#id_area_ha", "12.5")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    zone.refresh_from_db()
    assert zone.area_ha == Decimal("12.5")

    page.goto(f"{live_server.url}/admin/registry/zone/{zone.pk}/history/")
    history = page.locator("#change-history")
    history.wait_for()
    text = history.inner_text()
    assert "المساحة (هكتار)" in text
    assert "11.0000" in text and "12.5000" in text
    assert "استمارة الإدارة" in text and "editor" in text  # origin "admin form", user

    assert screenshot("admin-zone-history-ar").stat().st_size > 10_000
