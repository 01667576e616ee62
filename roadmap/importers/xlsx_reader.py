"""Reading a roadmap's table from an Excel workbook (.xlsx)."""

from __future__ import annotations

import warnings

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

from .detect import detect_layout
from .records import RawTable, RoadmapImportError
from .source import BROKEN_FILE, as_stream
from .table import clean_rows
from .text import format_cell_value


def read_xlsx_table(fileobj) -> RawTable:
    """The active sheet, or else the sheet that reads best as a roadmap table.

    A workbook with no such sheet still gives its first sheet's rows, so the user can say
    which column is which.
    """
    stream = as_stream(fileobj)
    try:
        with warnings.catch_warnings():
            # openpyxl warns about data validation, unknown extensions etc.
            warnings.simplefilter("ignore")
            # Not read-only: merged cell ranges are only known in normal mode.
            workbook = openpyxl.load_workbook(stream, read_only=False, data_only=True)
        sheets = [sheet for sheet in workbook.worksheets if isinstance(sheet, Worksheet)]
        active = workbook.active
        if isinstance(active, Worksheet) and active in sheets:
            sheets.remove(active)
            sheets.insert(0, active)
        grids = [clean_rows(sheet_rows(sheet)) for sheet in sheets]
    except RoadmapImportError:
        raise
    except Exception as exc:  # zipfile, XML and openpyxl errors alike: a broken file
        raise RoadmapImportError(BROKEN_FILE) from exc
    best, best_confidence = None, -1.0
    for grid in grids:
        layout = detect_layout(grid)
        if layout is not None and layout.recognised:
            return RawTable(rows=grid)
        confidence = layout.confidence if layout is not None else -0.5
        if confidence > best_confidence:
            best, best_confidence = grid, confidence
    return RawTable(rows=best or [])


def sheet_rows(sheet: Worksheet) -> list[list[str]]:
    """The sheet as rows of cell text; a merged range's text fills all its cells.

    Excel keeps a merged cell's value in the top-left cell only; repeating it
    makes a merged stage row or a merged number/title look exactly as
    python-docx shows the same table in Word.
    """
    rows = [
        [format_cell_value(value) for value in values]
        for values in sheet.iter_rows(values_only=True)
    ]
    for merged in sheet.merged_cells.ranges:
        text = format_cell_value(sheet.cell(merged.min_row, merged.min_col).value)
        for row_number in range(merged.min_row, min(merged.max_row, len(rows)) + 1):
            row = rows[row_number - 1]
            for column in range(merged.min_col, min(merged.max_col, len(row)) + 1):
                row[column - 1] = text
    return rows
