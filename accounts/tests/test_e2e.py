"""Real-browser tests: Debian's Chromium, driven by Playwright, against a live server."""

import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_school_head_logs_in_and_sees_role_navigation(page, live_server, demo, sign_in):
    sign_in(page, "bogashevo")
    user_menu = page.get_by_test_id("user-menu")
    user_menu.wait_for()
    assert user_menu.inner_text() == "Иванова Марина Петровна"
    menu = page.get_by_test_id("main-menu").inner_text()
    assert "Организации" not in menu
    assert "Администрирование" not in menu


def test_office_staff_sees_organizations(page, live_server, demo, sign_in):
    sign_in(page, "office1")
    page.get_by_role("link", name="Организации").click()
    page.get_by_role("heading", name="Организации").wait_for()  # is_visible() does not wait
    assert page.get_by_role("heading", name="Организации").is_visible()
    assert page.get_by_role(
        "link", name="МАОУ «Богашёвская СОШ им. А.И. Федорова» Томского района"
    ).is_visible()


def test_wrong_password_shows_russian_error(page, live_server, demo):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Имя пользователя").fill("bogashevo")
    page.get_by_label("Пароль").fill("wrong")
    page.get_by_role("button", name="Войти").click()
    assert page.get_by_text("Неверное имя пользователя или пароль.").is_visible()
