"""Reading a roadmap's table from a Word document (.docx)."""

from __future__ import annotations

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from .detect import detect_layout
from .records import RawTable, RoadmapImportError
from .source import BROKEN_FILE, as_stream
from .table import clean_rows
from .text import clean_lines


def read_docx_table(fileobj) -> RawTable:
    """The first table that reads as a roadmap (else the likeliest one), with the paragraphs
    and layout tables above it as heading lines."""
    stream = as_stream(fileobj)
    try:
        document = docx.Document(stream)
        blocks = list(document.iter_inner_content())
        tables = {
            index: table_content(block)
            for index, block in enumerate(blocks)
            if isinstance(block, Table)
        }
    except RoadmapImportError:
        raise
    except Exception as exc:  # zipfile, XML and python-docx errors alike: a broken file
        raise RoadmapImportError(BROKEN_FILE) from exc
    chosen = _choose_table(tables)
    if chosen is None:
        lines = [
            line
            for block in blocks
            if isinstance(block, Paragraph)
            for line in clean_lines(block.text)
        ]
        return RawTable(rows=[[line] for line in lines])
    return _content_from(blocks, tables, chosen)


def _choose_table(tables: dict[int, tuple[list[list[str]], list[int]]]) -> int | None:
    best, best_confidence = None, -1.0
    for index, (rows, _merged) in tables.items():
        layout = detect_layout(clean_rows(rows))
        if layout is None:
            continue
        if layout.recognised:
            return index
        if layout.confidence > best_confidence:
            best, best_confidence = index, layout.confidence
    if best is None and tables:
        best = max(tables, key=lambda index: len(tables[index][0]))
    return best


def _content_from(blocks, tables, chosen: int) -> RawTable:
    heading_lines: list[str] = []
    for index, block in enumerate(blocks[:chosen]):
        if isinstance(block, Paragraph):
            heading_lines += clean_lines(block.text)
        else:  # a layout table ("УТВЕРЖДЕНО приказом ...") is part of the heading
            heading_lines += [line for row in tables[index][0] for line in _distinct(row)]
    rows, merged = tables[chosen]
    rows, merged_rows = list(rows), set(merged)
    width = len(blocks[chosen].columns)
    for index in range(chosen + 1, len(blocks)):
        block = blocks[index]
        if isinstance(block, Paragraph):
            text = block.text.strip()
            if text and not text.lower().startswith("продолжение"):
                break  # text after the table ends it, except "Продолжение таблицы"
        elif len(block.columns) == width:
            # A table broken by a page or section break goes on in a table of
            # the same shape (often repeating the header, which is skipped).
            more_rows, more_merged = tables[index]
            merged_rows.update(position + len(rows) for position in more_merged)
            rows += more_rows
        else:
            break
    return RawTable(rows=clean_rows(rows), merged_rows=merged_rows, heading_lines=heading_lines)


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
