"""In Chromium: staff invite a new head by e-mail; the head sets a password from the link in
the e-mail and signs in; the used link then says so."""

import os
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.management import call_command

from accounts.models import User, UserAction

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCHOOL = "Вершининская СОШ"
PASSWORD = "Вершинино-наставник-2026"


@pytest.fixture
def demo_roadmap(demo):
    with open(os.devnull, "w") as quiet:
        call_command("load_roadmap", "fixtures/roadmap-order-654-2020.json", stdout=quiet)


def test_staff_invite_a_head_who_sets_a_password_and_signs_in(
    browser, live_server, demo_roadmap, sign_in
):
    staff = browser.new_context(locale="ru-RU").new_page()
    sign_in(staff, "office1")
    staff.get_by_role("link", name="Пользователи").click()
    staff.get_by_role("link", name="Пригласить").click()
    staff.get_by_label("Фамилия").fill("Новикова")
    staff.locator("#id_first_name").fill("Анна")
    staff.get_by_label("Отчество").fill("Сергеевна")
    staff.get_by_label("Электронная почта").fill("novikova@example.org")
    staff.get_by_label("Роль").select_option(label="Руководитель организации")
    staff.get_by_label("Организация").select_option(label=SCHOOL)
    staff.get_by_role("button", name="Отправить приглашение").click()
    staff.get_by_text("Приглашение отправлено на novikova@example.org").wait_for()
    assert staff.get_by_role("heading", name="Новикова Анна Сергеевна").is_visible()
    assert "Приглашён" in staff.get_by_test_id("history").inner_text()

    [letter] = mail.outbox
    assert letter.to == ["novikova@example.org"]
    link = re.search(r"https?://\S+/accounts/set-password/\S+", letter.body).group(0)
    link = live_server.url + urlsplit(link).path

    head = browser.new_context(locale="ru-RU").new_page()
    head.goto(link)
    head.get_by_role("heading", name="Пароль для входа").wait_for()
    head.locator("#id_new_password1").fill(PASSWORD)
    head.locator("#id_new_password2").fill(PASSWORD)
    head.get_by_role("button", name="Сохранить пароль").click()
    head.get_by_text("Пароль задан.").wait_for()
    head.get_by_label("Имя пользователя").fill("novikova@example.org")
    head.get_by_label("Пароль").fill(PASSWORD)
    head.get_by_role("button", name="Войти").click()
    menu = head.get_by_test_id("user-menu")
    menu.wait_for(state="attached")  # in the collapsed menu on narrow windows
    assert menu.text_content().strip() == "Новикова Анна Сергеевна"
    assert "Моя организация" in head.get_by_test_id("main-menu").text_content()

    head.goto(link)
    assert (
        head.get_by_test_id("link-problem").inner_text().startswith("Эта ссылка уже использована")
    )
    user = User.objects.get(email="novikova@example.org")
    assert list(user.events.order_by("pk").values_list("action", flat=True)) == [
        UserAction.INVITED,
        UserAction.PASSWORD_SET,
    ]
