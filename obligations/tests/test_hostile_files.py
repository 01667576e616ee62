"""Evidence that a careful office refuses, figures out of range, file names (issue 9,
findings 3, 9 and 11). Through the evidence form, as a head submits it."""

import io
import os
import shutil
import subprocess
import time
import zipfile
import zlib
from pathlib import Path

import docx
import pytest
from django.urls import reverse

from obligations.models import Evidence, EvidenceFile

from .conftest import LOCAL_ACT

pytestmark = pytest.mark.django_db
PDF_START = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
PDF_END = b"trailer<</Root 1 0 R>>\n%%EOF\n"


def named(content: bytes, name: str) -> io.BytesIO:
    """A file object whose name reaches the server uncut (SimpleUploadedFile would cut it)."""
    upload = io.BytesIO(content)
    upload.name = name
    return upload


def post_file(client, obligation, content, name):
    data = {**LOCAL_ACT, "file": named(content, name)}
    return client.post(reverse("obligations:evidence_add", args=[obligation.pk]), data)


def file_errors(response):
    assert response.status_code == 400  # the page again, with the form's errors
    return response.context["evidence_form"].errors.get("file")


def docx_bytes(change=None) -> bytes:
    document = docx.Document()
    document.add_paragraph("Положение о наставничестве")
    buffer = io.BytesIO()
    document.save(buffer)
    if change is None:
        return buffer.getvalue()
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, change(item.filename, source.read(item)))
        extra = change("", b"")
        if extra:
            target.writestr(*extra)
    return out.getvalue()


def test_a_figure_out_of_the_columns_range_is_a_form_error_and_keeps_what_was_typed(
    head_a_client, one_off_a
):
    for value in ("2147483648", str(10**20)):
        response = head_a_client.post(
            reverse("obligations:evidence_add", args=[one_off_a.pk]),
            {
                "kind": "figure",
                "title": "Число наставников",
                "figure_value": value,
                "effective_date": "01.03.2022",
            },
        )
        assert response.status_code == 400
        form = response.context["evidence_form"]
        assert form.errors["figure_value"] == [
            "Убедитесь, что это значение меньше либо равно 2147483647."
        ]
        assert form["title"].value() == "Число наставников"
    assert Evidence.objects.count() == 0


def test_a_name_over_255_characters_is_refused_not_cut(head_a_client, one_off_a):
    name = "Приказ " + "о" * 300 + ".pdf"
    response = post_file(head_a_client, one_off_a, PDF_START + PDF_END, name)
    assert file_errors(response) == [
        f"Имя файла «{name[:99]}…» длиннее 255 символов: переименуйте файл и загрузите снова."
    ]
    assert EvidenceFile.objects.count() == 0


def test_an_honest_name_with_dots_is_accepted(head_a_client, one_off_a):
    response = post_file(head_a_client, one_off_a, PDF_START + PDF_END, "Итоги... 2023.pdf")
    assert response.status_code == 302
    assert EvidenceFile.objects.get().original_name == "Итоги... 2023.pdf"


MACRO = (
    "документ содержит макросы или элементы ActiveX. Сохраните его без макросов (.docx, "
    ".xlsx) и загрузите снова."
)


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(
            lambda name, data: ("word/vbaProject.bin", b"\xd0\xcf\x11\xe0") if not name else data,
            id="vbaProject",
        ),
        pytest.param(
            lambda name, data: (
                data.replace(
                    b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml"
                )
                if name == "[Content_Types].xml"
                else data
            ),
            id="docm-renamed",
        ),
    ],
)
def test_a_document_with_macros_is_refused_whatever_its_name(head_a_client, one_off_a, change):
    response = post_file(head_a_client, one_off_a, docx_bytes(change), "Положение.docx")
    assert file_errors(response) == [f"Файл «Положение.docx» не принят: {MACRO}"]
    assert Evidence.objects.count() == 0


def test_an_old_word_document_with_a_vba_storage_is_refused(head_a_client, one_off_a):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500 + "_VBA_PROJECT".encode("utf-16-le")
    response = post_file(head_a_client, one_off_a, ole + b"\0" * 600, "Положение.doc")
    assert file_errors(response) == [f"Файл «Положение.doc» не принят: {MACRO}"]


def test_xml_with_an_external_entity_is_refused(head_a_client, one_off_a):
    def with_entity(name, data):
        if name == "word/document.xml":
            return data.replace(
                b"?>", b'?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>', 1
            )
        return data

    response = post_file(head_a_client, one_off_a, docx_bytes(with_entity), "Акт.docx")
    assert file_errors(response) == [
        "Файл «Акт.docx» не принят: документ содержит объявление DOCTYPE или сущностей XML "
        "(возможная атака через внешние сущности). Сохраните документ заново в Word или Excel."
    ]


def object_stream(body: bytes) -> bytes:
    packed = zlib.compress(body)
    return (
        b"5 0 obj<</Type/ObjStm/N 1/First 4/Filter/FlateDecode/Length %d>>stream\n" % len(packed)
        + packed
        + b"\nendstream endobj\n"
    )


@pytest.mark.parametrize(
    ("body", "found"),
    [
        (b"2 0 obj<</S/JavaScript/JS(app.alert(1))>>endobj\n", "/JavaScript"),
        (b"2 0 obj<</Type/Action/S/Launch/F(cmd.exe)>>endobj\n", "/Launch"),
        (b"2 0 obj<</Type/EmbeddedFile/Length 3>>stream\nabc\nendstream endobj\n", "/EmbeddedFile"),
        (b"2 0 obj<</S/J#61vaScript/J#53(x)>>endobj\n", "/JavaScript"),
        (object_stream(b"2 0 <</S/JavaScript/JS(app.alert(1))>>"), "/JavaScript"),
    ],
    ids=["javascript", "launch", "embedded-file", "hex-escaped", "in-object-stream"],
)
def test_a_pdf_with_active_content_is_refused(head_a_client, one_off_a, body, found):
    response = post_file(head_a_client, one_off_a, PDF_START + body + PDF_END, "Отчёт.pdf")
    assert file_errors(response) == [
        f"Файл «Отчёт.pdf» не принят: PDF содержит встроенный сценарий, запуск программ или "
        f"вложенные файлы ({found}). Сохраните документ заново как обычный PDF (например, "
        "«Печать → Сохранить как PDF») и загрузите снова."
    ]
    assert EvidenceFile.objects.count() == 0


def test_a_pdf_that_is_also_a_web_page_is_refused(head_a_client, one_off_a):
    polyglot = PDF_START + b"%<html><body><script>alert(document.cookie)</script>\n" + PDF_END
    response = post_file(head_a_client, one_off_a, polyglot, "Отчёт.pdf")
    assert file_errors(response) == [
        "Файл «Отчёт.pdf» не принят: PDF содержит HTML-разметку (файл одновременно PDF и "
        "веб-страница). Сохраните документ заново как обычный PDF (например, «Печать → "
        "Сохранить как PDF») и загрузите снова."
    ]


def test_ordinary_documents_still_pass(head_a_client, one_off_a):
    page = b"3 0 obj<</Length 20>>stream\nBT /F1 12 Tf (Hi) Tj ET\nendstream endobj\n"
    assert (
        post_file(head_a_client, one_off_a, PDF_START + page + PDF_END, "a.pdf").status_code == 302
    )
    assert post_file(head_a_client, one_off_a, docx_bytes(), "b.docx").status_code == 302
    assert EvidenceFile.objects.count() == 2


# --- antivirus ------------------------------------------------------------------------------

EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


@pytest.fixture(scope="module")
def clamd_socket(tmp_path_factory):
    """A real clamd whose signature database is one line: the EICAR test string, anywhere.

    ClamAV's own signature database cannot be downloaded here (only PyPI, Debian and npm are
    reachable), so the daemon gets the EICAR signature in its documented .ndb body format.
    """
    binary = shutil.which("clamd") or "/usr/sbin/clamd"
    if not Path(binary).exists():
        message = "clamd not installed: `apt-get install clamav-daemon` to run the antivirus test"
        if os.environ.get("REQUIRE_SERVICES"):
            pytest.fail(f"{message} (REQUIRE_SERVICES is set: CI must run it)")
        pytest.skip(message)
    directory = tmp_path_factory.mktemp("clamd")
    (directory / "eicar.ndb").write_text(f"Eicar-Test-Signature:0:*:{EICAR.hex()}\n")
    socket_path = directory / "clamd.sock"
    (directory / "clamd.conf").write_text(
        f"LocalSocket {socket_path}\nDatabaseDirectory {directory}\nForeground yes\n"
        f"LogFile {directory / 'clamd.log'}\nPidFile {directory / 'clamd.pid'}\n"
    )
    process = subprocess.Popen(
        [binary, "-c", str(directory / "clamd.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _attempt in range(300):
        if socket_path.exists() or process.poll() is not None:
            break
        time.sleep(0.1)
    if not socket_path.exists():
        process.kill()
        pytest.fail(f"clamd did not start: {(directory / 'clamd.log').read_text()[-500:]}")
    yield str(socket_path)
    process.terminate()
    process.wait(timeout=10)


def test_clamd_refuses_a_file_carrying_the_eicar_test_string(
    head_a_client, one_off_a, settings, clamd_socket
):
    settings.CLAMD_SOCKET = clamd_socket
    infected = PDF_START + b"%" + EICAR + b"\n" + PDF_END
    response = post_file(head_a_client, one_off_a, infected, "Отчёт.pdf")
    assert file_errors(response) == [
        "Файл «Отчёт.pdf» не принят: антивирус обнаружил угрозу (Eicar-Test-Signature.UNOFFICIAL)."
    ]
    assert EvidenceFile.objects.count() == 0
    assert post_file(head_a_client, one_off_a, PDF_START + PDF_END, "a.pdf").status_code == 302


def test_with_clamd_configured_but_down_the_upload_is_refused(
    head_a_client, one_off_a, settings, tmp_path
):
    settings.CLAMD_SOCKET = str(tmp_path / "nobody-listens.sock")
    response = post_file(head_a_client, one_off_a, PDF_START + PDF_END, "a.pdf")
    assert file_errors(response) == [
        "Файл «a.pdf» не принят: антивирусная проверка сейчас недоступна, попробуйте позже."
    ]
    assert EvidenceFile.objects.count() == 0
