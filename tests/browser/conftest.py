"""Headless Debian ``chromium`` driven by Playwright through ``executable_path``
(``playwright install`` cannot download browsers on offline build machines)."""

import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
OUTPUT = Path(__file__).resolve().parents[2] / "test-output"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items):
    skip = pytest.mark.skip(
        reason=f"no Chromium at {CHROMIUM}: install Debian's with "
        "`sudo apt-get install chromium` (or set CHROMIUM=/path/to/chromium)"
    )
    for item in items:
        if HERE in Path(item.fspath).resolve().parents:
            item.add_marker(pytest.mark.browser)
            if not CHROMIUM.exists():
                item.add_marker(skip)


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


@pytest.fixture
def screenshot(page):
    """``screenshot("name")`` saves a full-page PNG under test-output/ and returns its path."""
    OUTPUT.mkdir(exist_ok=True)

    def take(name):
        path = OUTPUT / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def log_in(page, base_url, username, password):
    page.goto(f"{base_url}/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_selector("#registry-dashboard")
