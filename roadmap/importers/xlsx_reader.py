"""Reading a roadmap from an Excel workbook (.xlsx)."""

from __future__ import annotations

import warnings

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

from .columns import find_header
from .heading import parse_heading
from .records import ImportedRoadmap, RoadmapImportError
from .source import BROKEN_FILE, as_stream
from .table import NO_TABLE, interpret_table
from .text import format_cell_value


def read_xlsx(fileobj) -> ImportedRoadmap:
    """Read the active sheet, or else the first sheet that has a header row."""
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
        grids = (sheet_rows(sheet) for sheet in sheets)
        rows = next((grid for grid in grids if find_header(grid) is not None), None)
    except RoadmapImportError:
        raise
    except Exception as exc:  # zipfile, XML and openpyxl errors alike: a broken file
        raise RoadmapImportError(BROKEN_FILE) from exc
    if rows is None:
        raise RoadmapImportError(NO_TABLE)
    table = interpret_table(rows)
    roadmap = parse_heading(table.heading_lines)
    roadmap.stages = table.stages
    return roadmap


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
