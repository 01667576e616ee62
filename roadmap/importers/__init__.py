"""Reading a roadmap document (.xlsx or .docx) into plain dataclasses.

Pure Python (openpyxl and python-docx only, no Django): saving to the
database and matching responsible bodies to organizations is done by the
code that calls read_roadmap().
"""

from __future__ import annotations

from pathlib import PurePath

from .detect import CONFIDENT, Layout, detect_layout, layout_with_columns
from .docx_reader import read_docx_table
from .heading import parse_heading
from .limits import ImportLimitExceeded, ReadLimits, check_row_count, check_within_limits
from .pdf_reader import read_pdf_table
from .records import (
    ImportedActivity,
    ImportedDeadlineRow,
    ImportedRoadmap,
    ImportedStage,
    RawTable,
    RoadmapImportError,
)
from .responsible import is_all_heads, is_position_or_person, split_responsible
from .source import as_stream
from .table import MARK_SKIP, MARK_STAGE, interpret_table, split_stage_number
from .xlsx_reader import read_xlsx_table

__all__ = [
    "CONFIDENT",
    "ImportedActivity",
    "ImportedDeadlineRow",
    "ImportedRoadmap",
    "ImportedStage",
    "ImportLimitExceeded",
    "Layout",
    "MARK_SKIP",
    "MARK_STAGE",
    "RawTable",
    "ReadLimits",
    "RoadmapImportError",
    "SUPPORTED_EXTENSIONS",
    "detect_layout",
    "interpret_table",
    "interpret_raw_table",
    "is_all_heads",
    "is_position_or_person",
    "layout_with_columns",
    "parse_heading",
    "read_raw_table",
    "read_roadmap",
    "split_responsible",
    "split_stage_number",
]

_READERS = {".xlsx": read_xlsx_table, ".docx": read_docx_table, ".pdf": read_pdf_table}
SUPPORTED_EXTENSIONS = tuple(_READERS)


def read_raw_table(fileobj, filename: str, *, limits: ReadLimits | None = None) -> RawTable:
    """The file's table as rows of cell text, choosing the format by the extension.

    The file is first checked against the size limits (`limits`, else Django settings):
    see limits.py for why this must happen before openpyxl or python-docx see it.
    """
    extension = PurePath(filename or "").suffix.lower()
    reader = _READERS.get(extension)
    if reader is None:
        if extension:
            shown = extension
        else:
            shown = f"«{filename}»" if filename else "без расширения"
        raise RoadmapImportError(
            f"Формат файла {shown} не поддерживается: загрузите .xlsx, .docx или .pdf"
        )
    stream = as_stream(fileobj)
    if extension == ".pdf":  # no zip archive to look into: count the rows read
        raw = reader(stream)
        check_row_count(len(raw.rows), limits)
        return raw
    check_within_limits(stream, extension, limits)
    return reader(stream)


def interpret_raw_table(
    raw: RawTable, layout: Layout | None = None, row_marks: dict[int, str] | None = None
) -> ImportedRoadmap:
    """Stages, activities and the heading facts from a table (columns found, or the user's)."""
    table = interpret_table(raw.rows, raw.merged_rows, layout=layout, row_marks=row_marks)
    roadmap = parse_heading(raw.heading_lines + table.heading_lines)
    roadmap.stages = table.stages
    roadmap.layout = table.layout.to_json()
    return roadmap


def read_roadmap(fileobj, filename: str, *, limits: ReadLimits | None = None) -> ImportedRoadmap:
    """Read a roadmap, choosing the format by the file name's extension."""
    return interpret_raw_table(read_raw_table(fileobj, filename, limits=limits))
