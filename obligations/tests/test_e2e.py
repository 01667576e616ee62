"""The whole path in Chromium: a head submits a local act with a file, staff return it with a
comment, the head resubmits, staff accept; the history shows all four steps."""

import os
import re

import pytest
from django.core.management import call_command

from obligations.models import Obligation, ObligationStatus

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ACTIVITY = "2.5 Разработка пакета локальных актов"


@pytest.fixture
def demo_roadmap(demo):
    with open(os.devnull, "w") as quiet:
        call_command("load_roadmap", "fixtures/roadmap-order-654-2020.json", stdout=quiet)


def signed_in(browser, sign_in, username):
    context = browser.new_context(locale="ru-RU")
    page = context.new_page()
    sign_in(page, username)
    page.get_by_test_id("user-menu").wait_for()
    return page


def test_submit_return_resubmit_accept(browser, live_server, demo_roadmap, tmp_path, sign_in):
    scan = tmp_path / "polozhenie.pdf"
    scan.write_bytes(b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n%%EOF\n")

    head = signed_in(browser, sign_in, "bogashevo")
    head.get_by_role("link", name=re.compile(ACTIVITY)).first.click()
    obligation_url = head.url
    form = head.get_by_test_id("evidence-form")
    form.get_by_label("Вид подтверждения").select_option("local_act")
    form.get_by_label("Наименование").fill("Положение о наставничестве")
    form.get_by_label("Вид локального акта").select_option(label="Положение о наставничестве")
    form.get_by_label("Номер акта").fill("45-о")
    form.get_by_label("Дата акта").fill("15.09.2022")
    form.get_by_label("Файл").set_input_files(str(scan))
    form.get_by_role("button", name="Добавить", exact=True).click()
    assert head.get_by_text("Подтверждение добавлено, но ещё не отправлено.").is_visible()
    assert head.get_by_test_id("not-sent-notice").is_visible()
    assert head.get_by_role("link", name="polozhenie.pdf").is_visible()
    head.get_by_role("button", name="Отправить на проверку").click()
    assert head.get_by_text("Отправлено на проверку в управление образования.").is_visible()

    office = signed_in(browser, sign_in, "office1")
    office.get_by_role("link", name="Проверка").click()
    office.get_by_test_id("queue").get_by_role("link", name="Открыть").first.click()
    assert office.url == obligation_url
    office.get_by_text("Вернуть на доработку", exact=True).click()
    office.get_by_label("Что нужно исправить").fill("Нет подписи руководителя")
    office.get_by_role("button", name="Вернуть с комментарием").click()
    assert office.get_by_text("Возвращено на доработку с комментарием.").is_visible()

    head.goto(obligation_url)
    assert head.get_by_test_id("history").get_by_text("Нет подписи руководителя").is_visible()
    head.get_by_role("button", name="Отправить на проверку").click()

    office.goto(obligation_url)
    office.get_by_role("button", name="Принять").click()
    office.goto(obligation_url)
    assert office.get_by_test_id("status").inner_text().strip() == "Принято"

    head.goto(obligation_url)
    steps = [
        line.split(":")[0].strip()
        for line in head.get_by_test_id("history").locator("li strong").all_inner_texts()
    ]
    assert [
        s for s in steps if s in ("Отправлено на проверку", "Возвращено на доработку", "Принято")
    ] == [
        "Отправлено на проверку",
        "Возвращено на доработку",
        "Отправлено на проверку",
        "Принято",
    ]
    obligation = Obligation.objects.get(pk=int(obligation_url.rstrip("/").rsplit("/", 1)[1]))
    assert obligation.status == ObligationStatus.ACCEPTED


def test_the_evidence_form_shows_and_marks_the_chosen_kinds_fields(
    browser, live_server, demo_roadmap, sign_in
):
    head = signed_in(browser, sign_in, "bogashevo")
    head.get_by_role("link", name=re.compile(ACTIVITY)).first.click()
    form = head.get_by_test_id("evidence-form")

    def required_mark(field):
        return form.locator(f"#div_id_{field} label .asteriskField")

    form.get_by_label("Вид подтверждения").select_option("local_act")
    for field in ("act_type", "act_date"):
        assert required_mark(field).is_visible()
    assert required_mark("act_number").count() == 0
    assert form.locator("#div_id_url").is_hidden()

    form.get_by_label("Вид подтверждения").select_option("link")
    assert required_mark("url").is_visible()
    assert form.locator("#div_id_act_type").is_hidden()
    assert form.locator("#div_id_file").is_hidden()

    form.get_by_label("Вид подтверждения").select_option("file")
    assert required_mark("file").is_visible()
    assert form.locator("#div_id_url").is_hidden()
