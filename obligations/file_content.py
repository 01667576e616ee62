"""What a careful office refuses inside an evidence file whose format is otherwise right.

Evidence files are only ever served as downloads, but they are opened on the office's
computers, so content that runs there is refused:

- office documents with macros or ActiveX (a vbaProject in a .docx/.xlsx, however the file is
  named; Excel 4 macro sheets; Basic or scripts in ODF; the VBA storage of a .doc/.xls);
- any XML part with a DOCTYPE or entity declaration (no office program writes one; it is how
  external-entity and "billion laughs" attacks are built);
- PDFs with JavaScript, launch or embedded-file actions (also when hidden in compressed object
  streams or spelled with #-escapes), and PDFs that are HTML pages too (polyglots);
- with CLAMD_SOCKET set, anything a ClamAV daemon calls infected (see antivirus.py).

Every check reads the file in blocks, and decompresses at most a bounded amount.
"""

import re
import zipfile
import zlib
from xml.parsers import expat

from django.utils.translation import gettext as _

CHUNK = 64 * 1024
MAX_INFLATED_PDF_BYTES = 64 * 1024 * 1024
MAX_ARCHIVE_XML_MEMBERS = 2000

_MACRO_MEMBER = re.compile(
    r"(^|/)(vbaproject\.bin|vbadata\.xml|activex\d*\.(xml|bin)|macrosheets/|basic/|scripts/)",
    re.IGNORECASE,
)
_MACRO_CONTENT_TYPE = re.compile(rb"macroEnabled|vbaProject|ms-office\.activeX", re.IGNORECASE)
_OLE_MACRO_STORAGES = ("_VBA_PROJECT".encode("utf-16-le"), "Macros".encode("utf-16-le"))
_PDF_NAME = re.compile(rb"/([^\s/<>\[\]()%{}]+)")
_PDF_ACTIVE_NAMES = {
    b"JavaScript",
    b"JS",
    b"Launch",
    b"EmbeddedFile",
    b"EmbeddedFiles",
    b"RichMedia",
}
_PDF_STREAM = re.compile(rb"stream\r?\n")
_HTML_IN_PDF = re.compile(rb"<\s*(html|script|body|iframe|svg|!doctype\s+html)\b", re.IGNORECASE)


class HostileContent(Exception):
    """Refused content; the message (Russian) says what was found, without the file name."""


def check_content(fileobj, format_id: str) -> None:
    """Raise HostileContent for macros, XML entities or active PDF content; position left at 0."""
    try:
        if format_id in ("docx", "xlsx", "odt", "ods"):
            _check_archive(fileobj)
        elif format_id in ("doc", "xls"):
            _check_ole(fileobj)
        elif format_id == "pdf":
            _check_pdf(fileobj)
    finally:
        fileobj.seek(0)


# --- office archives ----------------------------------------------------------------------


def _macros() -> HostileContent:
    return HostileContent(
        _(
            "документ содержит макросы или элементы ActiveX. Сохраните его без макросов (.docx, "
            ".xlsx) и загрузите снова"
        )
    )


def _check_archive(fileobj) -> None:
    fileobj.seek(0)
    with zipfile.ZipFile(fileobj) as archive:
        members = archive.infolist()
        if any(_MACRO_MEMBER.search(member.filename) for member in members):
            raise _macros()
        xml_members = [m for m in members if m.filename.lower().endswith((".xml", ".rels"))]
        for member in xml_members[:MAX_ARCHIVE_XML_MEMBERS]:
            if member.filename == "[Content_Types].xml" and member.file_size < 1024 * 1024:
                if _MACRO_CONTENT_TYPE.search(archive.read(member)):
                    raise _macros()
            _check_xml_prolog(archive, member)


class _PrologRead(Exception):
    """The root element began: no DOCTYPE can follow, stop reading."""


def _check_xml_prolog(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    """Refuse a DOCTYPE or entity declaration; only the prolog is read, up to the root."""
    parser = expat.ParserCreate()

    def refuse(*args):
        raise HostileContent(
            _(
                "документ содержит объявление DOCTYPE или сущностей XML (возможная атака через "
                "внешние сущности). Сохраните документ заново в Word или Excel"
            )
        )

    def root_started(*args):
        raise _PrologRead

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = root_started
    try:
        with archive.open(member) as stream:
            while block := stream.read(CHUNK):
                parser.Parse(block, False)
    except (_PrologRead, expat.ExpatError):
        return  # a broken part is for Word to complain about; it cannot declare entities


# --- DOC/XLS --------------------------------------------------------------------------------


def _check_ole(fileobj) -> None:
    """The VBA storages' names in the compound file's directory (UTF-16 names)."""
    for block in _blocks(fileobj, overlap=32):
        if any(name in block for name in _OLE_MACRO_STORAGES):
            raise _macros()


# --- PDF ------------------------------------------------------------------------------------


def _pdf_refusal(what) -> HostileContent:
    return HostileContent(
        _(
            "PDF содержит %(what)s. Сохраните документ заново как обычный PDF (например, "
            "«Печать → Сохранить как PDF») и загрузите снова"
        )
        % {"what": what}
    )


def _check_pdf(fileobj) -> None:
    inflated_budget = [MAX_INFLATED_PDF_BYTES]
    for block in _blocks(fileobj, overlap=1024):
        _check_pdf_text(block)
        for inflated in _inflated_streams(block, inflated_budget):
            _check_pdf_text(inflated)


def _check_pdf_text(data: bytes) -> None:
    if _HTML_IN_PDF.search(data):
        raise _pdf_refusal(_("HTML-разметку (файл одновременно PDF и веб-страница)"))
    for found in _PDF_NAME.finditer(data):
        name = _decode_pdf_name(found.group(1))
        if name in _PDF_ACTIVE_NAMES:
            raise _pdf_refusal(
                _("встроенный сценарий, запуск программ или вложенные файлы (/%(name)s)")
                % {"name": name.decode("latin-1")}
            )


def _decode_pdf_name(raw: bytes) -> bytes:
    """/J#61vaScript is /JavaScript: a PDF name may spell any byte as #xx."""
    if b"#" not in raw:
        return raw
    return re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw)


def _inflated_streams(block: bytes, budget: list[int]):
    """Object streams starting in this block, decompressed within the budget.

    Only object streams (/Type /ObjStm) can hide an action's dictionary from a plain byte
    scan; page contents and images are left compressed. A stream cut by the block's end is
    decompressed as far as it goes. Past the budget, the file is refused rather than let
    through unread.
    """
    for found in _PDF_STREAM.finditer(block):
        dictionary = block[max(0, found.start() - 512) : found.start()]
        names = {_decode_pdf_name(m.group(1)) for m in _PDF_NAME.finditer(dictionary)}
        if b"ObjStm" not in names:
            continue
        if budget[0] <= 0:
            raise _pdf_refusal(_("слишком много сжатых объектов для проверки"))
        inflater = zlib.decompressobj()
        try:
            data = inflater.decompress(block[found.end() :], min(budget[0], 16 * 1024 * 1024))
        except zlib.error:
            continue  # not deflate: an image or another filter
        budget[0] -= len(data)
        yield data


def _blocks(fileobj, *, overlap: int):
    """The file in blocks, each beginning with the previous block's last `overlap` bytes."""
    fileobj.seek(0)
    tail = b""
    while chunk := fileobj.read(CHUNK):
        yield tail + chunk
        tail = chunk[-overlap:]
