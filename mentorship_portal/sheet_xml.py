"""The data rows of a streamed sheet as SpreadsheetML text (`<row><c>…</c></row>`), written
by hand: the fast path of spreadsheets.write_workbook.

Why by hand: openpyxl builds an lxml element per cell and serialises it, which made a report
of 20 000 organizations × 50 indicators (a million cells) take minutes. Here a cell is one
formatted string, written to a file as it is made, so memory stays flat and a million cells
take seconds. openpyxl still writes everything else of the workbook (styles, the sheet's
frame, charts); the style ids used here are the ones it registered (CellStyles).

The rules are the portal's formula-safety rules (spreadsheets.py's docstring): every str is
an inline string, never a formula; a formula-like one also gets the quote prefix; control
characters the format cannot hold are dropped; numbers stay numbers, dates are date serials
with a date format, Percent(85.3) is 0.853 shown as a per cent.
"""

from __future__ import annotations

import datetime
import math
import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "DD.MM.YYYY"
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"
PERCENT_FORMAT = "0.0%"
INTEGER_FORMAT = "# ##0"
DEFAULT_WIDTH = 15
CELL_TEXT_MAX = 32767  # Excel's limit: a longer text makes it call the whole file damaged

# openpyxl's ILLEGAL_CHARACTERS_RE, plus the two non-characters XML 1.0 cannot hold either.
ILLEGAL_CHARACTERS = re.compile(r"[\000-\010\013\014\016-\037\ufffe\uffff]")
# \r is escaped: a parser turns a bare one into \n, and "\r=1" must read back as written.
_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r", "&#13;"))

WRAP = Alignment(wrap_text=True, vertical="top")


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_TRIGGERS)


@dataclass(frozen=True)
class Percent:
    """A value in per cent (85.3) to be written as a per-cent cell (0.853, shown 85.3%)."""

    value: object


def cell_text(text: str) -> str:
    """`text` as a cell can hold it: without the control characters an xlsx cannot hold,
    cut with an ellipsis at Excel's limit."""
    if ILLEGAL_CHARACTERS.search(text):
        text = ILLEGAL_CHARACTERS.sub("", text)
    if len(text) > CELL_TEXT_MAX:
        text = text[: CELL_TEXT_MAX - 1] + "…"
    return text


def escape(text: str) -> str:
    """Legal `text` as XML character data."""
    for char, entity in _ESCAPES:
        if char in text:
            text = text.replace(char, entity)
    return text


class CellStyles:
    """Style ids (indices of the workbook's cellXfs) of the looks a data cell can take,
    registered with the openpyxl workbook as a styled cell would register them, so that the
    styles.xml openpyxl writes holds every id a row refers to. 0 is the default look."""

    def __init__(self, sheet):
        self._sheet = sheet  # any sheet of the workbook: styles are the workbook's
        self._ids = {}

    def id(self, number_format=None, *, wrap=False, quote=False, fill=None):
        key = (number_format, wrap, quote, fill)
        if key not in self._ids:
            cell = WriteOnlyCell(self._sheet)
            if number_format:
                cell.number_format = number_format
            if wrap:
                cell.alignment = WRAP
            if quote:
                cell.quotePrefix = True
            if fill:
                cell.fill = PatternFill("solid", fgColor=fill)
            self._ids[key] = cell.style_id
        return self._ids[key]


@dataclass(frozen=True)
class _Column:
    letter: str
    kind: str  # "", "percent" or "integer" (spreadsheets.Column.kind)
    width: float


class RowWriter:
    """Writes rows of values to a text stream as `<row>` elements of a sheet's sheetData.
    `columns`: (kind, width) per column, values beyond them are dropped; `fills`: cell text →
    background colour (statuses)."""

    def __init__(self, stream, *, columns, fills, styles: CellStyles):
        self._stream = stream
        self._columns = [
            _Column(get_column_letter(number), kind, width or DEFAULT_WIDTH)
            for number, (kind, width) in enumerate(columns, start=1)
        ]
        self._fills = fills
        self._styles = styles
        self._date = styles.id(DATE_FORMAT)
        self._datetime = styles.id(DATETIME_FORMAT)
        self._percent = styles.id(PERCENT_FORMAT)
        self._integer = styles.id(INTEGER_FORMAT)

    def write(self, number, values):
        """Write `values` as row `number` (1-based); a row without values is left out."""
        cells = []
        for column, value in zip(self._columns, values, strict=False):
            if value is not None and value != "":
                cells.append(self._cell(f"{column.letter}{number}", column, value))
        if cells:
            self._stream.write(f'<row r="{number}">{"".join(cells)}</row>')

    def _cell(self, ref, column, value):
        kind = type(value)
        if kind is str:
            return self._text(ref, column, value)
        if kind is Percent:
            return self._percent_cell(ref, column, value.value)
        if kind is bool:
            return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
        if kind is int or kind is Decimal or kind is float:
            return self._number(ref, column, value)
        return self._other(ref, column, value)

    def _number(self, ref, column, value):
        if column.kind == "percent":
            return self._percent_cell(ref, column, value)
        if isinstance(value, int):
            style = f' s="{self._integer}"' if column.kind == "integer" else ""
            return f'<c r="{ref}"{style}><v>{int(value)}</v></c>'
        if not math.isfinite(value):  # NaN and infinities are no SpreadsheetML number
            return ""
        text = repr(float(value)) if isinstance(value, float) else str(value)
        return f'<c r="{ref}"><v>{text}</v></c>'

    def _percent_cell(self, ref, column, value):
        if value is None:
            return ""
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            share = float(value) / 100
            if not math.isfinite(share):
                return ""
            return f'<c r="{ref}" s="{self._percent}"><v>{share!r}</v></c>'
        return self._cell(ref, column, value)

    def _other(self, ref, column, value):
        """Subclasses and the rest: dates, datetimes, str subclasses (choices), anything
        else as its text."""
        if isinstance(value, datetime.datetime):
            if timezone.is_aware(value):  # Excel has no time zones: the portal's local time
                value = timezone.make_naive(value)
            return f'<c r="{ref}" s="{self._datetime}"><v>{to_excel(value)!r}</v></c>'
        if isinstance(value, datetime.date):
            return f'<c r="{ref}" s="{self._date}"><v>{int(to_excel(value))}</v></c>'
        if isinstance(value, bool):
            return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
        if isinstance(value, int | float | Decimal):
            return self._number(ref, column, value)
        return self._text(ref, column, str(value))

    def _text(self, ref, column, text):
        """An inline string; wrapped when longer than the column (or several lines), and with
        the quote prefix when formula-like, coloured when the text has a fill."""
        text = cell_text(text)
        if not text:
            return ""
        wrap = len(text) >= column.width or "\n" in text
        quote = text.startswith(FORMULA_TRIGGERS)
        fill = self._fills.get(text)
        style = self._styles.id(wrap=wrap, quote=quote, fill=fill) if wrap or quote or fill else 0
        styled = f' s="{style}"' if style else ""
        space = ' xml:space="preserve"' if text != text.strip() else ""
        return f'<c r="{ref}"{styled} t="inlineStr"><is><t{space}>{escape(text)}</t></is></c>'
