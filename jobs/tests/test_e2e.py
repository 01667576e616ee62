"""In Chromium: office staff start the evidence ZIP of an activity from the summary, land on
the job's page and download the archive (the job runs inline: no broker in the tests)."""

import os
import zipfile

import pytest
from django.core.management import call_command

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = os.environ.get("SCREENSHOT_DIR")


@pytest.mark.parametrize("width", [1366, 390])
def test_office_zips_an_activity_and_downloads_it(
    browser, live_server, demo, sign_in, tmp_path, width
):
    with open(os.devnull, "w") as quiet:
        call_command("load_roadmap", "fixtures/roadmap-order-654-2020.json", stdout=quiet)
    context = browser.new_context(
        locale="ru-RU", viewport={"width": width, "height": 900}, accept_downloads=True
    )
    page = context.new_page()
    sign_in(page, "office1")
    page.goto(f"{live_server.url}/obligations/summary/")
    page.get_by_role("button", name="ZIP").first.click()
    assert page.get_by_test_id("job-status").inner_text() == "Готово"
    assert page.locator(".progress-bar").evaluate("bar => bar.style.width") == "100%"
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/job-{width}.png", full_page=True)
    with page.expect_download() as info:
        page.get_by_test_id("job-download").click()
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    assert saved.name.startswith("evidence-activity-")
    assert "manifest.csv" in zipfile.ZipFile(saved).namelist()
    page.get_by_role("link", name="Мои задания").click()
    assert page.get_by_test_id("job-row").count() == 1
    context.close()
