"""Tests for obligations.uploads: real small files, built here; no database needed."""

import hashlib
import io
import struct
import zipfile
import zlib

import docx
import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from obligations import uploads
from obligations.uploads import (
    ALLOWED_FORMATS,
    OLE_COMPOUND,
    CheckedUpload,
    UploadRejected,
    allowed_extensions_text,
    check_upload,
    detect_format,
    sha256_of,
)

MB = 1024 * 1024
ALLOWED = "PDF, DOC, DOCX, ODT, XLS, XLSX, ODS, JPEG, PNG"


# --- sample files ---------------------------------------------------------------------------


def pdf_bytes() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )


def png_bytes() -> bytes:
    """A 1×1 grey PNG, chunks with real CRCs."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)  # 1×1, 8-bit greyscale
    pixels = zlib.compress(b"\x00\x80")  # filter byte 0, one grey pixel
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def jpeg_bytes() -> bytes:
    """A 1×1 greyscale baseline JPEG: one block, DC difference 0, then end-of-block."""

    def segment(marker: int, data: bytes) -> bytes:
        return struct.pack(">BBH", 0xFF, marker, len(data) + 2) + data

    jfif = b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    quant = b"\x00" + b"\x01" * 64
    frame = b"\x08\x00\x01\x00\x01\x01\x01\x11\x00"  # 8-bit, 1×1, one component
    one_code = b"\x01" + b"\x00" * 15 + b"\x00"  # a single 1-bit code for symbol 0
    dc_table, ac_table = b"\x00" + one_code, b"\x10" + one_code
    scan = b"\x01\x01\x00\x00\x3f\x00"
    return (
        b"\xff\xd8"
        + segment(0xE0, jfif)
        + segment(0xDB, quant)
        + segment(0xC0, frame)
        + segment(0xC4, dc_table)
        + segment(0xC4, ac_table)
        + segment(0xDA, scan)
        + b"\x3f"  # bits 0 (DC category 0), 0 (EOB), padded with ones
        + b"\xff\xd9"
    )


def docx_bytes() -> bytes:
    document = docx.Document()
    document.add_paragraph("Отчёт о наставничестве")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Показатель"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            # ODF wants "mimetype" first and stored uncompressed
            compression = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=compression)
    return buffer.getvalue()


def odf_bytes(kind: str) -> bytes:
    mimetype = f"application/vnd.oasis.opendocument.{kind}".encode()
    manifest = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        b'<manifest:file-entry manifest:full-path="/" manifest:media-type="' + mimetype + b'"/>'
        b"</manifest:manifest>"
    )
    return zip_bytes(
        {
            "mimetype": mimetype,
            "META-INF/manifest.xml": manifest,
            "content.xml": b'<?xml version="1.0"?><office:document-content/>',
        }
    )


def ole_bytes() -> bytes:
    """An OLE2 compound-file header (DOC and XLS share it), padded to one 512-byte sector."""
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff\x09\x00"
    )
    return header.ljust(512, b"\x00")


HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg">'
    b"<script>alert(1)</script></svg>"
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 50


def as_bytesio(data: bytes) -> io.BytesIO:
    """A file object without `.size` or `.chunks()`: the checker must measure it itself."""
    fileobj = io.BytesIO(data)
    assert not hasattr(fileobj, "size")
    return fileobj


def refusal(data: bytes, name: str, max_bytes: int = 20 * MB) -> str:
    with pytest.raises(UploadRejected) as caught:
        check_upload(as_bytesio(data), name, max_bytes=max_bytes)
    return caught.value.message


def mismatch(name: str, short: str) -> str:
    return (
        f"Содержимое файла «{name}» не соответствует формату {short}. "
        f"Допустимые форматы: {ALLOWED}."
    )


# --- accepted files -------------------------------------------------------------------------

ACCEPTED = [
    ("pdf", pdf_bytes, "Приказ № 5.pdf", ".pdf"),
    ("doc", ole_bytes, "План.doc", ".doc"),
    ("docx", docx_bytes, "Отчёт.docx", ".docx"),
    ("odt", lambda: odf_bytes("text"), "Отчёт.odt", ".odt"),
    ("xls", ole_bytes, "Таблица.xls", ".xls"),
    ("xlsx", xlsx_bytes, "Таблица.xlsx", ".xlsx"),
    ("ods", lambda: odf_bytes("spreadsheet"), "Таблица.ods", ".ods"),
    ("jpeg", jpeg_bytes, "Фото.jpg", ".jpg"),
    ("png", png_bytes, "Скан.png", ".png"),
]


@pytest.mark.parametrize(("format_id", "make", "name", "extension"), ACCEPTED)
def test_each_allowed_format_is_accepted_from_a_bytesio(format_id, make, name, extension):
    data = make()
    fileobj = as_bytesio(data)
    fileobj.seek(7)  # the checker must not depend on where the caller left the position

    checked = check_upload(fileobj, name, max_bytes=20 * MB)

    assert checked == CheckedUpload(
        format=ALLOWED_FORMATS[format_id],
        original_name=name,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        extension=extension,
    )
    assert fileobj.tell() == 0


@pytest.mark.parametrize(("format_id", "make", "name", "extension"), ACCEPTED)
def test_each_allowed_format_is_accepted_from_a_django_upload(format_id, make, name, extension):
    data = make()
    upload = SimpleUploadedFile(name, data, content_type="application/octet-stream")

    checked = check_upload(upload, upload.name, max_bytes=20 * MB)

    assert checked.format.id == format_id
    assert checked.sha256 == hashlib.sha256(data).hexdigest()
    assert checked.size == upload.size == len(data)
    assert checked.extension == extension
    assert upload.tell() == 0
    assert upload.read() == data  # still readable from the start for saving


def test_jpeg_extension_is_case_insensitive_and_stored_as_jpg():
    checked = check_upload(as_bytesio(jpeg_bytes()), "СКАН.JPEG", max_bytes=MB)
    assert checked.format.id == "jpeg"
    assert checked.original_name == "СКАН.JPEG"
    assert checked.extension == ".jpg"


def test_name_is_stripped_and_nfc_normalised():
    decomposed = "Отчёт.pdf".replace("ё", "е\u0308")  # as macOS browsers may send it
    checked = check_upload(as_bytesio(pdf_bytes()), f"  {decomposed} ", max_bytes=MB)
    assert checked.original_name == "Отчёт.pdf"


def test_file_exactly_at_the_limit_is_accepted():
    data = pdf_bytes()
    assert check_upload(as_bytesio(data), "x.pdf", max_bytes=len(data)).size == len(data)


# --- refused content ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "name", "short"),
    [
        (HTML, "x.pdf", "PDF"),
        (b"\xef\xbb\xbf \r\n\t" + HTML, "x.pdf", "PDF"),  # BOM and whitespace first
        ("\ufeff<html></html>".encode("utf-16-le"), "x.pdf", "PDF"),
        (SVG, "x.pdf", "PDF"),
        (SVG, "x.png", "PNG"),
        (b"#!/bin/sh\nrm -rf /\n", "x.jpg", "JPEG"),
        (b"just some text, not a document", "x.docx", "DOCX"),
        (docx_bytes(), "x.xlsx", "XLSX"),
        (xlsx_bytes(), "x.pdf", "PDF"),
        (pdf_bytes(), "x.docx", "DOCX"),
        (png_bytes(), "x.jpg", "JPEG"),
        (zip_bytes({"readme.txt": b"hello"}), "x.docx", "DOCX"),
        (b"PK\x03\x04" + b"\x00" * 200, "x.docx", "DOCX"),  # corrupt zip
        (docx_bytes()[:-40], "x.docx", "DOCX"),  # truncated: end record cut off
        (odf_bytes("presentation"), "x.odt", "ODT"),
        (ole_bytes(), "x.docx", "DOCX"),
        (ole_bytes(), "x.pdf", "PDF"),
    ],
    ids=[
        "html-as-pdf",
        "html-with-bom-as-pdf",
        "utf16-html-as-pdf",
        "svg-as-pdf",
        "svg-as-png",
        "script-as-jpg",
        "text-as-docx",
        "docx-as-xlsx",
        "xlsx-as-pdf",
        "pdf-as-docx",
        "png-as-jpg",
        "plain-zip-as-docx",
        "corrupt-zip-as-docx",
        "truncated-docx",
        "odp-as-odt",
        "ole-as-docx",
        "ole-as-pdf",
    ],
)
def test_content_that_does_not_match_the_extension_is_refused(data, name, short):
    assert refusal(data, name) == mismatch(name, short)


def test_archive_that_is_both_docx_and_xlsx_is_refused():
    polyglot = zip_bytes(
        {
            "[Content_Types].xml": b"<Types/>",
            "word/document.xml": b"<w/>",
            "xl/workbook.xml": b"<x/>",
        }
    )
    assert refusal(polyglot, "x.docx") == mismatch("x.docx", "DOCX")


def test_archive_listing_more_than_ten_thousand_members_is_refused():
    members = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"}
    members |= {f"media/{number}.bin": b"" for number in range(10_000)}
    assert refusal(zip_bytes(members), "x.docx") == mismatch("x.docx", "DOCX")


def test_executable_is_refused_as_unsupported():
    assert refusal(EXE, "x.exe") == (
        f"Формат файла «x.exe» не поддерживается. Допустимые форматы: {ALLOWED}."
    )


def test_name_without_extension_is_refused_as_unsupported():
    assert refusal(pdf_bytes(), "report") == (
        f"Формат файла «report» не поддерживается. Допустимые форматы: {ALLOWED}."
    )


# --- refused sizes --------------------------------------------------------------------------


def test_empty_file_is_refused():
    assert refusal(b"", "x.pdf") == "Файл «x.pdf» пустой."


def test_empty_django_upload_is_refused():
    with pytest.raises(UploadRejected) as caught:
        check_upload(SimpleUploadedFile("x.pdf", b""), "x.pdf", max_bytes=MB)
    assert caught.value.message == "Файл «x.pdf» пустой."


def test_oversize_file_is_refused_with_the_limit_in_megabytes():
    data = pdf_bytes() + b"\x00" * MB
    assert refusal(data, "x.pdf", max_bytes=MB) == "Файл «x.pdf» больше 1 МБ."


@pytest.mark.parametrize(
    ("max_bytes", "shown"),
    [
        (20 * MB, "20 МБ"),
        (5 * MB // 2, "2,5 МБ"),
        (20 * MB - 1, "19,9 МБ"),
        (512 * 1024, "512 КБ"),
        (100, "100 Б"),
    ],
)
def test_the_limit_is_shown_rounded_down(max_bytes, shown):
    data = pdf_bytes().ljust(max_bytes + 1, b"\x00")
    assert refusal(data, "x.pdf", max_bytes=max_bytes) == f"Файл «x.pdf» больше {shown}."


def test_oversize_is_refused_before_reading_the_content():
    fileobj = RecordingFile(pdf_bytes() + b"\x00" * 1000)
    with pytest.raises(UploadRejected):
        check_upload(fileobj, "x.pdf", max_bytes=100)
    assert fileobj.read_sizes == []


def test_a_false_size_attribute_does_not_let_a_big_file_through():
    upload = SimpleUploadedFile("x.pdf", pdf_bytes() + b"\x00" * 1000)
    upload.size = 10
    with pytest.raises(UploadRejected) as caught:
        check_upload(upload, "x.pdf", max_bytes=100)
    assert caught.value.message == "Файл «x.pdf» больше 100 Б."
    assert upload.tell() == 0


# --- refused names --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("../evil.pdf", "../evil.pdf"),
        ("..\\evil.pdf", "..\\evil.pdf"),
        ("dir/evil.pdf", "dir/evil.pdf"),
        ("C:\\Users\\evil.pdf", "C:\\Users\\evil.pdf"),
        ("evil\x00.pdf", "evil\ufffd.pdf"),
        ("evil\n.pdf", "evil\ufffd.pdf"),
        ("evil\u202efdp.exe", "evil\ufffdfdp.exe"),  # right-to-left override
    ],
)
def test_unsafe_names_are_refused(name, shown):
    assert refusal(pdf_bytes(), name) == (
        f"Недопустимое имя файла «{shown}»: переименуйте файл и загрузите снова."
    )


@pytest.mark.parametrize("name", ["", "   "])
def test_empty_names_are_refused(name):
    assert refusal(pdf_bytes(), name) == "У файла нет имени: переименуйте файл и загрузите снова."


def test_name_longer_than_255_characters_is_refused():
    name = "я" * 252 + ".pdf"
    assert refusal(pdf_bytes(), name) == (
        f"Имя файла «{'я' * 99}…» длиннее 255 символов: переименуйте файл и загрузите снова."
    )


def test_name_of_exactly_255_characters_is_accepted():
    name = "я" * 251 + ".pdf"
    assert check_upload(as_bytesio(pdf_bytes()), name, max_bytes=MB).original_name == name


def test_refusal_is_a_validation_error_and_leaves_the_position_at_zero():
    fileobj = as_bytesio(HTML)
    with pytest.raises(UploadRejected) as caught:
        check_upload(fileobj, "x.pdf", max_bytes=MB)
    assert caught.value.code == "content_mismatch"
    assert caught.value.messages == [mismatch("x.pdf", "PDF")]
    assert fileobj.tell() == 0


# --- helpers --------------------------------------------------------------------------------


class RecordingFile(io.BytesIO):
    """Records every read size; refuses unbounded reads, which would load the whole file."""

    def __init__(self, data: bytes):
        super().__init__(data)
        self.read_sizes: list[int] = []

    def read(self, size=-1):
        assert size is not None and 0 <= size <= 64 * 1024, f"unbounded read({size})"
        self.read_sizes.append(size)
        return super().read(size)


def test_content_is_read_in_blocks_of_at_most_64_kib():
    data = pdf_bytes() + b"\x00" * (3 * MB)
    fileobj = RecordingFile(data)
    checked = check_upload(fileobj, "big.pdf", max_bytes=20 * MB)
    assert checked.sha256 == hashlib.sha256(data).hexdigest()
    assert len(fileobj.read_sizes) > 3 * MB // (64 * 1024)


def test_sha256_of_restores_the_position():
    data = b"\x01" * (200 * 1024)
    fileobj = as_bytesio(data)
    fileobj.seek(123)
    assert sha256_of(fileobj) == hashlib.sha256(data).hexdigest()
    assert fileobj.tell() == 0


def test_detect_format_from_content():
    assert detect_format(pdf_bytes()) == ALLOWED_FORMATS["pdf"]
    assert detect_format(png_bytes()) == ALLOWED_FORMATS["png"]
    assert detect_format(jpeg_bytes()) == ALLOWED_FORMATS["jpeg"]
    assert detect_format(ole_bytes()) is OLE_COMPOUND
    assert detect_format(HTML) is None
    assert detect_format(EXE) is None


def test_detect_format_needs_the_file_for_zip_based_documents():
    data = docx_bytes()
    assert detect_format(data[:512]) is None
    fileobj = as_bytesio(data)
    assert detect_format(data[:512], fileobj) == ALLOWED_FORMATS["docx"]
    assert fileobj.tell() == 0


def test_allowed_extensions_text():
    assert allowed_extensions_text() == ALLOWED


def test_allowed_formats_are_keyed_by_id_with_dotted_lowercase_extensions():
    assert list(ALLOWED_FORMATS) == [
        "pdf",
        "doc",
        "docx",
        "odt",
        "xls",
        "xlsx",
        "ods",
        "jpeg",
        "png",
    ]
    for format_id, fmt in ALLOWED_FORMATS.items():
        assert fmt.id == format_id
        assert fmt.label and fmt.content_type
        assert all(ext.startswith(".") and ext == ext.lower() for ext in fmt.extensions)
    assert ALLOWED_FORMATS["jpeg"].extensions == (".jpg", ".jpeg")


def test_refusal_messages_go_through_gettext(monkeypatch):
    # No English catalogue: under "en" the Russian source text comes back, without errors.
    with translation.override("en"):
        assert refusal(b"", "x.pdf") == "Файл «x.pdf» пустой."
        assert refusal(b"x" * 200, "x.pdf", max_bytes=100) == "Файл «x.pdf» больше 100 Б."
        assert refusal(HTML, "x.pdf") == mismatch("x.pdf", "PDF")
        assert all(str(fmt.label) for fmt in ALLOWED_FORMATS.values())

    # With a catalogue, the translated template is used and the placeholders are filled in.
    catalogue = {
        "Файл «%(name)s» больше %(limit)s.": "File “%(name)s” is larger than %(limit)s.",
        "%(size)s МБ": "%(size)s MB",
    }
    monkeypatch.setattr(uploads, "_", lambda message: catalogue.get(message, message))
    data = pdf_bytes().ljust(5 * MB // 2 + 1, b"\x00")
    assert refusal(data, "x.pdf", max_bytes=5 * MB // 2) == "File “x.pdf” is larger than 2,5 MB."
