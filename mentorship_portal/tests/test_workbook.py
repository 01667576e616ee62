"""The streamed workbook writer (write_workbook, sheet_xml.RowWriter): every kind of value
read back by openpyxl as what was written, formula safety, XML escaping, the sheet's frame
(frozen header, widths, fills, wrap), the chart a sheet's `decorate` adds, and tables longer
than Excel's row limit (no database)."""

import datetime as dt
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from lxml import etree
from openpyxl.chart import BarChart, Reference

from mentorship_portal import spreadsheets
from mentorship_portal.spreadsheets import Column, Percent, Sheet, write_workbook

GREEN = "D1E7DD"


def written(*sheets):
    buffer = io.BytesIO()
    write_workbook(buffer, sheets)
    return buffer.getvalue()


def loaded(content, **options):
    return openpyxl.load_workbook(io.BytesIO(content), **options)


def one_sheet(rows, columns=None, **options):
    """The sheet «Данные» of a workbook of `rows`, and the file's bytes."""
    columns = columns or [Column(f"C{n}") for n in range(1, 1 + max(map(len, rows)))]
    content = written(Sheet("Данные", columns, rows, heading=("Заголовок",), **options))
    return loaded(content)["Данные"], content


def data_cells(sheet, first_row=3):
    return [row for row in sheet.iter_rows(min_row=first_row)]


def test_numbers_stay_numbers_with_their_formats():
    columns = [Column("Число"), Column("Целое", kind="integer"), Column("Доля", kind="percent")]
    sheet, _content = one_sheet(
        [
            (Decimal("2.50"), 1234567, Decimal("85.3")),
            (-3, 7, 50),
            (0.25, None, Percent(None)),
            (True, False, "не применимо"),
        ],
        columns,
    )
    rows = data_cells(sheet)
    assert [[cell.value for cell in row] for row in rows] == [
        [2.5, 1234567, pytest.approx(0.853)],
        [-3, 7, 0.5],
        [0.25, None, None],
        [True, False, "не применимо"],
    ]
    assert [cell.data_type for cell in rows[0]] == ["n", "n", "n"]
    assert [rows[0][1].number_format, rows[1][1].number_format] == ["# ##0", "# ##0"]
    assert [rows[0][2].number_format, rows[1][2].number_format] == ["0.0%", "0.0%"]
    assert rows[0][0].number_format == "General"
    assert [rows[3][0].data_type, rows[3][2].data_type] == ["b", "s"]


def test_percent_in_any_column_and_dates_as_real_dates():
    moment = dt.datetime(2024, 3, 1, 5, 30, tzinfo=dt.UTC)  # 12:30 in Tomsk
    sheet, _content = one_sheet(
        [(Percent(12.5), dt.date(2024, 2, 29), moment, dt.datetime(2023, 12, 31, 23, 59))]
    )
    percent, day, aware, naive = data_cells(sheet)[0]
    assert (percent.value, percent.number_format) == (0.125, "0.0%")
    assert (day.value, day.number_format) == (dt.datetime(2024, 2, 29), "DD.MM.YYYY")
    assert (aware.value, aware.number_format) == (
        dt.datetime(2024, 3, 1, 12, 30),
        "DD.MM.YYYY HH:MM",
    )
    assert naive.value == dt.datetime(2023, 12, 31, 23, 59)


@pytest.mark.parametrize(
    "text",
    [
        "=1+2",
        "+7 913",
        "-1",
        "@SUM(A1)",
        "\tx",
        "\r=1",
        '=HYPERLINK("http://x","y")',
        "=cmd|' /C calc'!A0",
    ],
)
def test_formula_like_strings_are_text_with_a_quote_prefix(text):
    sheet, content = one_sheet([(text, "обычный текст")])
    formula_like, ordinary = data_cells(sheet)[0]
    assert (formula_like.value, formula_like.data_type, formula_like.quotePrefix) == (
        text,
        "s",
        True,
    )
    assert (ordinary.value, ordinary.quotePrefix) == ("обычный текст", False)
    xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in xml and b"<f " not in xml


def test_error_codes_and_number_like_text_stay_text():
    sheet, _content = one_sheet([("#N/A", "#DIV/0!", "0012", "1e5")])
    cells = data_cells(sheet)[0]
    assert [(cell.value, cell.data_type) for cell in cells] == [
        ("#N/A", "s"), ("#DIV/0!", "s"), ("0012", "s"), ("1e5", "s"),
    ]  # fmt: skip


def test_xml_special_and_control_characters():
    names = [
        "ООО «Ромашка» & <Партнёры> \"кавычки\" 'апостроф'",
        "a\x00b\x07c\x1fd\ufffe",
        "  пробелы по краям  ",
        "строка 1\nстрока 2",
        "]]> <![CDATA[ x",
        "🙂 emoji",
    ]
    sheet, content = one_sheet([(name,) for name in names], [Column("Имя", width=60)])
    assert [row[0].value for row in data_cells(sheet)] == [
        names[0], "abcd", names[2], names[3], names[4], names[5],
    ]  # fmt: skip
    archive = zipfile.ZipFile(io.BytesIO(content))
    for name in archive.namelist():
        if name.endswith(".xml"):
            etree.fromstring(archive.read(name))  # well-formed, or this raises
    read_only = loaded(content, read_only=True)["Данные"]
    assert [row[0] for row in read_only.iter_rows(min_row=3, values_only=True)][:2] == [
        names[0],
        "abcd",
    ]


def test_text_past_excels_cell_limit_is_cut():
    sheet, _content = one_sheet([("я" * 40000,)])
    value = data_cells(sheet)[0][0].value
    assert (len(value), value[-2:]) == (32767, "я…")


def test_frame_heading_frozen_header_and_widths():
    columns = [Column("Организация", width=50), Column("Короткое"), Column("Длинный заголовок")]
    rows = [("Школа № 1", "x" * 80, 1), ("Школа № 2", "y", 2)]
    content = written(Sheet("Лист: отчёт/2024", columns, rows, heading=("Первая", "Вторая")))
    sheet = loaded(content).active
    assert sheet.title == "Лист отчёт 2024"
    assert [row[0] for row in sheet.iter_rows(max_row=3, values_only=True)] == [
        "Первая",
        "Вторая",
        "Организация",
    ]
    assert sheet["A1"].font.b and sheet["A1"].font.sz == 12
    assert [sheet.cell(3, column).font.b for column in (1, 2, 3)] == [True, True, True]
    assert sheet.freeze_panes == "A4"
    # Given, fitted to the longest sampled cell (within the limit), fitted to the header's words.
    assert [sheet.column_dimensions[c].width for c in "ABC"] == [50, 60, 11]
    assert sheet["A4"].value == "Школа № 1"


def test_fills_colour_statuses_and_long_text_wraps():
    columns = [Column("Статус", width=10), Column("Комментарий", width=10)]
    sheet, _content = one_sheet(
        [("Принято", "коротко"), ("Возвращено", "длинный комментарий с переносом")],
        columns,
        fills={"Принято": GREEN},
    )
    (accepted, short), (returned, long) = data_cells(sheet)
    assert (accepted.fill.fill_type, accepted.fill.fgColor.rgb) == ("solid", "00" + GREEN)
    assert returned.fill.fill_type is None and short.fill.fill_type is None
    assert long.alignment.wrap_text is True
    assert not short.alignment.wrap_text


def test_decorate_adds_a_chart_over_the_data_rows():
    seen = []

    def add_chart(worksheet, first_row, last_row):
        seen.append((first_row, last_row))
        chart = BarChart()
        chart.add_data(
            Reference(worksheet, min_col=2, min_row=first_row - 1, max_row=last_row),
            titles_from_data=True,
        )
        worksheet.add_chart(chart, "D2")

    rows = [("а", 0.5), ("б", 0.75), ("в", 1)]
    content = written(
        Sheet("Сводка", [Column("Мероприятие"), Column("Полнота")], rows, decorate=add_chart),
        Sheet("Пусто", [Column("Организация")], iter(())),
    )
    assert seen == [(2, 4)]
    archive = zipfile.ZipFile(io.BytesIO(content))
    chart = archive.read("xl/charts/chart1.xml")
    assert b"<barChart>" in chart
    assert "<f>'Сводка'!$B$2:$B$4</f>".encode() in chart  # the series: the three data rows
    assert b"drawing" in archive.read("xl/worksheets/_rels/sheet1.xml.rels")
    assert b"<drawing " in archive.read("xl/worksheets/sheet1.xml")
    book = loaded(content)
    assert book.sheetnames == ["Сводка", "Пусто"]
    assert [row[0].value for row in book["Сводка"].iter_rows(min_row=2)] == ["а", "б", "в"]
    assert list(book["Пусто"].iter_rows(values_only=True)) == [("Организация",)]


def test_a_table_past_excels_row_limit_goes_on_in_a_second_sheet(monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_ROWS", 6)  # heading, header and four rows a sheet
    rows = ((f"Организация {n}", n) for n in range(1, 11))
    content = written(
        Sheet("Просрочено", [Column("Организация"), Column("Дней")], rows, heading=("Итоги",))
    )
    book = loaded(content)
    assert book.sheetnames == ["Просрочено", "Просрочено (2)", "Просрочено (3)"]
    numbers = []
    for sheet in book:
        values = list(sheet.iter_rows(values_only=True))
        assert values[:2] == [("Итоги", None), ("Организация", "Дней")]
        assert sheet.freeze_panes == "A3"
        numbers += [row[1] for row in values[2:]]
    assert numbers == list(range(1, 11))
