"""One small writer for every .xlsx the portal produces: rows in, a formatted workbook out.

Exporters yield rows of plain values (str, int, float, Decimal, date, datetime, None); this
module turns (title, header, rows) into a sheet with a title row, a bold frozen header,
wrapped text, column widths and real date cells shown as DD.MM.YYYY.

Formula safety. A spreadsheet must never run what a user typed. Our rule:

* every str is written as a text cell (``data_type = "s"``, stored inline), never as a
  formula, whatever it starts with;
* a str that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return also gets
  Excel's *quote prefix* flag — exactly what Excel stores when a person types a leading
  apostrophe (``'=1+2``): the cell shows the text, and editing it in Excel or LibreOffice
  keeps it text instead of turning it into a formula;
* the text itself is not changed (no apostrophe is added to the value), so reading an export
  back — by our own importer or by openpyxl — gives exactly the string that was written.
  Control characters that the xlsx format cannot hold are dropped.

Numbers stay numbers and dates stay dates. For CSV, where no such flag exists, use
``csv_safe()``, which prefixes the apostrophe.

Two ways in: ``write_xlsx()`` for one small sheet (a normal workbook, merged title rows), and
``write_workbook()`` for large reports: several sheets streamed through openpyxl's write-only
mode, so memory stays flat however many rows the generators yield. Both put every value
through the same ``_put()``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import chain, islice

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "DD.MM.YYYY"
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"
PERCENT_FORMAT = "0.0%"
INTEGER_FORMAT = "# ##0"
DEFAULT_WIDTH = 15
MAX_WIDTH = 60
SHEET_TITLE_MAX = 31  # Excel's limit
_SHEET_TITLE_FORBIDDEN = str.maketrans({char: " " for char in "[]:*?/\\"})

_WRAP = Alignment(wrap_text=True, vertical="top")
_HEADER_FONT = Font(bold=True)
_TITLE_FONT = Font(bold=True, size=12)


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_TRIGGERS)


def csv_safe(value):
    """A value for a CSV cell: a formula-like string gets a leading apostrophe."""
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value


def write_xlsx(
    fileobj,
    *,
    header: Sequence[str],
    rows: Iterable[Sequence],
    title: str | Sequence[str] = (),
    sheet_title: str = "Лист1",
    column_widths: Sequence[int | None] = (),
) -> None:
    """Write one sheet to `fileobj` (a path or a binary file object).

    `title` is one line or several, each written in its own row above the header and merged
    across the table's width; then the header row (bold, frozen), then `rows`.
    """
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _sheet_title(sheet_title)
    width = len(header)
    lines = [title] if isinstance(title, str) else list(title)
    row_number = 0
    for line in lines:
        row_number += 1
        cell = sheet.cell(row=row_number, column=1)
        _put(cell, line)
        cell.font = _TITLE_FONT
        cell.alignment = Alignment(wrap_text=False, vertical="top")
        if width > 1:
            sheet.merge_cells(
                start_row=row_number, start_column=1, end_row=row_number, end_column=width
            )
    row_number += 1
    for column, label in enumerate(header, start=1):
        cell = sheet.cell(row=row_number, column=column)
        _put(cell, label)
        cell.font = _HEADER_FONT
        cell.alignment = _WRAP
    sheet.freeze_panes = sheet.cell(row=row_number + 1, column=1)
    for values in rows:
        row_number += 1
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row_number, column=column)
            _put(cell, value)
            cell.alignment = _WRAP
    for column in range(1, width + 1):
        wanted = column_widths[column - 1] if column - 1 < len(column_widths) else None
        sheet.column_dimensions[get_column_letter(column)].width = min(
            wanted or DEFAULT_WIDTH, MAX_WIDTH
        )
    workbook.save(fileobj)


def _put(cell, value) -> None:
    """Set a cell's value by type; strings are always text, formula-like ones flagged."""
    if value is None or value == "":
        return
    if isinstance(value, bool):
        cell.value = value
    elif isinstance(value, datetime.datetime):
        if timezone.is_aware(value):  # Excel has no time zones: the portal's local time
            value = timezone.make_naive(value)
        cell.value = value
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, datetime.date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    elif isinstance(value, int | float | Decimal):
        cell.value = value
    else:
        text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
        cell.value = text
        cell.data_type = "s"  # never a formula, whatever the text starts with
        if is_formula_like(text):
            cell.quotePrefix = True


# --- Several large sheets, streamed ----------------------------------------------------------


@dataclass(frozen=True)
class Percent:
    """A value in per cent (85.3) to be written as a per-cent cell (0.853, shown 85.3%)."""

    value: object


@dataclass
class Column:
    """A column of a streamed sheet. `kind` "percent" takes a value in per cent (85.3) and
    shows it as a per-cent cell (0.853 formatted 0.0%); "integer" shows thousands apart."""

    header: str
    kind: str = ""
    width: int | None = None  # None: fitted to the header and the first rows


@dataclass
class Sheet:
    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence]
    heading: Sequence[str] = ()  # lines above the header row
    fills: dict = field(default_factory=dict)  # cell text → background colour (statuses)
    decorate: Callable | None = None  # decorate(worksheet, first_data_row, last_data_row)


FIT_SAMPLE_ROWS = 200  # rows read ahead to fit column widths; the rest stream past


def write_workbook(fileobj, sheets: Iterable[Sheet]) -> None:
    """Write `sheets` to `fileobj` in write-only mode: each row is written as its generator
    yields it and then forgotten. Column widths are fitted from the header and the first
    FIT_SAMPLE_ROWS rows (a write-only sheet takes its widths before its first row)."""
    workbook = Workbook(write_only=True)
    for spec in sheets:
        _write_sheet(workbook, spec)
    workbook.save(fileobj)


def _write_sheet(workbook, spec):
    sheet = workbook.create_sheet(_sheet_title(spec.title))
    rows = iter(spec.rows)
    sample = list(islice(rows, FIT_SAMPLE_ROWS))
    for number, column in enumerate(spec.columns, start=1):
        width = column.width or _fitted_width(column, number - 1, sample)
        sheet.column_dimensions[get_column_letter(number)].width = width
    header_row = len(spec.heading) + 1
    sheet.freeze_panes = f"A{header_row + 1}"
    for line in spec.heading:
        cell = WriteOnlyCell(sheet)
        _put(cell, line)
        cell.font = _TITLE_FONT
        sheet.append([cell])
    sheet.append([_header_cell(sheet, column.header) for column in spec.columns])
    fills = {text: PatternFill("solid", fgColor=colour) for text, colour in spec.fills.items()}
    widths = [
        sheet.column_dimensions[get_column_letter(n)].width for n in range(1, 1 + len(spec.columns))
    ]
    written = 0
    for values in chain(sample, rows):
        sheet.append(
            [
                _data_cell(sheet, value, column, fills, width)
                for value, column, width in zip(values, spec.columns, widths, strict=False)
            ]
        )
        written += 1
    if spec.decorate is not None:
        spec.decorate(sheet, header_row + 1, header_row + written)


def _header_cell(sheet, text):
    cell = WriteOnlyCell(sheet)
    _put(cell, text)
    cell.font = _HEADER_FONT
    cell.alignment = _WRAP
    return cell


def _plain(value, column, fills, width):
    """Whether `value` can go into the row as it is, without a cell object: most cells of a
    large report, and building a styled cell for each is what made writing 20 000
    organizations slow. Plain: empty, a number needing no format, a short text that is not
    formula-like, not an error code and not coloured (openpyxl writes a plain str as text)."""
    if value is None:
        return True
    if isinstance(value, bool) or isinstance(value, Percent):
        return False
    if isinstance(value, int | float | Decimal):
        return column.kind != "percent" and (column.kind != "integer" or -1000 < value < 1000)
    return (
        type(value) is str
        and len(value) < (width or DEFAULT_WIDTH)
        and value not in fills
        and not is_formula_like(value)
        and value not in ERROR_CODES
        and ILLEGAL_CHARACTERS_RE.search(value) is None
    )


def _data_cell(sheet, value, column, fills, width=None):
    if _plain(value, column, fills, width):
        return value
    cell = WriteOnlyCell(sheet)
    if isinstance(value, Percent):
        value = value.value
        if value is None:
            return cell
        column = Column(column.header, kind="percent")
    if (
        column.kind == "percent"
        and isinstance(value, int | float | Decimal)
        and not isinstance(value, bool)
    ):
        cell.value = float(value) / 100
        cell.number_format = PERCENT_FORMAT
        return cell
    _put(cell, value)
    if column.kind == "integer" and isinstance(value, int):
        cell.number_format = INTEGER_FORMAT
    if isinstance(cell.value, str):
        cell.alignment = _WRAP
        if cell.value in fills:
            cell.fill = fills[cell.value]
    return cell


def _fitted_width(column, index, sample):
    """Characters of the longest line in the header or the sampled cells, within limits."""
    longest = max((len(line) for line in column.header.split()), default=0)
    for values in sample:
        if index < len(values):
            longest = max(longest, _display_length(values[index]))
    return max(8, min(longest + 2, MAX_WIDTH))


def _display_length(value):
    if value is None:
        return 0
    if isinstance(value, Percent):
        return 7
    if isinstance(value, datetime.datetime):
        return 16
    if isinstance(value, datetime.date):
        return 10
    return len(str(value))


def _sheet_title(title: str) -> str:
    cleaned = " ".join(title.translate(_SHEET_TITLE_FORBIDDEN).split())
    return cleaned[:SHEET_TITLE_MAX] or "Лист1"
