"""The drill-down in Chromium: a regional user starts at the region (one row per district),
opens the district (one row per school), then a school's page, and walks back up by the path."""

import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_region_to_district_to_school_and_back(browser, live_server, demo_region_user, sign_in):
    page = browser.new_context(locale="ru-RU").new_page()
    sign_in(page, "region")
    page.get_by_test_id("user-menu").wait_for()
    page.goto(f"{live_server.url}/obligations/summary/")
    children = page.get_by_test_id("scope-children")
    children.get_by_role("link", name="Управление образования").click()
    path = page.get_by_test_id("scope-path")
    assert path.get_by_role("link", name="ДОО ТО").is_visible()
    page.get_by_test_id("scope-children").get_by_role("link", name="Богашёвская СОШ").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("МАОУ «Богашёвская")
    page.get_by_test_id("scope-path").get_by_role("link", name="Управление образования").click()
    assert "node=" in page.url
    assert (
        page.get_by_test_id("scope-children")
        .get_by_role("link", name="Богашёвская СОШ")
        .is_visible()
    )
