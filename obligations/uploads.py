"""Validation and identification of uploaded evidence files, by content, not by name.

The client's file name and declared content type are never trusted: the format is decided
from the first bytes (and, for ZIP-based documents, from the archive's member list), and the
name's extension must agree with it. Everything is read in 64 KiB blocks, so a 20 MB upload is
never held in memory at once.

Decisions worth knowing:
- A name containing a path ("/", "\\") is refused rather than cut to its base name:
  browsers send only the base name, so a path means a crafted request. Dots are fine.
- A name longer than 255 characters is refused, not truncated: truncation could cut off the
  extension, and `EvidenceFile.original_name` holds 255 characters.
- DOC and XLS share the OLE2 container; the extension (.doc or .xls) decides between them.
  `detect_format` reports such content as `OLE_COMPOUND`, which is not itself allowed.
- ZIP64 archives, archives listing more than 10 000 members and archives with a central
  directory over 4 MiB are refused before `zipfile` parses them (zip-bomb-ish input).
- Markup and scripts (HTML, SVG, XML, "#!") are refused explicitly whatever the extension:
  served back from our domain they are the classic stored-XSS vector.
- Every user-facing text goes through gettext, with the Russian text as the source string and
  named %-placeholders. `gettext` is only called inside functions (format labels are
  `gettext_lazy`), so importing this module needs no configured settings.
"""

import codecs
import hashlib
import math
import os
import struct
import unicodedata
import zipfile
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _, gettext_lazy

from .antivirus import ScanFailed, scan_for_viruses
from .file_content import HostileContent, check_content

CHUNK_SIZE = 64 * 1024
MAX_NAME_LENGTH = 255
MAX_ZIP_MEMBERS = 10_000
MAX_ZIP_DIRECTORY_BYTES = 4 * 1024 * 1024
HEAD_SIZE = 512  # enough for every signature and for spotting markup after a BOM/whitespace


@dataclass(frozen=True)
class FileFormat:
    id: str
    # A lazy translation (gettext_lazy): apply str() when building a message. Left out of
    # ==/hash so that comparing formats never translates, whatever the active language.
    label: str = field(compare=False)
    extensions: tuple[str, ...]
    content_type: str


@dataclass(frozen=True)
class CheckedUpload:
    format: FileFormat
    original_name: str
    size: int
    sha256: str
    extension: str


class UploadRejected(ValidationError):
    """A refused upload; `.message` is a user-facing sentence naming the file.

    The sentence is already translated into the active language (Russian source text).
    """


def _formats(*formats: FileFormat) -> dict[str, FileFormat]:
    return {fmt.id: fmt for fmt in formats}


ALLOWED_FORMATS: dict[str, FileFormat] = _formats(
    FileFormat("pdf", gettext_lazy("PDF"), (".pdf",), "application/pdf"),
    FileFormat("doc", gettext_lazy("документ Word (DOC)"), (".doc",), "application/msword"),
    FileFormat(
        "docx",
        gettext_lazy("документ Word (DOCX)"),
        (".docx",),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    FileFormat(
        "odt",
        gettext_lazy("текстовый документ OpenDocument (ODT)"),
        (".odt",),
        "application/vnd.oasis.opendocument.text",
    ),
    FileFormat("xls", gettext_lazy("таблица Excel (XLS)"), (".xls",), "application/vnd.ms-excel"),
    FileFormat(
        "xlsx",
        gettext_lazy("таблица Excel (XLSX)"),
        (".xlsx",),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    FileFormat(
        "ods",
        gettext_lazy("таблица OpenDocument (ODS)"),
        (".ods",),
        "application/vnd.oasis.opendocument.spreadsheet",
    ),
    FileFormat("jpeg", gettext_lazy("изображение JPEG"), (".jpg", ".jpeg"), "image/jpeg"),
    FileFormat("png", gettext_lazy("изображение PNG"), (".png",), "image/png"),
)

# What `detect_format` returns for an OLE2 compound file (DOC or XLS): the bytes alone do not
# say which, so `check_upload` decides by the extension. Not in ALLOWED_FORMATS on purpose.
OLE_COMPOUND = FileFormat(
    "ole",
    gettext_lazy("документ Microsoft Office (DOC или XLS)"),
    (".doc", ".xls"),
    "application/x-ole-storage",
)

_BY_EXTENSION = {ext: fmt for fmt in ALLOWED_FORMATS.values() for ext in fmt.extensions}

_PDF = b"%PDF-"
_JPEG = b"\xff\xd8\xff"
_PNG = b"\x89PNG\r\n\x1a\n"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"

_ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": ALLOWED_FORMATS["odt"],
    b"application/vnd.oasis.opendocument.spreadsheet": ALLOWED_FORMATS["ods"],
}

# Invisible direction overrides let "cod.exe" display as "exe.doc"; refused like controls.
_BIDI_CONTROLS = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

# Longest BOM first: the UTF-32-LE BOM begins with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


# --- public helpers -------------------------------------------------------------------------


def allowed_extensions_text() -> str:
    """ "PDF, DOC, DOCX, ODT, XLS, XLSX, ODS, JPEG, PNG" for help texts and messages.

    Format names, not words: the same in every language, so not translated.
    """
    return ", ".join(_short_name(fmt) for fmt in ALLOWED_FORMATS.values())


def sha256_of(fileobj) -> str:
    """Hex SHA-256 of the whole content, read in blocks; the position is left at 0."""
    digest, _size = _digest_and_size(fileobj)
    return digest


def detect_format(head: bytes, fileobj=None) -> FileFormat | None:
    """The format the content is in, from its first bytes; None when not recognised.

    ZIP-based documents (DOCX, XLSX, ODT, ODS) need the seekable `fileobj` to look inside;
    without it they are not recognised. OLE2 content gives `OLE_COMPOUND` (DOC or XLS).
    """
    if head.startswith(_PDF):
        return ALLOWED_FORMATS["pdf"]
    if head.startswith(_JPEG):
        return ALLOWED_FORMATS["jpeg"]
    if head.startswith(_PNG):
        return ALLOWED_FORMATS["png"]
    if head.startswith(_OLE):
        return OLE_COMPOUND
    if head.startswith(_ZIP) and fileobj is not None:
        try:
            return _zip_format(fileobj)
        finally:
            fileobj.seek(0)
    return None


# Formats a browser shows by itself without running anything of ours: served inline (with a
# sandboxing CSP) when the stored bytes still say so; everything else is a download.
PREVIEWABLE_FORMATS = ("pdf", "png", "jpeg")
PREVIEWABLE_CONTENT_TYPES = frozenset(ALLOWED_FORMATS[f].content_type for f in PREVIEWABLE_FORMATS)


def is_previewable(fileobj, content_type: str) -> bool:
    """Whether a stored file may open in the browser: recorded as PDF, PNG or JPEG at upload
    (after the full content check) and its first bytes still agree. The position is left at 0."""
    if content_type not in PREVIEWABLE_CONTENT_TYPES:
        return False
    fileobj.seek(0)
    try:
        found = detect_format(fileobj.read(HEAD_SIZE))
    finally:
        fileobj.seek(0)
    return found is not None and found.content_type == content_type


def check_upload(fileobj, name: str, *, max_bytes: int) -> CheckedUpload:
    """Check an uploaded file; raise UploadRejected (translated message) if not acceptable.

    Order: name, size, format (content against extension), then the digest. The file position
    is 0 on return and after a refusal, so the caller can save the same object.
    """
    original_name = _clean_name(name)
    try:
        _check_size(original_name, _declared_size(fileobj), max_bytes)
        fileobj.seek(0)
        head = fileobj.read(HEAD_SIZE)
        fmt = _identify(original_name, head, fileobj)
        digest, size = _digest_and_size(fileobj)
        _check_size(original_name, size, max_bytes)  # `.size` is only what the object claims
        _check_content(original_name, fileobj, fmt)
    finally:
        fileobj.seek(0)
    return CheckedUpload(
        format=fmt,
        original_name=original_name,
        size=size,
        sha256=digest,
        extension=fmt.extensions[0],
    )


def _check_content(name: str, fileobj, fmt: FileFormat) -> None:
    """Macros, XML entities, active PDF content; then the antivirus, when there is one."""
    try:
        check_content(fileobj, fmt.id)
        scan_for_viruses(fileobj)
    except (HostileContent, ScanFailed) as refusal:
        raise UploadRejected(
            _("Файл «%(name)s» не принят: %(reason)s.")
            % {"name": _display(name), "reason": refusal},
            code="hostile_content",
        ) from refusal


# --- name -----------------------------------------------------------------------------------


def _clean_name(name: str) -> str:
    """The client's name, NFC-normalised and stripped; refused if it could mean a path."""
    raw = name or ""
    # ".." alone is harmless: the name is never a path (files are stored under generated
    # names), and "Итоги... 2023.pdf" is an honest name.
    if any(_is_control(char) for char in raw) or any(part in raw for part in ("/", "\\")):
        raise _bad_name(raw)
    # macOS browsers may send decomposed Cyrillic ("й" as "и" + breve): store the usual form.
    cleaned = unicodedata.normalize("NFC", raw).strip()
    if not cleaned:
        raise UploadRejected(
            _("У файла нет имени: переименуйте файл и загрузите снова."), code="invalid_name"
        )
    if len(cleaned) > MAX_NAME_LENGTH:
        raise UploadRejected(
            _(
                "Имя файла «%(name)s» длиннее %(limit)d символов: "
                "переименуйте файл и загрузите снова."
            )
            % {"name": _display(cleaned), "limit": MAX_NAME_LENGTH},
            code="invalid_name",
        )
    return cleaned


def _is_control(char: str) -> bool:
    return unicodedata.category(char) == "Cc" or char in _BIDI_CONTROLS


def _bad_name(name: str) -> UploadRejected:
    return UploadRejected(
        _("Недопустимое имя файла «%(name)s»: переименуйте файл и загрузите снова.")
        % {"name": _display(name)},
        code="invalid_name",
    )


def _display(name: str, limit: int = 100) -> str:
    """The name as safe to show in a message: controls replaced, very long names shortened."""
    shown = "".join("\ufffd" if _is_control(char) else char for char in name)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def _extension(name: str) -> str:
    """Lowercase extension with the dot ("" if none); a leading dot alone is not one."""
    stem, dot, ext = name.rpartition(".")
    return f".{ext.lower()}" if dot and stem else ""


# --- size -----------------------------------------------------------------------------------


def _declared_size(fileobj) -> int:
    size = getattr(fileobj, "size", None)
    if isinstance(size, int):
        return size
    fileobj.seek(0, os.SEEK_END)
    return fileobj.tell()


def _check_size(name: str, size: int, max_bytes: int) -> None:
    if size == 0:
        raise UploadRejected(_("Файл «%(name)s» пустой.") % {"name": _display(name)}, code="empty")
    if size > max_bytes:
        raise UploadRejected(
            _("Файл «%(name)s» больше %(limit)s.")
            % {"name": _display(name), "limit": _format_limit(max_bytes)},
            code="too_large",
        )


def _format_limit(max_bytes: int) -> str:
    """ "20 МБ", "2,5 МБ", "500 КБ", "100 Б": rounded down, so the limit is never overstated.

    The whole "number unit" text is one translatable string per unit, so a language can
    change the unit's abbreviation or its place; the decimal comma is the source language's.
    """
    for template, size in ((_("%(size)s МБ"), 1024 * 1024), (_("%(size)s КБ"), 1024)):
        if max_bytes >= size:
            value = math.floor(max_bytes * 10 / size) / 10
            text = f"{value:.1f}".removesuffix(".0").replace(".", ",")
            return template % {"size": text}
    return _("%(size)s Б") % {"size": max_bytes}


# --- format ---------------------------------------------------------------------------------


def _identify(name: str, head: bytes, fileobj) -> FileFormat:
    """The allowed format that both the extension and the content agree on."""
    claimed = _BY_EXTENSION.get(_extension(name))
    if claimed is None:
        raise UploadRejected(
            _("Формат файла «%(name)s» не поддерживается. Допустимые форматы: %(formats)s.")
            % {"name": _display(name), "formats": allowed_extensions_text()},
            code="unsupported_format",
        )
    # Redundant with the signature checks today, but kept explicit: markup must never pass,
    # even if a signature check is relaxed later.
    if _looks_like_markup(head):
        raise _mismatch(name, claimed)
    detected = detect_format(head, fileobj)
    if detected is OLE_COMPOUND and claimed.id in ("doc", "xls"):
        return claimed
    if detected != claimed:
        raise _mismatch(name, claimed)
    return claimed


def _mismatch(name: str, claimed: FileFormat) -> UploadRejected:
    return UploadRejected(
        _(
            "Содержимое файла «%(name)s» не соответствует формату %(format)s. "
            "Допустимые форматы: %(formats)s."
        )
        % {
            "name": _display(name),
            "format": _short_name(claimed),
            "formats": allowed_extensions_text(),
        },
        code="content_mismatch",
    )


def _short_name(fmt: FileFormat) -> str:
    return fmt.id.upper()


def _looks_like_markup(head: bytes) -> bool:
    """HTML, SVG, XML or a script: optional BOM and whitespace, then "<" or "#!"."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            text = head[len(bom) :].decode(encoding, errors="ignore")
            break
    else:
        text = head.decode("latin-1")  # one char per byte; only the first ones matter
    # NULs too: UTF-16 markup without a BOM reads as "<\0h\0" or "\0<\0h".
    return text.lstrip(" \t\r\n\f\v\x00").startswith(("<", "#!"))


def _zip_format(fileobj) -> FileFormat | None:
    """DOCX, XLSX, ODT or ODS from the archive's members; None for anything else."""
    if not _zip_directory_is_small(fileobj):
        return None
    try:
        with zipfile.ZipFile(fileobj) as archive:
            members = archive.infolist()
            if len(members) > MAX_ZIP_MEMBERS:  # the end record may under-report
                return None
            return _office_format(archive, {member.filename for member in members})
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, struct.error):
        return None  # not a readable archive
    except (RuntimeError, NotImplementedError):
        return None  # "mimetype" encrypted or in a compression zipfile cannot read


def _zip_directory_is_small(fileobj) -> bool:
    """Read the end-of-central-directory record ourselves, before zipfile parses the listing."""
    record = struct.Struct("<4s4H2LH")  # signature, disks, entry counts, directory size/offset
    fileobj.seek(0, os.SEEK_END)
    size = fileobj.tell()
    tail_size = min(size, record.size + 0xFFFF)  # the record ends with a comment of <= 64 KiB
    fileobj.seek(size - tail_size)
    tail = fileobj.read(tail_size)
    start = tail.rfind(b"PK\x05\x06")
    if start < 0 or len(tail) - start < record.size:
        return False
    _sig, _disk, _cd_disk, _here, entries, directory_size, _offset, _comment = record.unpack(
        tail[start : start + record.size]
    )
    if entries == 0xFFFF or directory_size == 0xFFFFFFFF:  # ZIP64: never needed at our sizes
        return False
    return entries <= MAX_ZIP_MEMBERS and directory_size <= MAX_ZIP_DIRECTORY_BYTES


def _office_format(archive: zipfile.ZipFile, names: set[str]) -> FileFormat | None:
    """Exactly one office format must match: an archive that is two at once is refused."""
    found = []
    if "mimetype" in names:
        odf = _ODF_MIMETYPES.get(_read_small_member(archive, "mimetype"))
        if odf is not None:
            found.append(odf)
    if "[Content_Types].xml" in names:  # every OOXML package has it; Word refuses without it
        if "word/document.xml" in names:
            found.append(ALLOWED_FORMATS["docx"])
        if "xl/workbook.xml" in names:
            found.append(ALLOWED_FORMATS["xlsx"])
    return found[0] if len(found) == 1 else None


def _read_small_member(archive: zipfile.ZipFile, name: str, limit: int = 100) -> bytes:
    """A member's bytes if it declares at most `limit` bytes; never decompress more."""
    info = archive.getinfo(name)
    if info.file_size > limit:
        return b""
    with archive.open(info) as member:
        return member.read(limit + 1)


def _digest_and_size(fileobj) -> tuple[str, int]:
    """One pass in 64 KiB blocks (works with or without `.chunks()`); position back at 0."""
    digest = hashlib.sha256()
    size = 0
    fileobj.seek(0)
    try:
        while block := fileobj.read(CHUNK_SIZE):
            digest.update(block)
            size += len(block)
    finally:
        fileobj.seek(0)
    return digest.hexdigest(), size
