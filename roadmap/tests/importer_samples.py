"""Sample roadmap files for importer and upload tests (no Django needed).

Writers take either a directory (a default file name is used) or a file path
and return the path written. ``rows`` is the whole table including its header;
``None`` or "" leaves a cell empty. ``merges`` are (first_row, first_col,
last_row, last_col) 0-based indexes into ``rows``, inclusive, merged for real:
``cell.merge()`` in Word, ``ws.merge_cells()`` in Excel (put the text in the
top-left cell only).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import docx
import openpyxl

HEADER = ("№", "Мероприятия", "Форма представления результата", "Сроки", "Ответственные")

UO = "Управление образования Администрации Томского района"
HEADS = "Руководители образовательных организаций"
TOIPKRO = "ТОИПКРО"

# Order No. 654 of 30.12.2020, laid out as in the PDF
# (/work/shared/seed/roadmap-order-654-2020.txt).
SEED_HEADING_LINES = (
    "Приложение №2 к приказу",
    "Управления образования",
    "от 30.12.2020 г. № 654",
    "Дорожная карта по реализации муниципальной программы: «Развитие наставничества "
    "в системе образования",
    "Томского района на 2020—2024 годы»",
)
SEED_TITLE = (
    "Дорожная карта по реализации муниципальной программы: «Развитие наставничества "
    "в системе образования Томского района на 2020—2024 годы»"
)
SEED_PROGRAMME_TITLE = (
    "Развитие наставничества в системе образования Томского района на 2020—2024 годы"
)

# (stage title, [(number, title, result form, [(deadline, responsible), ...]), ...])
SEED_STAGES = [
    (
        "Подготовительный этап",
        [
            (
                "1",
                "Изучение и систематизация имеющихся материалов по реализации наставничества",
                "Распоряжение ДОО ТО от 13.04.2020 № 305-р «Об утверждении региональной "
                "программы «Развитие наставничества в системе общего образования Томской "
                "области на 2020-2024 г.г.»",
                [("декабрь 2020", UO)],
            ),
            (
                "2",
                "Назначение ответственного лица за реализацию наставничества",
                "Издание приказа о назначении ответственного лица за реализацию программы",
                [("До 20.11.2021 г.", UO), ("До 01.12.2021г.", HEADS)],
            ),
        ],
    ),
    (
        "Реализация и актуализация нормативно-правовых и организационно - методических "
        "документов по развитию системы наставничества на школьном и муниципальном уровнях",
        [
            (
                "1",
                "Разработка и утверждение дорожной карты и муниципальной программы по "
                "развитию системы наставничества на муниципальном уровне",
                "Издание приказа об утверждении дорожной карты и муниципальной программы "
                "по развитию системы наставничества",
                [("До 30.12.2020 г.", UO)],
            ),
            (
                "2",
                "Разработка и утверждение дорожных карт и программ наставничества "
                "муниципальных образовательных организаций",
                "Наличие дорожных карт и программ в муниципальных образовательных организациях",
                [("Январь-март 2022 г.", HEADS)],
            ),
            (
                "3",
                "Создание информационных ресурсов для размещения материалов по реализации "
                "программы наставничества",
                "Наличие раздела на сайте с содержательным наполнением",
                [("До 01.03.2022 г., далее постоянно", f"{UO}, {HEADS}")],
            ),
            (
                "4",
                "Разработка муниципальных критериев оценки эффективности системы "
                "наставничества на уровне муниципалитета/ образовательной организации на "
                "основании региональных критериев",
                "Наличие методики оценки эффективности системы наставничества",
                [("После утверждения региональных критериев", f"{UO}, {HEADS}")],
            ),
            (
                "5",
                "Разработка пакета локальных актов по развитию системы наставничества на "
                "уровне муниципалитета/образовательной организации",
                "Наличие локальных актов",
                [("До 30.09.2022", f"{UO}, {HEADS}")],
            ),
            (
                "6",
                "Организация мониторинга наличия пакета локальных актов по развитию "
                "системы наставничества на уровне муниципалитета/образовательной "
                "организации",
                "Наличие локальных актов",
                [("ежегодно", f"{UO}, {HEADS}")],
            ),
            (
                "7",
                "Организация ежегодного мониторинга эффективности по развитию системы "
                "наставничества на уровне муниципалитета/образовательной организации",
                "Аналитическая справка, приказ",
                [("ежегодно", f"{UO} {HEADS}")],  # no comma in the original
            ),
            (
                "8",
                "Разработка комплекса мер на муниципальном уровне по стимулированию, "
                "сопровождению и поддержке педагогических работников в качестве наставников",
                "Наличие комплекса мер",
                [("До 01.12.2022", f"{UO} {HEADS}")],  # no comma in the original
            ),
        ],
    ),
    (
        "Создание информационно-коммуникативного пространства для развития системы наставничества",
        [
            (
                "1",
                "Организация участия в семинарах, вебинарах, совещаниях по содержательным "
                "компонентам реализации программы наставничества, в т.ч. с применением "
                "технологий видеоконференцсвязи для обеспечения доступности участия всех "
                "заинтересованных лиц",
                "Информирование о проведении мероприятий",
                [("ежегодно", f"{UO}, {TOIPKRO}")],
            ),
        ],
    ),
    (
        "Формирование комплексного подхода к модернизации системы повышения "
        "профессионального уровня педагогов-наставников и муниципальных координаторов "
        "программ по развитию системы наставничества и устранению их профессиональных "
        "дефицитов",
        [
            (
                "1",
                "Организация участия в курсах повышения квалификации для педагогических кадров",
                "Наличие участников. Подготовка списка слушателей и оформление заявки.",
                [("ежегодно", f"{UO}, {HEADS}")],
            ),
            (
                "2",
                "Создание системы адресной методической поддержки педагогов-наставников и "
                "муниципальных координаторов в формате методических вебинаров, семинаров, "
                "методических объединений.",
                "Программы семинаров, вебинаров, отчеты об их проведении",
                [("ежегодно", f"{UO}, {TOIPKRO}")],
            ),
            (
                "3",
                "Вовлечение педагогических работников общеобразовательных организаций "
                "Томского района в участие в профессиональных педагогических конкурсах для "
                "наставников на уровне региона (количество участников)",
                "Наличие участников профессиональных конкурсов от образовательных организаций",
                [("ежегодно", f"{UO}, {HEADS}")],
            ),
            (
                "4",
                "Организация и проведение профессионального конкурса для педагогов-"
                "наставников на уровне муниципалитета",
                "Наличие профессиональных конкурсов",
                [("ежегодно", f"{UO}, {TOIPKRO}")],
            ),
        ],
    ),
]


def roadmap_table(stages=SEED_STAGES, header=HEADER, numbers_as_int=False):
    """(rows, merges) of a roadmap table laid out as the seed document.

    Each stage is a row merged across the table; an activity with several
    deadlines takes one row per deadline, its number, title and result merged
    down over them.
    """
    rows: list[list] = [list(header)]
    merges: list[tuple[int, int, int, int]] = []
    width = len(header)
    for stage_title, activities in stages:
        merges.append((len(rows), 0, len(rows), width - 1))
        rows.append([stage_title] + [None] * (width - 1))
        for number, title, result_form, deadlines in activities:
            first = len(rows)
            shown_number = int(number) if numbers_as_int and number.isdigit() else number
            for index, (deadline, responsible) in enumerate(deadlines):
                start = [shown_number, title, result_form] if index == 0 else [None] * 3
                rows.append(start + [deadline, responsible])
            if len(deadlines) > 1:
                merges += [(first, column, len(rows) - 1, column) for column in range(3)]
    return rows, merges


def write_seed_docx(path) -> Path:
    """The seed roadmap (order No. 654) as a Word document with merged cells."""
    rows, merges = roadmap_table()
    return write_docx(_target(path, "seed-roadmap.docx"), rows, SEED_HEADING_LINES, merges)


def write_seed_xlsx(path) -> Path:
    """The seed roadmap as an Excel workbook: heading rows, numbers as numbers, merges."""
    rows, merges = roadmap_table(numbers_as_int=True)
    return write_xlsx(_target(path, "seed-roadmap.xlsx"), rows, SEED_HEADING_LINES, merges)


def write_xlsx(
    path,
    rows: Sequence[Sequence],
    heading_lines: Sequence[str] = (),
    merges: Sequence[tuple[int, int, int, int]] = (),
    *,
    sheet_title: str = "Дорожная карта",
    first_sheet_rows: Sequence[Sequence] | None = None,
) -> Path:
    """Write an .xlsx: heading lines (merged across the table), a blank row, then ``rows``.

    ``first_sheet_rows`` adds a sheet before the roadmap sheet and makes it the
    active one (a workbook whose first sheet is something else).
    """
    target = _target(path, "roadmap.xlsx")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = sheet_title
    width = max((len(row) for row in rows), default=1)
    for line in heading_lines:
        sheet.append([line])
        if width > 1:
            sheet.merge_cells(
                start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=width
            )
    offset = len(heading_lines) + 1 if heading_lines else 0
    for index, row in enumerate(rows, start=offset + 1):
        for column, value in enumerate(row, start=1):
            if value is not None and value != "":
                sheet.cell(row=index, column=column, value=value)
    for first_row, first_col, last_row, last_col in merges:
        sheet.merge_cells(
            start_row=offset + first_row + 1,
            start_column=first_col + 1,
            end_row=offset + last_row + 1,
            end_column=last_col + 1,
        )
    if first_sheet_rows is not None:
        other = workbook.create_sheet("Пояснения", 0)
        for row in first_sheet_rows:
            other.append(list(row))
        workbook.active = 0
    workbook.save(target)
    return target


def xlsx_row_number(table_row: int, heading_lines: Sequence[str] = ()) -> int:
    """The sheet row (1-based) write_xlsx() puts ``rows[table_row]`` on."""
    return table_row + 1 + (len(heading_lines) + 1 if heading_lines else 0)


def write_docx(
    path,
    rows: Sequence[Sequence],
    heading_lines: Sequence[str] = (),
    merges: Sequence[tuple[int, int, int, int]] = (),
    *,
    before_table: Sequence[Sequence[Sequence]] = (),
) -> Path:
    """Write a .docx: heading paragraphs, then ``rows`` as a table (cell text may hold
    line breaks). ``before_table`` adds other tables (rows of cell values) before the
    roadmap table, e.g. a layout table holding the approval stamp."""
    target = _target(path, "roadmap.docx")
    document = docx.Document()
    for line in heading_lines:
        document.add_paragraph(line)
    for other_rows in before_table:
        _add_table(document, other_rows)
    table = _add_table(document, rows)
    for first_row, first_col, last_row, last_col in merges:
        table.cell(first_row, first_col).merge(table.cell(last_row, last_col))
    document.save(target)
    return target


def write_docx_without_table(path, lines: Sequence[str] = SEED_HEADING_LINES) -> Path:
    """A Word document with paragraphs only: not a roadmap."""
    target = _target(path, "no-table.docx")
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    document.save(target)
    return target


def write_garbage(path, name: str = "broken.xlsx") -> Path:
    """Bytes that are no zip archive, under the given name."""
    target = _target(path, name)
    target.write_bytes(b"\x00not really an office document\xff" * 10)
    return target


def _add_table(document, rows: Sequence[Sequence]):
    width = max((len(row) for row in rows), default=1)
    table = document.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    for row_index, row in enumerate(rows):
        for column, value in enumerate(row):
            if value is not None and value != "":
                table.cell(row_index, column).text = str(value)
    return table


def _target(path, default_name: str) -> Path:
    path = Path(path)
    if path.is_dir():
        path = path / default_name
    path.parent.mkdir(parents=True, exist_ok=True)
    return path
