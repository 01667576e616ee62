"""Reading a roadmap's table from a text PDF (as offices publish orders on their websites).

pdfplumber finds the ruled table on each page; a table that goes on over several pages
(the same number of columns, often with its header repeated) is read as one. A merged
cell comes back as text in its first grid cell and None in the others, which is how the
.xlsx reader shows a merged range too. A scanned PDF has no text layer: nothing to read,
and the user is told so.
"""

from __future__ import annotations

import logging

import pdfplumber

from .detect import detect_layout
from .records import RawTable, RoadmapImportError
from .source import as_stream
from .table import clean_rows
from .text import clean_lines

BROKEN_PDF = "Файл повреждён или не является документом PDF"
SCANNED_PDF = (
    "В PDF нет текстового слоя — похоже, это скан. Распознать таблицу из изображения нельзя: "
    "загрузите документ в формате .docx или .xlsx (или PDF, сохранённый из Word)."
)
MAX_PAGES = 200  # an order's roadmap is a few pages; a book is not a roadmap
_TEXT_STRATEGY = {"vertical_strategy": "text", "horizontal_strategy": "text"}


def too_many_pages() -> RoadmapImportError:
    return RoadmapImportError(
        f"В PDF больше {MAX_PAGES} страниц — это не похоже на дорожную карту. "
        "Загрузите приложение с таблицей мероприятий отдельным файлом."
    )


def read_pdf_table(fileobj) -> RawTable:
    stream = as_stream(fileobj)
    # pdfminer logs every odd object it meets; a user's file is not our log's business.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        with pdfplumber.open(stream) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise too_many_pages()
            pages = [_page_content(page) for page in pdf.pages]
    except RoadmapImportError:
        raise
    except Exception as exc:  # pdfminer's syntax errors, broken streams, encryption
        raise RoadmapImportError(BROKEN_PDF) from exc
    if not any(has_text for _tables, _lines, has_text in pages):
        raise RoadmapImportError(SCANNED_PDF)
    return _assemble(pages)


def _page_content(page):
    """(tables as (rows, lines above it), lines of the page outside tables, has text)."""
    has_text = bool(page.chars)
    found = page.find_tables()
    tables = []
    for table in found:
        above = page.crop((0, 0, page.width, max(table.bbox[1], 0.1))).extract_text() or ""
        tables.append((table.extract(), clean_lines(above)))
    lines = [] if found else clean_lines(page.extract_text() or "")
    if not found and has_text:
        # No ruling lines: try the columns of aligned text; the user can still map them.
        loose = page.extract_table(_TEXT_STRATEGY)
        if loose:
            tables.append((loose, []))
    return tables, lines, has_text


def _assemble(pages) -> RawTable:
    """Join tables continued over pages; take the run that reads best as a roadmap."""
    runs: list[dict] = []
    heading: list[str] = []
    for tables, lines, _has_text in pages:
        if not tables:
            heading += lines
            continue
        for rows, above in tables:
            width = max((len(row) for row in rows), default=0)
            continues = runs and runs[-1]["width"] == width and not above_is_text(above, runs)
            if continues:
                runs[-1]["rows"] += rows
            else:
                runs.append({"width": width, "rows": list(rows), "heading": heading + above})
            heading = []
    if not runs:
        return RawTable(rows=[[line] for line in heading])
    best = max(runs, key=_run_score)
    rows = best["rows"]
    merged = {
        index
        for index, row in enumerate(rows)
        if len(row) > 1 and row[0] and all(cell is None for cell in row[1:])
    }
    text_rows = [["" if cell is None else cell for cell in row] for row in rows]
    # A merged cell's text fills the grid cells it covers, as the .xlsx reader does.
    for index in merged:
        text_rows[index] = [text_rows[index][0]] * len(text_rows[index])
    return RawTable(rows=clean_rows(text_rows), merged_rows=merged, heading_lines=best["heading"])


def above_is_text(above: list[str], runs) -> bool:
    """A table on a new page goes on from the last one unless a heading stands between."""
    # Only a page's first table can continue; pdfplumber gives the running header or page
    # number above it at most, so two lines or fewer are no heading.
    return len(above) > 2


def _run_score(run) -> float:
    rows = [["" if cell is None else cell for cell in row] for row in run["rows"]]
    layout = detect_layout(clean_rows(rows))
    return layout.confidence if layout is not None else -1.0
