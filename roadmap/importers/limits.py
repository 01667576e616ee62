"""What reading a roadmap file may cost, checked before openpyxl or python-docx parse it.

An .xlsx or .docx is a zip archive of XML. A file of 2 MB can unpack to gigabytes (a "zip
bomb"), and even a small sheet can claim a cell at XFD1048576 or merge A1:XFD1048576, which
openpyxl turns into billions of cell objects. So before either library sees the file:

1. the archive's listing is checked: number of members and their total uncompressed size
   (zipfile stops at each member's declared size and fails the CRC after it, so the declared
   sizes bound what any reader can get out of the archive);
2. the XML that becomes the table (worksheets and shared strings; the Word body) is streamed
   through expat in 64 KiB blocks, never held whole, counting rows, columns and the text of
   each cell, and stopping at the first limit passed. A DOCTYPE or entity declaration is
   refused: no Office application writes one, and entities are how XML bombs are built.

The limits are plain numbers (a `ReadLimits`), taken from Django settings when Django is
configured (`ReadLimits.from_settings()`), so the importers stay usable without Django.
Messages are Russian and name the limit and the setting that raises it.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass
from xml.parsers import expat

from .records import RoadmapImportError

BLOCK = 64 * 1024
_CELL_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d{1,7})$")


@dataclass(frozen=True)
class ReadLimits:
    max_uncompressed_mb: int = 20
    max_members: int = 500
    max_rows: int = 3000
    max_columns: int = 30
    max_cell_chars: int = 10_000

    @classmethod
    def from_settings(cls) -> ReadLimits:
        """The limits in Django settings (ROADMAP_IMPORT_MAX_*), else the defaults."""
        try:
            from django.conf import settings

            configured = settings.configured
        except ImportError:  # used without Django
            return cls()
        if not configured:
            return cls()
        return cls(
            max_uncompressed_mb=getattr(settings, "ROADMAP_IMPORT_MAX_UNCOMPRESSED_MB", 20),
            max_members=getattr(settings, "ROADMAP_IMPORT_MAX_MEMBERS", 500),
            max_rows=getattr(settings, "ROADMAP_IMPORT_MAX_ROWS", 3000),
            max_columns=getattr(settings, "ROADMAP_IMPORT_MAX_COLUMNS", 30),
            max_cell_chars=getattr(settings, "ROADMAP_IMPORT_MAX_CELL_CHARS", 10_000),
        )


class ImportLimitExceeded(RoadmapImportError):
    """The file passes a limit; the message names it."""


def _n(number: int) -> str:
    """5000 as «5 000» (a no-break space between thousands, as Russian text writes it)."""
    return f"{number:,}".replace(",", "\u00a0")


def _refuse(what: str, limit: str, setting: str) -> ImportLimitExceeded:
    return ImportLimitExceeded(
        f"Файл слишком велик для импорта: {what} — больше допустимого предела {limit}"
        f" (настройка {setting}). Разделите документ на части или попросите администратора"
        " увеличить предел."
    )


def _too_many_rows(limits: ReadLimits) -> ImportLimitExceeded:
    return _refuse("строк в таблице", _n(limits.max_rows), "ROADMAP_IMPORT_MAX_ROWS")


def _too_many_columns(limits: ReadLimits) -> ImportLimitExceeded:
    return _refuse("столбцов в таблице", _n(limits.max_columns), "ROADMAP_IMPORT_MAX_COLUMNS")


def _cell_too_long(limits: ReadLimits) -> ImportLimitExceeded:
    return _refuse(
        "символов в одной ячейке", _n(limits.max_cell_chars), "ROADMAP_IMPORT_MAX_CELL_CHARS"
    )


def check_within_limits(stream, extension: str, limits: ReadLimits | None = None) -> None:
    """Refuse (ImportLimitExceeded) a .xlsx/.docx that passes a limit; leave the stream at 0.

    A file that is not a readable zip is left for the reader to call broken.
    """
    limits = limits or ReadLimits.from_settings()
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        stream.seek(0)
        return
    try:
        with archive:
            _check_listing(archive, limits)
            for name in _table_members(archive, extension):
                scanner = _SheetScanner(limits) if extension == ".xlsx" else _WordScanner(limits)
                _scan(archive, name, scanner)
    except (zipfile.BadZipFile, zlib.error, RuntimeError, NotImplementedError, EOFError, OSError):
        pass  # encrypted, unknown compression, damaged: the reader reports a broken file
    finally:
        stream.seek(0)


def _check_listing(archive: zipfile.ZipFile, limits: ReadLimits) -> None:
    members = archive.infolist()
    if len(members) > limits.max_members:
        raise _refuse(
            "частей в архиве документа", _n(limits.max_members), "ROADMAP_IMPORT_MAX_MEMBERS"
        )
    unpacked = sum(member.file_size for member in members)
    if unpacked > limits.max_uncompressed_mb * 1024 * 1024:
        raise _refuse(
            f"{unpacked / 1024 / 1024:.1f} МБ после распаковки".replace(".", ","),
            f"{_n(limits.max_uncompressed_mb)} МБ",
            "ROADMAP_IMPORT_MAX_UNCOMPRESSED_MB",
        )


def _table_members(archive: zipfile.ZipFile, extension: str) -> list[str]:
    names = archive.namelist()
    if extension == ".xlsx":
        return [
            name
            for name in names
            if name.startswith("xl/worksheets/")
            and name.endswith(".xml")
            or name == "xl/sharedStrings.xml"
        ]
    return [name for name in names if name == "word/document.xml"]


def _scan(archive: zipfile.ZipFile, name: str, scanner) -> None:
    parser = expat.ParserCreate()
    parser.StartElementHandler = scanner.start
    parser.EndElementHandler = scanner.end
    parser.CharacterDataHandler = scanner.text
    parser.StartDoctypeDeclHandler = _no_doctype
    parser.EntityDeclHandler = _no_doctype
    try:
        with archive.open(name) as member:
            while block := member.read(BLOCK):
                parser.Parse(block, False)
            parser.Parse(b"", True)
    except expat.ExpatError:
        return  # malformed XML: the reader reports a broken file


def _no_doctype(*args) -> None:
    raise RoadmapImportError(
        "Файл содержит объявление DOCTYPE или сущностей XML: такие файлы не принимаются."
        " Сохраните документ заново в Excel или Word."
    )


def _local(name: str) -> str:
    return name.rpartition(":")[2]


def _number(text: str | None, default: int = 1) -> int:
    """A count attribute; an absurd one (not a number, thousands of digits) counts as huge."""
    if text is None:
        return default
    try:
        return int(text) if len(text) < 10 else 10**9
    except ValueError:
        return default


def column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


class _SheetScanner:
    """Rows, columns and cell text of one worksheet (or of the shared strings)."""

    def __init__(self, limits: ReadLimits):
        self.limits = limits
        self.row = 0
        self.column = 0
        self.cell_chars = 0
        self.in_cell = False

    def start(self, name, attrs):
        tag = _local(name)
        if tag == "row":
            self.row = _number(attrs.get("r"), self.row + 1)
            self.column = 0
            self._check_position(self.row, 1)
        elif tag in ("c", "si"):
            self.in_cell, self.cell_chars = True, 0
            self.column += 1
            found = _CELL_REF.match(attrs.get("r", ""))
            if found:
                self.column = column_number(found.group(1))
                self._check_position(int(found.group(2)), self.column)
            elif tag == "c":
                self._check_position(self.row, self.column)
        elif tag == "mergeCell":
            for corner in attrs.get("ref", "").split(":"):
                found = _CELL_REF.match(corner)
                if found:
                    self._check_position(int(found.group(2)), column_number(found.group(1)))

    def end(self, name):
        if _local(name) in ("c", "si"):
            self.in_cell = False

    def text(self, data):
        if self.in_cell:
            self.cell_chars += len(data)
            if self.cell_chars > self.limits.max_cell_chars:
                raise _cell_too_long(self.limits)

    def _check_position(self, row: int, column: int) -> None:
        if row > self.limits.max_rows:
            raise _too_many_rows(self.limits)
        if column > self.limits.max_columns:
            raise _too_many_columns(self.limits)


class _WordScanner:
    """Table rows (all tables together), grid columns and the text of each cell or paragraph."""

    def __init__(self, limits: ReadLimits):
        self.limits = limits
        self.rows = 0
        self.columns = 0
        self.texts: list[int] = []  # characters so far in each open cell or top-level paragraph
        self.cells_open = 0

    def start(self, name, attrs):
        tag = _local(name)
        if tag == "tr":
            self.rows += 1
            self.columns = 0
            if self.rows > self.limits.max_rows:
                raise _too_many_rows(self.limits)
        elif tag == "tc":
            self.cells_open += 1
            self.texts.append(0)
            self._add_columns(1)
        elif tag == "p" and not self.cells_open:
            self.texts.append(0)
        elif tag == "gridSpan":
            self._add_columns(_number(_attr(attrs, "val")) - 1)
        elif tag in ("gridBefore", "gridAfter"):
            self._add_columns(_number(_attr(attrs, "val"), 0))
        elif tag == "gridCol":
            pass  # the grid may list more columns than rows use; python-docx follows the rows

    def end(self, name):
        tag = _local(name)
        if tag == "tc":
            self.cells_open -= 1
            self.texts.pop()
        elif tag == "p" and not self.cells_open and self.texts:
            self.texts.pop()

    def text(self, data):
        if self.texts:
            self.texts[-1] += len(data)
            if self.texts[-1] > self.limits.max_cell_chars:
                raise _cell_too_long(self.limits)

    def _add_columns(self, count: int) -> None:
        self.columns += max(count, 0)
        if self.columns > self.limits.max_columns:
            raise _too_many_columns(self.limits)


def _attr(attrs: dict, local_name: str):
    for key, value in attrs.items():
        if _local(key) == local_name:
            return value
    return None


def check_row_count(count: int, limits: ReadLimits | None = None) -> None:
    """Refuse a table read by other means (a PDF) with more rows than the limit."""
    limits = limits or ReadLimits.from_settings()
    if count > limits.max_rows:
        raise _too_many_rows(limits)
