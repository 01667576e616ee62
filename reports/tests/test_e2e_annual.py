"""The annual report in Chromium: office staff land on the dashboard, open the year's
report, enter the monitoring order and their conclusions, download the workbook, the
справка and the draft order, and the test opens all three."""

import io
import os

import docx
import openpyxl
import pytest
from django.core.management import call_command

from reports.models import ReportNote

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
CONCLUSIONS = "Наставничество охватило все школы района; две школы отстают по срокам."


def download(page, name, tmp_path):
    with page.expect_download() as info:
        page.get_by_test_id("downloads").get_by_role("link", name=name).click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    return target


def test_staff_write_conclusions_and_download_both_files(
    page, live_server, demo, sign_in, tmp_path
):
    call_command("load_roadmap", "fixtures/roadmap-order-654-2020.json", stdout=io.StringIO())
    sign_in(page, "office1")
    page.get_by_test_id("key-figures").wait_for()  # staff land on the dashboard
    page.get_by_test_id("annual-link").click()
    page.get_by_label("Год").select_option("2022")
    page.get_by_role("button", name="Показать").click()
    page.get_by_role("heading", name="Итоги мониторинга за 2022 год").wait_for()

    details = page.get_by_test_id("details-form")
    details.get_by_label("Номер приказа о проведении мониторинга").fill("312")
    details.get_by_label("Дата приказа").fill("01.11.2022")
    details.get_by_role("button", name="Сохранить сведения").click()
    page.get_by_text("Сведения о мониторинге сохранены.").wait_for()

    page.get_by_test_id("note-form").get_by_label("Выводы").fill(CONCLUSIONS)
    page.get_by_role("button", name="Сохранить текст").click()
    page.get_by_text("Текст справки сохранён.").wait_for()
    assert ReportNote.objects.get().conclusions == CONCLUSIONS

    workbook = openpyxl.load_workbook(download(page, "Скачать таблицы (.xlsx)", tmp_path))
    assert workbook.sheetnames == [
        "Сводка",
        "Мероприятия",
        "Организации",
        "Показатели",
        "Локальные акты",
        "Просрочено",
    ]
    assert workbook["Сводка"]["A1"].value == "Итоги мониторинга за 2022 год"

    note = docx.Document(download(page, "Скачать аналитическую справку (.docx)", tmp_path))
    text = "\n".join(p.text for p in note.paragraphs)
    assert CONCLUSIONS in text and "приказ от 01.11.2022 № 312" in text
    assert note.tables

    order = docx.Document(download(page, "Скачать проект приказа (.docx)", tmp_path))
    assert "ПРИКАЗ" in [p.text for p in order.paragraphs]
