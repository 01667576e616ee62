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
  Control characters that the xlsx format cannot hold are dropped, and a text longer than
  Excel's 32 767 characters is cut (with "…").

Numbers stay numbers and dates stay dates. For CSV, where no such flag exists, use
``csv_safe()``, which prefixes the apostrophe.

Two ways in: ``write_xlsx()`` for one small sheet (a normal workbook, merged title rows, every
value through ``_put()``), and ``write_workbook()`` for large reports: several sheets whose
data rows are streamed as SpreadsheetML text by ``sheet_xml.RowWriter`` (the same rules,
without an object per cell), so memory stays flat and a million cells take seconds.
"""

from __future__ import annotations

import datetime
import io
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import chain, count, islice

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .sheet_xml import (
    DATE_FORMAT as DATE_FORMAT,
    DATETIME_FORMAT as DATETIME_FORMAT,
    DEFAULT_WIDTH as DEFAULT_WIDTH,
    FORMULA_TRIGGERS as FORMULA_TRIGGERS,
    INTEGER_FORMAT as INTEGER_FORMAT,
    PERCENT_FORMAT as PERCENT_FORMAT,
    CellStyles,
    Percent as Percent,
    RowWriter,
    cell_text,
    is_formula_like as is_formula_like,
)

MAX_WIDTH = 60
SHEET_TITLE_MAX = 31  # Excel's limit
_SHEET_TITLE_FORBIDDEN = str.maketrans({char: " " for char in "[]:*?/\\"})

_WRAP = Alignment(wrap_text=True, vertical="top")
_HEADER_FONT = Font(bold=True)
_TITLE_FONT = Font(bold=True, size=12)


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
        text = cell_text(str(value))
        cell.value = text
        cell.data_type = "s"  # never a formula, whatever the text starts with
        if is_formula_like(text):
            cell.quotePrefix = True


# --- Several large sheets, streamed ----------------------------------------------------------


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
    # decorate(worksheet, first_data_row, last_data_row): an openpyxl write-only sheet (of
    # the first part, when a table goes on past Excel's row limit), e.g. to add a chart.
    decorate: Callable | None = None


FIT_SAMPLE_ROWS = 200  # rows read ahead to fit column widths; the rest stream past
MAX_ROWS = 1_048_576  # Excel's limit: a longer table goes on into «Title (2)», «Title (3)»…
_COPY_CHUNK = 1 << 20
_END = object()


def write_workbook(fileobj, sheets: Iterable[Sheet]) -> None:
    """Write `sheets` to `fileobj` (a path or a binary file object), each row as its
    generator yields it, then forgotten: memory stays flat however many rows there are.

    Two passes over files, never over memory: openpyxl writes the workbook's frame — styles,
    each sheet's widths, frozen panes, heading and header rows, the charts `decorate` adds —
    while each sheet's data rows are written as SpreadsheetML text (sheet_xml.RowWriter) to a
    temporary file; then the frame is copied into `fileobj` with each sheet's rows spliced
    into its sheetData. Column widths are fitted from the header and the first
    FIT_SAMPLE_ROWS rows."""
    workbook = Workbook(write_only=True)
    with ExitStack() as files:
        parts = []  # (openpyxl sheet, its data rows' file)
        for spec in sheets:
            parts.extend(_write_sheet(workbook, spec, files))
        frame = io.BytesIO()
        workbook.save(frame)
        rows_of = {sheet.path.lstrip("/"): rows_file for sheet, rows_file in parts}
        _splice_rows(frame, rows_of, fileobj)


def _write_sheet(workbook, spec, files):
    """Yield (openpyxl sheet, rows file) for `spec`: one part, or more when the rows go
    beyond Excel's MAX_ROWS (the heading and header repeated on each)."""
    rows = iter(spec.rows)
    sample = list(islice(rows, FIT_SAMPLE_ROWS))
    widths = [
        column.width or _fitted_width(column, index, sample)
        for index, column in enumerate(spec.columns)
    ]
    rows = chain(sample, rows)
    first_row = len(spec.heading) + 2
    for part in count(1):
        sheet = _frame(workbook, _part_title(spec.title, part), spec, widths)
        rows_file = files.enter_context(tempfile.TemporaryFile())
        fitting = islice(rows, MAX_ROWS - first_row + 1)
        written = _write_rows(sheet, spec, widths, fitting, rows_file)
        if part == 1 and spec.decorate is not None:
            spec.decorate(sheet, first_row, first_row + written - 1)
        yield sheet, rows_file
        following = next(rows, _END)
        if following is _END:
            return
        rows = chain([following], rows)


def _part_title(title, part):
    if part == 1:
        return _sheet_title(title)
    suffix = f" ({part})"
    return _sheet_title(title)[: SHEET_TITLE_MAX - len(suffix)] + suffix


def _frame(workbook, title, spec, widths):
    """An openpyxl sheet with everything but the data rows: widths, the frozen header, the
    heading lines and the header row."""
    sheet = workbook.create_sheet(title)
    for number, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    sheet.freeze_panes = f"A{len(spec.heading) + 2}"
    for line in spec.heading:
        cell = WriteOnlyCell(sheet)
        _put(cell, line)
        cell.font = _TITLE_FONT
        sheet.append([cell])
    sheet.append([_header_cell(sheet, column.header) for column in spec.columns])
    return sheet


def _write_rows(sheet, spec, widths, rows, rows_file):
    """Write `rows` as XML to `rows_file` (binary) after the header; return how many."""
    stream = io.TextIOWrapper(rows_file, encoding="utf-8", newline="", write_through=False)
    writer = RowWriter(
        stream,
        columns=[(column.kind, width) for column, width in zip(spec.columns, widths, strict=True)],
        fills=spec.fills,
        styles=CellStyles(sheet),
    )
    number = first = len(spec.heading) + 2
    for values in rows:
        writer.write(number, values)
        number += 1
    stream.flush()
    stream.detach()  # the file stays open for the splice
    return number - first


def _splice_rows(frame, rows_of, fileobj):
    """Copy the zip `frame` into `fileobj`, each sheet named in `rows_of` with its data rows
    put at the end of its sheetData (after the header openpyxl wrote)."""
    with (
        zipfile.ZipFile(frame) as source,
        zipfile.ZipFile(fileobj, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as target,
    ):
        for info in source.infolist():
            content = source.read(info)
            rows_file = rows_of.get(info.filename)
            if rows_file is None:
                target.writestr(info, content)
            else:
                _write_spliced(target, info, content, rows_file)


def _write_spliced(target, info, content, rows_file):
    end = content.rindex(b"</sheetData>")  # openpyxl closes it apart: there is a header row
    head, tail = content[:end], content[end:]
    size = rows_file.seek(0, io.SEEK_END)
    rows_file.seek(0)
    entry = zipfile.ZipInfo(info.filename, date_time=info.date_time)
    entry.compress_type = zipfile.ZIP_DEFLATED
    entry.file_size = len(head) + size + len(tail)  # lets zipfile choose Zip64 if it must
    with target.open(entry, "w") as out:
        out.write(head)
        shutil.copyfileobj(rows_file, out, _COPY_CHUNK)
        out.write(tail)


def _header_cell(sheet, text):
    cell = WriteOnlyCell(sheet)
    _put(cell, text)
    cell.font = _HEADER_FONT
    cell.alignment = _WRAP
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
