"""Text PDFs of roadmap tables for importer tests, written with fpdf2 (a test dependency).

Cyrillic needs a TrueType font: DejaVu Sans comes with Debian's fontconfig (and so with the
Chromium the browser tests use); the paths below are where Debian and others put it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

FONT_PATHS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
)


def font_path() -> str:
    for path in FONT_PATHS:
        if Path(path).is_file():
            return path
    raise RuntimeError("DejaVu Sans is not installed (apt-get install fonts-dejavu-core)")


def write_pdf(
    path,
    rows: Sequence[Sequence],
    heading_lines: Sequence[str] = (),
    merges: Sequence[tuple[int, int, int, int]] = (),
    *,
    header_rows: int = 1,
    font_size: int = 9,
) -> Path:
    """A ruled table as Word prints it to PDF: heading lines, then the table, which runs over
    pages (its header repeated on each). ``merges`` are (first_row, first_col, last_row,
    last_col) like importer_samples; ``header_rows`` 0 for a table without a header."""
    target = Path(path)
    pdf = FPDF(orientation="L", format="A4")
    pdf.add_font("DejaVu", "", font_path())
    pdf.set_font("DejaVu", size=font_size)
    pdf.add_page()
    for line in heading_lines:
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.ln(4)
    spans = {(r0, c0): (r1 - r0 + 1, c1 - c0 + 1) for r0, c0, r1, c1 in merges}
    covered = {
        (row, column)
        for (r0, c0), (height, width) in spans.items()
        for row in range(r0, r0 + height)
        for column in range(c0, c0 + width)
        if (row, column) != (r0, c0)
    }
    with pdf.table(
        first_row_as_headings=header_rows > 0,
        repeat_headings=1 if header_rows else 0,
        headings_style=FontFace(emphasis=None),
        line_height=5,
        text_align="LEFT",
    ) as table:
        for row_index, values in enumerate(rows):
            row = table.row()
            for column, value in enumerate(values):
                if (row_index, column) in covered:
                    continue
                rowspan, colspan = spans.get((row_index, column), (1, 1))
                row.cell("" if value is None else str(value), rowspan=rowspan, colspan=colspan)
    pdf.output(str(target))
    return target


def write_scanned_pdf(path) -> Path:
    """A page with a picture and no text layer, as a scanner makes it."""
    target = Path(path)
    pdf = FPDF()
    pdf.add_page()
    pdf.set_fill_color(40, 40, 40)
    for line in range(20):
        pdf.rect(20, 20 + line * 10, 150, 4, style="F")  # "printed lines", but no text
    pdf.output(str(target))
    return target
