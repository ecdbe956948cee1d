"""A real browser edits a zone in the Arabic admin and finds the change in its history.

Runs headless Debian ``chromium`` through Playwright's ``executable_path``
(``playwright install`` cannot download browsers on offline build machines).
"""

import os
from decimal import Decimal
from pathlib import Path

import pytest

from tests import factories

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
OUTPUT = Path(__file__).resolve().parents[2] / "test-output"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason=f"no Chromium at {CHROMIUM}: install Debian's with "
        "`sudo apt-get install chromium` (or set CHROMIUM=/path/to/chromium)",
    ),
]

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def page(monkeypatch):
    # Playwright's sync API runs an event loop in this thread, which Django takes for async
    # code; the ORM calls of this test are still made synchronously, one at a time.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        # The browser asks for English first, so switching to Arabic is the user's doing.
        context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
        context.set_default_timeout(15_000)
        yield context.new_page()
        context.close()
        browser.close()


def test_edit_a_zone_in_arabic_and_see_it_in_history(live_server, page, django_user_model):
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
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / "admin-dashboard-ar.png"), full_page=True)

    page.goto(f"{live_server.url}/admin/registry/zone/")
    page.fill("#searchbar", "ايت قمره")  # no hamza, haa for taa marbuta
    page.press("#searchbar", "Enter")
    results = page.locator("#result_list tbody tr")
    results.first.wait_for()
    assert results.count() == 1
    results.first.locator("th a").click()

    page.screenshot(path=str(OUTPUT / "admin-zone-change-ar.png"), full_page=True)
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

    screenshot = OUTPUT / "admin-zone-history-ar.png"
    page.screenshot(path=str(screenshot), full_page=True)
    assert screenshot.stat().st_size > 10_000
