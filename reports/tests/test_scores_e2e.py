"""In Chromium: staff compute the year's efficiency scores from the ranking page, open one
organization's score and see its criteria with the inputs behind them."""

import os

import pytest

from organizations.models import Organization
from reports.models import Score

from .scoring_data import FULL_VALUES, accepted_return

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_staff_compute_rank_and_open_a_score(browser, live_server, demo, sign_in):
    school = Organization.objects.get(short_name="Богашёвская СОШ")
    accepted_return(school, 2023, FULL_VALUES)
    context = browser.new_context(locale="ru-RU", viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, "office1")
    page.goto(f"{live_server.url}/reports/scores/?year=2023")
    page.get_by_role("button", name="Рассчитать оценки").click()
    assert page.get_by_text("Оценки за 2023 год рассчитаны").is_visible()
    first = page.get_by_test_id("ranking").get_by_role("row").nth(1)
    assert "Богашёвская СОШ" in first.inner_text()
    first.get_by_role("link").click()
    summary = page.get_by_test_id("score-summary").inner_text()
    score = Score.objects.get(organization=school, year=2023)
    assert f"{score.percent}".replace(".", ",") in summary
    assert page.get_by_text("ST01 = 100").first.is_visible()  # on a phone: under the criterion
    context.close()
