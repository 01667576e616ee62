"""The year's return in Chromium: a head fills it in and submits, staff return it with a
comment, the head fixes and resubmits, staff accept; the history shows every step."""

import os

import pytest
from django.utils import timezone

from reports.models import IndicatorReturn, ReturnStatus

from .return_data import school_post

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def signed_in(browser, sign_in, username):
    page = browser.new_context(locale="ru-RU").new_page()
    sign_in(page, username)
    page.get_by_test_id("user-menu").wait_for()
    return page


def fill_in(page, values):
    for name, value in values.items():
        if name == "IN01":
            page.locator(f"input[name=IN01][value={value}]").check()
        elif name != "QL03":
            page.locator(f"[name='{name}']").fill(value)


def test_fill_in_submit_return_fix_accept(browser, live_server, demo, sign_in):
    head = signed_in(browser, sign_in, "bogashevo")
    head.get_by_test_id("main-menu").get_by_role("link", name="Показатели").click()
    fill_in(head, school_post(PR01="9"))
    head.get_by_role("button", name="Отправить на проверку").click()
    # The pairs by form add up to 10, not 9: refused, with the message beside PR01.
    row = head.locator(".indicator-row[data-code=PR01]")
    assert row.get_by_test_id("field-error").inner_text() == (
        "Должно равняться сумме PR02 + PR03 + PR04 + PR05 + PR06: 10."
    )
    assert head.locator("[name=ST01]").input_value() == "500"  # nothing typed is lost
    head.locator("[name=PR01]").fill("10")
    head.get_by_role("button", name="Отправить на проверку").click()
    assert head.get_by_text("Отчёт отправлен на проверку.").is_visible()
    return_url = head.url

    office = signed_in(browser, sign_in, "office1")
    office.get_by_test_id("main-menu").get_by_role("link", name="Показатели").click()
    office.get_by_test_id("filter-submitted").click()
    office.get_by_test_id("returns").get_by_role("link", name="Богашёвская СОШ").click()
    assert office.url == return_url
    review = office.get_by_test_id("review-form")
    review.get_by_label("Вернуть на доработку").check()
    review.get_by_role("button", name="Сохранить решение").click()
    assert review.get_by_text("Укажите, что нужно исправить: комментарий обязателен.").is_visible()
    review.get_by_label("Вернуть на доработку").check()
    review.get_by_label("Комментарий").fill("Молодых педагогов в школе четверо")
    review.get_by_role("button", name="Сохранить решение").click()
    assert office.get_by_text("Отчёт возвращён на доработку.").is_visible()

    head.goto(return_url)
    assert (
        head.get_by_test_id("history").get_by_text("Молодых педагогов в школе четверо").is_visible()
    )
    head.locator("[name=TE04]").fill("4")
    head.get_by_role("button", name="Отправить на проверку").click()
    assert head.get_by_text("Отчёт отправлен на проверку.").is_visible()

    office.goto(return_url)
    office.get_by_test_id("review-form").get_by_label("Принять").check()
    office.get_by_role("button", name="Сохранить решение").click()
    assert office.get_by_test_id("return-status").get_by_text("Принято").is_visible()
    indicator_return = IndicatorReturn.objects.get(year=timezone.localdate().year)
    assert indicator_return.status == ReturnStatus.ACCEPTED
    assert list(indicator_return.events.values_list("action", flat=True)) == [
        "submitted",
        "returned",
        "submitted",
        "accepted",
    ]
