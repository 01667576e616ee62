"""Tests of roadmap.importers: reading roadmap .xlsx/.docx files (no database).

Run: .venv/bin/python -m pytest -p no:django -p no:cacheprovider roadmap/tests/test_importers.py
"""

from __future__ import annotations

import datetime
import io
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from hypothesis import given, settings, strategies as st

from roadmap.importers import (
    ImportedDeadlineRow,
    ImportedRoadmap,
    RoadmapImportError,
    interpret_table,
    is_all_heads,
    parse_heading,
    read_roadmap,
    split_responsible,
    split_stage_number,
)
from roadmap.importers.table import NO_TABLE
from roadmap.tests import importer_samples as samples
from roadmap.tests.importer_samples import HEADER, HEADS, SEED_STAGES, TOIPKRO, UO

FORMATS = ("xlsx", "docx")
BROKEN = "Файл повреждён или не является документом Excel/Word"
NO_ACTIVITIES = "В таблице нет ни одного мероприятия"


def write(fmt, directory, rows, heading_lines=(), merges=()) -> Path:
    writer = samples.write_xlsx if fmt == "xlsx" else samples.write_docx
    return writer(directory, rows, heading_lines, merges)


def read(path: Path) -> ImportedRoadmap:
    with path.open("rb") as handle:
        return read_roadmap(handle, path.name)


def table_row(fmt, index, heading_lines=()) -> int:
    """Row number the reader reports for rows[index] as written by write()."""
    if fmt == "xlsx":
        return samples.xlsx_row_number(index, heading_lines)
    return index + 1  # a Word table's own rows, the header being row 1


def summary(roadmap: ImportedRoadmap):
    """Stages in the shape of importer_samples.SEED_STAGES."""
    return [
        (
            stage.title,
            [
                (
                    activity.number,
                    activity.title,
                    activity.result_form,
                    [(row.deadline, row.responsible) for row in activity.deadline_rows],
                )
                for activity in stage.activities
            ],
        )
        for stage in roadmap.stages
    ]


def error_of(path: Path) -> str:
    with pytest.raises(RoadmapImportError) as caught:
        read(path)
    return str(caught.value)


# --- the seed roadmap (order No. 654 of 30.12.2020) -------------------------


@pytest.fixture(params=FORMATS)
def seed(request, tmp_path):
    writer = samples.write_seed_xlsx if request.param == "xlsx" else samples.write_seed_docx
    path = writer(tmp_path)
    return request.param, read(path)


def test_seed_counts(seed):
    _fmt, roadmap = seed
    activities = [activity for stage in roadmap.stages for activity in stage.activities]
    assert len(roadmap.stages) == 4
    assert [len(stage.activities) for stage in roadmap.stages] == [2, 8, 1, 4]
    assert len(activities) == 15
    assert sum(len(activity.deadline_rows) for activity in activities) == 16


def test_seed_every_text(seed):
    _fmt, roadmap = seed
    assert summary(roadmap) == SEED_STAGES
    assert [stage.number for stage in roadmap.stages] == ["", "", "", ""]


def test_seed_first_activity(seed):
    _fmt, roadmap = seed
    first = roadmap.stages[0].activities[0]
    assert (first.number, first.title) == (
        "1",
        "Изучение и систематизация имеющихся материалов по реализации наставничества",
    )
    assert first.result_form == (
        "Распоряжение ДОО ТО от 13.04.2020 № 305-р «Об утверждении региональной программы "
        "«Развитие наставничества в системе общего образования Томской области на "
        "2020-2024 г.г.»"
    )
    assert [(row.deadline, row.responsible) for row in first.deadline_rows] == [
        ("декабрь 2020", "Управление образования Администрации Томского района")
    ]


def test_seed_two_deadline_rows(seed):
    fmt, roadmap = seed
    second = roadmap.stages[0].activities[1]
    lines = samples.SEED_HEADING_LINES
    # rows: 0 header, 1 stage, 2 activity 1, 3-4 activity 2 (merged number/title/result)
    assert second.source_row == table_row(fmt, 3, lines)
    assert second.deadline_rows == [
        ImportedDeadlineRow("До 20.11.2021 г.", UO, table_row(fmt, 3, lines)),
        ImportedDeadlineRow("До 01.12.2021г.", HEADS, table_row(fmt, 4, lines)),
    ]


def test_seed_heading(seed):
    _fmt, roadmap = seed
    assert roadmap.title == samples.SEED_TITLE
    assert roadmap.programme_title == samples.SEED_PROGRAMME_TITLE
    assert roadmap.order_number == "654"
    assert roadmap.order_date == datetime.date(2020, 12, 30)
    assert roadmap.appendix == "Приложение №2"
    assert roadmap.issuer == "Управления образования"
    assert (roadmap.first_year, roadmap.last_year) == (2020, 2024)


def test_seed_responsible_bodies(seed):
    _fmt, roadmap = seed
    stage2 = roadmap.stages[1]
    no_comma = stage2.activities[6].deadline_rows[0].responsible
    assert split_responsible(no_comma) == [UO, HEADS]
    toipkro = roadmap.stages[2].activities[0].deadline_rows[0].responsible
    assert split_responsible(toipkro) == [UO, TOIPKRO]


def test_seed_writers_accept_file_paths(tmp_path):
    docx_path = samples.write_seed_docx(tmp_path / "sub" / "order-654.docx")
    xlsx_path = samples.write_seed_xlsx(tmp_path / "order-654.xlsx")
    assert docx_path == tmp_path / "sub" / "order-654.docx" and docx_path.is_file()
    assert summary(read(xlsx_path)) == summary(read(docx_path)) == SEED_STAGES


# --- columns, heading and layout variants -----------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_columns_in_other_order_and_names(fmt, tmp_path):
    rows = [
        ["Ответственные исполнители", "Срок исполнения", "Наименование мероприятия", "N п/п",
         "Ожидаемый результат"],
        [UO, "до 01.09.2021", "Совещание руководителей", "1.", "Протокол"],
        [f"{UO};\n{HEADS}", "ежегодно", "Мониторинг", "2.", ""],
    ]  # fmt: skip
    roadmap = read(write(fmt, tmp_path, rows))
    assert summary(roadmap) == [
        (
            "Мероприятия",
            [
                ("1.", "Совещание руководителей", "Протокол", [("до 01.09.2021", UO)]),
                ("2.", "Мониторинг", "", [("ежегодно", f"{UO}; {HEADS}")]),
            ],
        )
    ]
    assert roadmap.stages[0].number == ""


@pytest.mark.parametrize(
    "labels",
    [
        ("№", "Мероприятие", "Результат", "Срок", "Ответственный"),
        ("Номер", "Содержание мероприятия", "Форма результата", "Сроки реализации",
         "Исполнители"),
        ("№\nп/п", "Наименование\nмероприятий", "Форма представления\nрезультата",
         "Сроки исполнения:", "Исполнитель"),
        ("N", "МЕРОПРИЯТИЯ", "Ожидаемый результат", "Срок выполнения", "Ответственные"),
    ],
)  # fmt: skip
@pytest.mark.parametrize("fmt", FORMATS)
def test_header_synonyms(fmt, tmp_path, labels):
    rows = [list(labels), ["1", "Семинар", "Программа", "март 2021", TOIPKRO]]
    assert summary(read(write(fmt, tmp_path, rows))) == [
        ("Мероприятия", [("1", "Семинар", "Программа", [("март 2021", TOIPKRO)])])
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_title_lines_above_header(fmt, tmp_path):
    heading = [
        "УТВЕРЖДЁН",
        "приказом Управления образования Администрации Томского района",
        "от 15 марта 2021 г. N 101-п",
        "ПЛАН МЕРОПРИЯТИЙ",
        "по внедрению целевой модели наставничества на 2021-2023 г.г.",
    ]
    rows = [list(HEADER), ["1", "Семинар", "", "апрель 2021", UO]]
    roadmap = read(write(fmt, tmp_path, rows, heading))
    assert roadmap.title == (
        "ПЛАН МЕРОПРИЯТИЙ по внедрению целевой модели наставничества на 2021-2023 г.г."
    )
    assert roadmap.programme_title == ""
    assert (roadmap.first_year, roadmap.last_year) == (2021, 2023)
    assert roadmap.order_number == "101-п"
    assert roadmap.order_date == datetime.date(2021, 3, 15)
    assert roadmap.issuer == "Управления образования Администрации Томского района"
    assert roadmap.appendix == ""
    assert summary(roadmap) == [("Мероприятия", [("1", "Семинар", "", [("апрель 2021", UO)])])]


def test_docx_heading_in_layout_table(tmp_path):
    stamp = [["", "Приложение 3 к приказу Управления образования от 01.02.2022 № 77"]]
    path = samples.write_docx(
        tmp_path,
        [list(HEADER), ["1", "Семинар", "", "май", UO]],
        heading_lines=["Дорожная карта «Наставничество» на 2022 год"],
        before_table=[stamp],
    )
    roadmap = read(path)
    assert (roadmap.appendix, roadmap.order_number) == ("Приложение 3", "77")
    assert roadmap.order_date == datetime.date(2022, 2, 1)
    assert roadmap.programme_title == "Наставничество"
    assert (roadmap.first_year, roadmap.last_year) == (2022, 2022)


def test_xlsx_heading_rows_inside_sheet(tmp_path):
    rows = [
        ["Приложение №1", None, None, None, "к приказу от 30.12.2020 г. № 654"],
        ["Дорожная карта «Развитие наставничества» 2020–2024 годы"],
        [],
        list(HEADER),
        [1, "Семинар", None, None, None],
    ]
    roadmap = read(samples.write_xlsx(tmp_path, rows))
    assert roadmap.appendix == "Приложение №1"
    assert (roadmap.order_number, roadmap.order_date) == ("654", datetime.date(2020, 12, 30))
    assert roadmap.title == "Дорожная карта «Развитие наставничества» 2020–2024 годы"
    assert (roadmap.first_year, roadmap.last_year) == (2020, 2024)
    assert roadmap.stages[0].activities[0].source_row == 5


@pytest.mark.parametrize("fmt", FORMATS)
def test_stage_as_column(fmt, tmp_path):
    rows = [
        ["Этап", "№", "Мероприятие", "Срок", "Ответственный"],
        ["I. Подготовительный этап", "1", "Приказ", "январь", UO],
        ["", "2", "Положение", "февраль", HEADS],
        ["I. Подготовительный этап", "3", "Совещание", "март", UO],
        ["II. Основной этап", "1", "Семинар", "апрель", TOIPKRO],
        ["", "2", "Конкурс", "май", UO],
    ]
    roadmap = read(write(fmt, tmp_path, rows))
    assert [(stage.number, stage.title) for stage in roadmap.stages] == [
        ("I.", "Подготовительный этап"),
        ("II.", "Основной этап"),
    ]
    assert [[a.title for a in stage.activities] for stage in roadmap.stages] == [
        ["Приказ", "Положение", "Совещание"],
        ["Семинар", "Конкурс"],
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_stage_column_merged_down(fmt, tmp_path):
    rows = [
        ["Этапы", "№", "Мероприятия", "Сроки", "Ответственные"],
        ["Подготовка", "1", "Приказ", "январь", UO],
        ["", "2", "Положение", "февраль", UO],
        ["Реализация", "1", "Семинар", "апрель", UO],
    ]
    roadmap = read(write(fmt, tmp_path, rows, merges=[(1, 0, 2, 0)]))
    assert [(stage.title, len(stage.activities)) for stage in roadmap.stages] == [
        ("Подготовка", 2),
        ("Реализация", 1),
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_stages_at_all(fmt, tmp_path):
    rows = [list(HEADER), ["1", "Приказ", "", "январь", UO], ["2", "Семинар", "", "май", UO]]
    roadmap = read(write(fmt, tmp_path, rows))
    assert [(stage.number, stage.title) for stage in roadmap.stages] == [("", "Мероприятия")]
    assert [activity.number for activity in roadmap.stages[0].activities] == ["1", "2"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_numbered_stage_rows(fmt, tmp_path):
    rows = [
        list(HEADER),
        ["I", "Подготовительный этап", "", "", ""],
        ["1", "Приказ", "", "январь", UO],
        ["2.", "Организационный этап", "", "", ""],
        ["2.1", "Семинар", "", "май", UO],
        ["2.2", "Конкурс", "", "июнь", UO],
        ["3.", "Основной этап", None, None, None],
        ["4", "Мониторинг", "", "", ""],
    ]
    roadmap = read(write(fmt, tmp_path, rows, merges=[(6, 1, 6, 4)]))
    assert [(stage.number, stage.title) for stage in roadmap.stages] == [
        ("I", "Подготовительный этап"),
        ("2.", "Организационный этап"),
        ("3.", "Основной этап"),
    ]
    # "4 | Мониторинг" with nothing else is an activity without deadline.
    last = roadmap.stages[2].activities
    assert [(a.number, a.title, a.deadline_rows) for a in last] == [
        ("4", "Мониторинг", [ImportedDeadlineRow("", "", table_row(fmt, 7))])
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_stage_number_prefixes_in_merged_rows(fmt, tmp_path):
    rows = [
        list(HEADER),
        ["I. Подготовительный этап", None, None, None, None],
        ["1", "Приказ", "", "январь", UO],
        ["2. Основной этап", None, None, None, None],
        ["1", "Семинар", "", "май", UO],
        ["2021 год", None, None, None, None],
        ["1", "Конкурс", "", "июнь", UO],
    ]
    merges = [(index, 0, index, 4) for index in (1, 3, 5)]
    roadmap = read(write(fmt, tmp_path, rows, merges=merges))
    assert [(stage.number, stage.title) for stage in roadmap.stages] == [
        ("I.", "Подготовительный этап"),
        ("2.", "Основной этап"),
        ("", "2021 год"),
    ]


def test_xlsx_unmerged_stage_row_in_first_cell(tmp_path):
    rows = [list(HEADER), ["Подготовительный этап"], [1, "Приказ", None, "январь", UO]]
    roadmap = read(samples.write_xlsx(tmp_path, rows))
    assert summary(roadmap) == [("Подготовительный этап", [("1", "Приказ", "", [("январь", UO)])])]


def test_xlsx_numeric_and_date_cells(tmp_path):
    rows = [
        list(HEADER),
        [1, "Первое", None, datetime.datetime(2021, 9, 1), UO],
        [2.3, "Второе", None, datetime.date(2022, 1, 15), UO],
        [3.0, "Третье", None, 2021, UO],
        ["4.", "Четвёртое", None, "ежегодно", UO],
    ]
    roadmap = read(samples.write_xlsx(tmp_path, rows))
    assert [(a.number, a.deadline_rows[0].deadline) for a in roadmap.stages[0].activities] == [
        ("1", "01.09.2021"),
        ("2.3", "15.01.2022"),
        ("3", "2021"),
        ("4.", "ежегодно"),
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_text_numbers_kept_as_written(fmt, tmp_path):
    rows = [
        list(HEADER),
        ["1", "А", "", "май", UO],
        ["1.1.", "Б", "", "", ""],
        ["2.3", "В", "", "", ""],
    ]
    roadmap = read(write(fmt, tmp_path, rows))
    assert [a.number for a in roadmap.stages[0].activities] == ["1", "1.1.", "2.3"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_merged_continuation_rows(fmt, tmp_path):
    rows = [
        list(HEADER),
        ["1", "Семинар для наставников", "Программа", "март 2021", UO],
        [None, None, None, "апрель 2021", HEADS],
        [None, None, None, "май 2021", TOIPKRO],
        ["2", "Конкурс", "Положение", "ежегодно", UO],
    ]
    merges = [(1, column, 3, column) for column in range(3)]
    roadmap = read(write(fmt, tmp_path, rows, merges=merges))
    first, second = roadmap.stages[0].activities
    assert first.deadline_rows == [
        ImportedDeadlineRow("март 2021", UO, table_row(fmt, 1)),
        ImportedDeadlineRow("апрель 2021", HEADS, table_row(fmt, 2)),
        ImportedDeadlineRow("май 2021", TOIPKRO, table_row(fmt, 3)),
    ]
    assert (second.number, second.title, len(second.deadline_rows)) == ("2", "Конкурс", 1)


@pytest.mark.parametrize("fmt", FORMATS)
def test_unmerged_continuation_rows(fmt, tmp_path):
    rows = [
        list(HEADER),
        ["1", "Семинар", "Программа", "март", UO],
        ["", "", "", "апрель", ""],
        ["", "", "", "", HEADS],
        ["", "", "", "", ""],
        ["2", "Конкурс", "", "", ""],
    ]
    roadmap = read(write(fmt, tmp_path, rows))
    first, second = roadmap.stages[0].activities
    assert [(r.deadline, r.responsible) for r in first.deadline_rows] == [
        ("март", UO),
        ("апрель", ""),
        ("", HEADS),
    ]
    assert second.deadline_rows == [ImportedDeadlineRow("", "", table_row(fmt, 5))]


@pytest.mark.parametrize("fmt", FORMATS)
def test_deadline_merged_down_over_activities(fmt, tmp_path):
    rows = [
        list(HEADER),
        ["1", "Приказ", "", "ежегодно", UO],
        ["2", "Семинар", "", None, HEADS],
    ]
    roadmap = read(write(fmt, tmp_path, rows, merges=[(1, 3, 2, 3)]))
    assert [[(r.deadline, r.responsible) for r in a.deadline_rows]
            for a in roadmap.stages[0].activities] == [
        [("ежегодно", UO)], [("ежегодно", HEADS)]
    ]  # fmt: skip


@pytest.mark.parametrize("fmt", FORMATS)
def test_without_deadline_and_responsible_columns(fmt, tmp_path):
    rows = [["№", "Мероприятия"], ["1", "Приказ"], ["2", "Семинар"]]
    roadmap = read(write(fmt, tmp_path, rows))
    assert summary(roadmap) == [
        ("Мероприятия", [("1", "Приказ", "", [("", "")]), ("2", "Семинар", "", [("", "")])])
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_without_numbers(fmt, tmp_path):
    rows = [
        ["Мероприятия", "Сроки", "Ответственные"],
        ["Приказ", "январь", UO],
        ["Семинар", "май", UO],
    ]
    roadmap = read(write(fmt, tmp_path, rows))
    assert [(a.number, a.title) for a in roadmap.stages[0].activities] == [
        ("", "Приказ"),
        ("", "Семинар"),
    ]


def test_docx_table_continued_after_page_break(tmp_path):
    path = samples.write_docx(
        tmp_path, [list(HEADER), ["1", "2", "3", "4", "5"], ["1", "Приказ", "", "", UO]]
    )
    document = docx.Document(path)
    document.add_paragraph("Продолжение таблицы")
    continued = document.add_table(rows=2, cols=5)
    for column, text in enumerate(HEADER):
        continued.cell(0, column).text = text
    for column, text in enumerate(["2", "Семинар", "", "май", UO]):
        continued.cell(1, column).text = text
    document.add_paragraph("Начальник Управления образования")
    document.save(path)
    roadmap = read(path)
    assert [(a.number, a.title) for a in roadmap.stages[0].activities] == [
        ("1", "Приказ"),
        ("2", "Семинар"),
    ]


def test_xlsx_roadmap_on_second_sheet(tmp_path):
    path = samples.write_xlsx(
        tmp_path,
        [list(HEADER), [1, "Приказ", None, "январь", UO]],
        first_sheet_rows=[["Пояснительная записка"], ["Текст без таблицы"]],
    )
    assert summary(read(path)) == [("Мероприятия", [("1", "Приказ", "", [("январь", UO)])])]


def test_xlsx_rows_below_table_are_not_stages(tmp_path):
    rows = [
        list(HEADER),
        [1, "Приказ", None, "январь", UO],
        [],
        ["Начальник Управления образования"],
    ]
    roadmap = read(samples.write_xlsx(tmp_path, rows))
    assert [stage.title for stage in roadmap.stages] == ["Мероприятия"]


# --- entry points and file objects ------------------------------------------


def test_read_roadmap_extension_is_case_insensitive(tmp_path):
    path = samples.write_seed_xlsx(tmp_path)
    data = path.read_bytes()
    assert summary(read_roadmap(io.BytesIO(data), "ROADMAP.XLSX")) == SEED_STAGES
    docx_data = samples.write_seed_docx(tmp_path).read_bytes()
    assert summary(read_roadmap(io.BytesIO(docx_data), "Карта.Docx")) == SEED_STAGES


def test_stream_already_read_is_rewound(tmp_path):
    stream = io.BytesIO(samples.write_seed_docx(tmp_path).read_bytes())
    stream.read()
    assert len(read_roadmap(stream, "seed.docx").stages) == 4


def test_read_from_open_files(tmp_path):
    with samples.write_seed_xlsx(tmp_path).open("rb") as handle:
        assert read_roadmap(handle, "seed.xlsx").order_number == "654"
    with samples.write_seed_docx(tmp_path).open("rb") as handle:
        assert read_roadmap(handle, "seed.docx").order_number == "654"


def test_no_django_imported():
    code = (
        "import sys, roadmap.importers; "
        "sys.exit(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    root = Path(__file__).resolve().parents[2]
    assert subprocess.run([sys.executable, "-c", code], cwd=root).returncode == 0


# --- refusals ----------------------------------------------------------------


@pytest.mark.parametrize("name", ["roadmap.odt", "roadmap.xls", "roadmap.doc", "roadmap"])
def test_unsupported_extension(name):
    with pytest.raises(RoadmapImportError) as caught:
        read_roadmap(io.BytesIO(b"whatever"), name)
    assert "не поддерживается: загрузите .xlsx, .docx или .pdf" in str(caught.value)
    assert str(caught.value).startswith("Формат файла ")


@pytest.mark.parametrize("name", ["broken.xlsx", "broken.docx"])
def test_garbage_bytes(tmp_path, name):
    assert error_of(samples.write_garbage(tmp_path, name)) == BROKEN


def test_wrong_kind_of_office_file(tmp_path):
    xlsx_bytes = samples.write_seed_xlsx(tmp_path).read_bytes()
    docx_bytes = samples.write_seed_docx(tmp_path).read_bytes()
    for data, name in ((xlsx_bytes, "a.docx"), (docx_bytes, "a.xlsx"), (b"", "empty.xlsx")):
        with pytest.raises(RoadmapImportError) as caught:
            read_roadmap(io.BytesIO(data), name)
        assert str(caught.value) == BROKEN


def test_docx_without_table(tmp_path):
    assert error_of(samples.write_docx_without_table(tmp_path)) == NO_TABLE


@pytest.mark.parametrize("fmt", FORMATS)
def test_table_without_activity_column(fmt, tmp_path):
    rows = [["№", "Показатель", "Значение"], ["1", "Доля наставников", "10%"]]
    assert error_of(write(fmt, tmp_path, rows)) == NO_TABLE


def test_xlsx_empty_workbook(tmp_path):
    assert error_of(samples.write_xlsx(tmp_path, [])) == NO_TABLE


@pytest.mark.parametrize("fmt", FORMATS)
def test_empty_table(fmt, tmp_path):
    rows = [list(HEADER), ["", "", "", "", ""], ["Подготовительный этап", None, None, None, None]]
    assert error_of(write(fmt, tmp_path, rows, merges=[(2, 0, 2, 4)])) == NO_ACTIVITIES


@pytest.mark.parametrize("fmt", FORMATS)
def test_activity_without_title(fmt, tmp_path):
    rows = [list(HEADER), ["1", "Приказ", "", "январь", UO], ["2", "", "", "май", UO]]
    row = table_row(fmt, 2)
    assert (
        error_of(write(fmt, tmp_path, rows)) == f"Строка {row}: у мероприятия № 2 нет наименования"
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_repeated_number_in_stage(fmt, tmp_path):
    rows = [list(HEADER), ["1", "Приказ", "", "", ""], ["1.", "Семинар", "", "", ""]]
    message = error_of(write(fmt, tmp_path, rows))
    assert message == (
        f"Строка {table_row(fmt, 2)}: номер мероприятия 1. уже встречается в этом этапе "
        f"(строка {table_row(fmt, 1)})"
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_continuation_before_any_activity(fmt, tmp_path):
    rows = [list(HEADER), ["", "", "", "январь", UO], ["1", "Приказ", "", "", ""]]
    message = error_of(write(fmt, tmp_path, rows))
    assert message == (
        f"Строка {table_row(fmt, 1)}: сроки и ответственные указаны до первого мероприятия"
    )


def test_error_carries_row():
    with pytest.raises(RoadmapImportError) as caught:
        interpret_table([list(HEADER), ["7", "", "", "", ""]])
    assert caught.value.row == 2
    assert isinstance(caught.value, ValueError)


# --- responsible bodies ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "bodies"),
    [
        (f"{UO} {HEADS}", [UO, HEADS]),
        (f"{UO}, {TOIPKRO}", [UO, TOIPKRO]),
        (f"{UO},\n{HEADS} ", [UO, HEADS]),
        (f"{UO}; {UO}.", [UO]),
        ("Управление образования руководители ОО", ["Управление образования", "руководители ОО"]),
        ("ТОИПКРО Руководители ОУ;", ["ТОИПКРО", "Руководители ОУ"]),
        ("УО Руководители МОО", ["УО", "Руководители МОО"]),
        ("УО Руководители образовательных учреждений",
         ["УО", "Руководители образовательных учреждений"]),
        ("Заместители руководителей ОО по УВР", ["Заместители руководителей ОО по УВР"]),
        ("МБОУ «Школа № 1, г. Томск», ТОИПКРО", ["МБОУ «Школа № 1, г. Томск»", "ТОИПКРО"]),
        ("  ,; \n", []),
        ("", []),
    ],
)  # fmt: skip
def test_split_responsible(text, bodies):
    assert split_responsible(text) == bodies


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Руководители образовательных организаций", True),
        ("руководители ОО", True),
        ("Руководителям образовательных учреждений", True),
        ("Руководители ОУ", True),
        ("руководители МОО.", True),
        ("Руководители общеобразовательных организаций (по согласованию)", True),
        (UO, False),
        ("Заместители руководителей ОО", False),
        ("ТОИПКРО", False),
    ],
)
def test_is_all_heads(text, expected):
    assert is_all_heads(text) is expected


# --- heading and stage number parsing ---------------------------------------


def test_heading_from_pdf_lines():
    roadmap = parse_heading(samples.SEED_HEADING_LINES)
    assert roadmap == ImportedRoadmap(
        title=samples.SEED_TITLE,
        programme_title=samples.SEED_PROGRAMME_TITLE,
        order_number="654",
        order_date=datetime.date(2020, 12, 30),
        appendix="Приложение №2",
        issuer="Управления образования",
        first_year=2020,
        last_year=2024,
    )


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["Дорожная карта \"Наставник\" на 2021-2022 годы"], ("Наставник", 2021, 2022)),
        (["ДОРОЖНАЯ КАРТА", "по реализации программы «Школа «Наставник»» 2020 – 2024"],
         ("Школа «Наставник»", 2020, 2024)),
        (["План мероприятий «Наставник» на 2021/2022 учебный год"], ("Наставник", 2021, 2022)),
        (["План мероприятий без кавычек"], ("", None, None)),
        (["Текст без заголовка"], ("", None, None)),
    ],
)  # fmt: skip
def test_heading_title_variants(lines, expected):
    roadmap = parse_heading(lines)
    assert (roadmap.programme_title, roadmap.first_year, roadmap.last_year) == expected


def test_heading_bad_date_is_ignored():
    roadmap = parse_heading(["к приказу от 31.02.2020 № 5"])
    assert (roadmap.order_number, roadmap.order_date) == ("5", None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I. Подготовительный этап", ("I.", "Подготовительный этап")),
        ("1. Подготовка", ("1.", "Подготовка")),
        ("IV Мониторинг", ("IV", "Мониторинг")),
        ("2021 год", ("", "2021 год")),
        ("Подготовительный этап", ("", "Подготовительный этап")),
    ],
)
def test_split_stage_number(text, expected):
    assert split_stage_number(text) == expected


# --- robustness --------------------------------------------------------------

cells = st.one_of(
    st.sampled_from(["", "", "1", "1.", "2", "Приказ", "ежегодно", UO, "Этап"]),
    st.text(max_size=12),
)


@settings(max_examples=300, deadline=None)
@given(
    header=st.permutations(list(HEADER)),
    body=st.lists(st.lists(cells, min_size=0, max_size=6), max_size=8),
)
def test_interpret_table_raises_only_import_errors(header, body):
    try:
        content = interpret_table([header, *body])
    except RoadmapImportError as error:
        assert str(error)
        return
    assert content.stages[0].activities or len(content.stages) > 1
    assert content.stages[-1].activities  # rows below the table make no stage
    for stage in content.stages:
        for activity in stage.activities:
            assert activity.title and activity.deadline_rows


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("Уа ,;\n«»()ОРруководители")), max_size=60))
def test_split_responsible_properties(text):
    bodies = split_responsible(text)
    assert all(body and body == body.strip() for body in bodies)
    assert len({body.lower() for body in bodies}) == len(bodies)
    assert not any("\n" in body for body in bodies)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=80), max_size=6))
def test_parse_heading_never_raises(lines):
    roadmap = parse_heading(lines)
    assert roadmap.stages == []
    if roadmap.first_year is not None:
        assert roadmap.first_year <= roadmap.last_year


@pytest.fixture(scope="module")
def seed_bytes(tmp_path_factory):
    directory = tmp_path_factory.mktemp("seed")
    return {
        "xlsx": samples.write_seed_xlsx(directory).read_bytes(),
        "docx": samples.write_seed_docx(directory).read_bytes(),
    }


@settings(max_examples=60, deadline=None)
@given(
    fmt=st.sampled_from(FORMATS),
    damage=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), min_size=1, max_size=4),
    cut=st.floats(0.05, 1),
)
def test_damaged_files_raise_only_import_errors(seed_bytes, fmt, damage, cut):
    data = bytearray(seed_bytes[fmt])
    for where, value in damage:
        data[int(where * (len(data) - 1))] = value
    data = bytes(data[: max(1, int(len(data) * cut))])
    try:
        read_roadmap(io.BytesIO(data), f"damaged.{fmt}")
    except RoadmapImportError:
        pass
