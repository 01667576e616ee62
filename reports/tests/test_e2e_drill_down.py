"""The dashboard's drill-down in Chromium: a regional user lands on the region's dashboard (one
row per district), opens the district (its figures, one row per school), then the district's
annual report, which keeps the district in its breadcrumbs, rows and downloads."""

import os

import pytest

from organizations.management.commands.seed_demo import OFFICE_NAME
from organizations.models import Organization

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_region_dashboard_to_district_to_its_annual_report(
    browser, live_server, demo_region_user, sign_in
):
    district = Organization.objects.get(name=OFFICE_NAME)
    page = browser.new_context(locale="ru-RU").new_page()
    sign_in(page, "region")
    page.get_by_test_id("key-figures").wait_for()  # staff land on the dashboard
    assert page.get_by_test_id("scope-path").inner_text().strip() == "ДОО ТО"

    branches = page.get_by_test_id("branches")
    branches.get_by_role("link", name="Управление образования", exact=True).click()
    page.wait_for_url(f"**node={district.pk}**")
    assert page.get_by_test_id("scope-path").get_by_role("link", name="ДОО ТО").is_visible()
    rows = page.get_by_test_id("branches").get_by_test_id("branch-row").count()
    assert rows == district.children.count() + 1  # the office's own row first

    page.get_by_test_id("annual-link").click()
    page.get_by_role("heading", name="Итоги мониторинга").wait_for()
    assert f"node={district.pk}" in page.url
    path = page.get_by_test_id("scope-path")
    assert path.get_by_role("link", name="ДОО ТО").is_visible()
    assert "Управление образования" in path.inner_text()
    assert page.get_by_test_id("branches").get_by_test_id("branch-row").count() == rows
    download = page.get_by_test_id("downloads").get_by_role("link", name="Скачать таблицы (.xlsx)")
    assert f"node={district.pk}" in download.get_attribute("href")
