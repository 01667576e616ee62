"""Reading a roadmap document (.xlsx or .docx) into plain dataclasses.

Pure Python (openpyxl and python-docx only, no Django): saving to the
database and matching responsible bodies to organizations is done by the
code that calls read_roadmap().
"""

from __future__ import annotations

from pathlib import PurePath

from .docx_reader import read_docx
from .heading import parse_heading
from .limits import ImportLimitExceeded, ReadLimits, check_within_limits
from .records import (
    ImportedActivity,
    ImportedDeadlineRow,
    ImportedRoadmap,
    ImportedStage,
    RoadmapImportError,
)
from .responsible import is_all_heads, split_responsible
from .source import as_stream
from .table import interpret_table, split_stage_number
from .xlsx_reader import read_xlsx

__all__ = [
    "ImportedActivity",
    "ImportedDeadlineRow",
    "ImportedRoadmap",
    "ImportedStage",
    "ImportLimitExceeded",
    "ReadLimits",
    "RoadmapImportError",
    "SUPPORTED_EXTENSIONS",
    "interpret_table",
    "is_all_heads",
    "parse_heading",
    "read_docx",
    "read_roadmap",
    "read_xlsx",
    "split_responsible",
    "split_stage_number",
]

_READERS = {".xlsx": read_xlsx, ".docx": read_docx}
SUPPORTED_EXTENSIONS = tuple(_READERS)


def read_roadmap(fileobj, filename: str, *, limits: ReadLimits | None = None) -> ImportedRoadmap:
    """Read a roadmap, choosing the format by the file name's extension.

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
            f"Формат файла {shown} не поддерживается: загрузите .xlsx или .docx"
        )
    stream = as_stream(fileobj)
    check_within_limits(stream, extension, limits)
    return reader(stream)
