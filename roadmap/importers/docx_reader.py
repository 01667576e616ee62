"""Reading a roadmap from a Word document (.docx)."""

from __future__ import annotations

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from .columns import find_header
from .heading import parse_heading
from .records import ImportedRoadmap, RoadmapImportError
from .source import BROKEN_FILE, as_stream
from .table import NO_TABLE, interpret_table
from .text import clean_lines


def read_docx(fileobj) -> ImportedRoadmap:
    """Paragraphs before the first table with a header row are the heading."""
    stream = as_stream(fileobj)
    try:
        document = docx.Document(stream)
        heading_lines, rows, merged_rows = _document_content(document)
    except RoadmapImportError:
        raise
    except Exception as exc:  # zipfile, XML and python-docx errors alike: a broken file
        raise RoadmapImportError(BROKEN_FILE) from exc
    if rows is None:
        raise RoadmapImportError(NO_TABLE)
    table = interpret_table(rows, merged_rows)
    roadmap = parse_heading(heading_lines + table.heading_lines)
    roadmap.stages = table.stages
    return roadmap


def _document_content(document) -> tuple[list[str], list[list[str]] | None, set[int]]:
    """(heading lines, rows of the activities table or None, merged row indexes)."""
    heading_lines: list[str] = []
    rows: list[list[str]] | None = None
    merged_rows: set[int] = set()
    width = 0
    for block in document.iter_inner_content():
        if rows is None:
            if isinstance(block, Paragraph):
                heading_lines += clean_lines(block.text)
                continue
            table_rows, table_merged = table_content(block)
            if find_header(table_rows) is None:
                # A layout table ("УТВЕРЖДЕНО приказом ...") is part of the heading.
                heading_lines += [line for row in table_rows for line in _distinct(row)]
                continue
            rows, merged_rows, width = table_rows, set(table_merged), len(block.columns)
        elif isinstance(block, Paragraph):
            text = block.text.strip()
            if text and not text.lower().startswith("продолжение"):
                break  # text after the table ends it, except "Продолжение таблицы"
        elif isinstance(block, Table) and len(block.columns) == width:
            # A table broken by a page or section break goes on in a table of
            # the same shape (often repeating the header, which is skipped).
            table_rows, table_merged = table_content(block)
            merged_rows.update(index + len(rows) for index in table_merged)
            rows += table_rows
        else:
            break
    return heading_lines, rows, merged_rows


def table_content(table: Table) -> tuple[list[list[str]], list[int]]:
    """Rows of cell text, one string per grid column, and the rows that are one merged cell.

    python-docx returns a cell merged across columns once per grid column and a
    cell merged down the rows in every row it covers, always with its text.
    """
    rows: list[list[str]] = []
    merged: list[int] = []
    for index, row in enumerate(table.rows):
        cells = list(row.cells)
        texts = [""] * row.grid_cols_before + [cell.text for cell in cells]
        texts += [""] * row.grid_cols_after
        rows.append(texts)
        # The same <w:tc> repeated across the whole row: a stage spanning the table.
        tcs = [cell._tc for cell in cells]
        distinct = [
            tc for position, tc in enumerate(tcs) if position == 0 or tc is not tcs[position - 1]
        ]
        if len(cells) > 1 and len(distinct) == 1 and cells[0].text.strip():
            merged.append(index)
    return rows, merged


def _distinct(row: list[str]) -> list[str]:
    """Lines of a layout-table row, each merged cell's text once."""
    lines: list[str] = []
    for text in dict.fromkeys(row):
        lines += clean_lines(text)
    return lines
