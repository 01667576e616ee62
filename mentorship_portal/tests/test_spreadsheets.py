"""The shared xlsx writer: formatting, types and formula safety (no database)."""

import datetime as dt
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest

from mentorship_portal.spreadsheets import csv_safe, write_xlsx

HEADER = ["Текст", "Число", "Дата"]


def written(rows, **options):
    buffer = io.BytesIO()
    write_xlsx(buffer, header=HEADER, rows=rows, **{"title": "Отчёт", **options})
    return buffer.getvalue(), openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).active


def test_title_header_and_rows():
    _content, sheet = written([["а", 1, dt.date(2024, 2, 29)]], sheet_title="Лист: отчёт/2024")
    assert list(sheet.iter_rows(values_only=True)) == [
        ("Отчёт", None, None),
        ("Текст", "Число", "Дата"),
        ("а", 1, dt.datetime(2024, 2, 29)),
    ]
    assert sheet.title == "Лист отчёт 2024"
    assert [str(cells) for cells in sheet.merged_cells.ranges] == ["A1:C1"]
    assert [sheet.cell(2, column).font.b for column in (1, 2, 3)] == [True, True, True]
    assert sheet.freeze_panes == "A3"
    assert sheet["C3"].number_format == "DD.MM.YYYY"
    assert sheet["A3"].alignment.wrap_text is True
    assert sheet.column_dimensions["A"].width == 15


def test_several_title_lines_and_widths():
    _content, sheet = written([], title=["Первая", "Вторая"], column_widths=(40, None, 200))
    assert [row[0] for row in sheet.iter_rows(values_only=True)] == ["Первая", "Вторая", "Текст"]
    assert sheet.freeze_panes == "A4"
    assert [sheet.column_dimensions[c].width for c in "ABC"] == [40, 15, 60]


def test_numbers_stay_numbers_and_datetimes_are_local():
    moment = dt.datetime(2024, 3, 1, 5, 30, tzinfo=dt.UTC)  # 12:30 in Tomsk
    _content, sheet = written([["x", Decimal("2.5"), moment], ["y", -3, None], ["z", 0.25, True]])
    assert [cell.value for cell in sheet[3]] == ["x", 2.5, dt.datetime(2024, 3, 1, 12, 30)]
    assert sheet["C3"].number_format == "DD.MM.YYYY HH:MM"
    assert [cell.value for cell in sheet[4]] == ["y", -3, None]
    assert sheet["B4"].data_type == "n"
    assert [cell.value for cell in sheet[5]] == ["z", 0.25, True]


@pytest.mark.parametrize(
    "text", ["=1+2", "+7 913", "-1", "@SUM(A1)", "\tx", "\r=1", "=cmd|' /C calc'!A0"]
)
def test_formula_like_strings_are_text_with_a_quote_prefix(text):
    content, sheet = written([[text, None, None]])
    cell = sheet["A3"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)
    xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml  # no formula anywhere in the sheet


def test_ordinary_strings_have_no_quote_prefix_and_control_characters_are_dropped():
    _content, sheet = written([["обычный текст", None, None], ["a\x00b\x07c", None, None]])
    assert (sheet["A3"].value, sheet["A3"].quotePrefix) == ("обычный текст", False)
    assert sheet["A4"].value == "abc"


def test_csv_safe():
    assert [csv_safe(value) for value in ["=1", "-x", "@a", "\tb", "ok", 5, -5, None]] == [
        "'=1", "'-x", "'@a", "'\tb", "ok", 5, -5, None,
    ]  # fmt: skip
