"""Hostile roadmap files are refused before openpyxl/python-docx parse them (issue 9, finding 1).

The pure tests run without the database:
    .venv/bin/python -m pytest -p no:django roadmap/tests/test_import_limits.py -k "not view"
"""

from __future__ import annotations

import io
import zipfile

import docx
import pytest

from roadmap.importers import ImportLimitExceeded, ReadLimits, RoadmapImportError, read_roadmap
from roadmap.tests import importer_samples as samples

SMALL = ReadLimits(
    max_uncompressed_mb=1, max_members=50, max_rows=40, max_columns=8, max_cell_chars=300
)
SHEET = (
    '<?xml version="1.0" encoding="UTF-8"?>{doctype}'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    "<sheetData>{rows}</sheetData>{merges}</worksheet>"
)


def with_sheet(rows: str, merges: str = "", doctype: str = "") -> bytes:
    """The seed workbook with its sheet XML replaced (so everything else is a real workbook)."""
    seed = io.BytesIO(samples.write_seed_xlsx(_scratch()).read_bytes())
    out = io.BytesIO()
    with zipfile.ZipFile(seed) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = SHEET.format(doctype=doctype, rows=rows, merges=merges).encode()
            target.writestr(item, data)
    return out.getvalue()


def rewrite_member(data: bytes, member: str, change) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == member:
                changed = change(content)
                assert changed != content
                content = changed
            target.writestr(item, content)
    return out.getvalue()


def _scratch():
    import tempfile
    from pathlib import Path

    return Path(tempfile.mkdtemp(prefix="limits-"))


def refusal(data: bytes, name: str, limits=SMALL) -> str:
    with pytest.raises(ImportLimitExceeded) as caught:
        read_roadmap(io.BytesIO(data), name, limits=limits)
    return str(caught.value)


def test_a_zip_bomb_is_refused_by_its_unpacked_size_before_openpyxl_reads_it():
    cells = '<c t="n"><v>1</v></c>' * 8
    data = with_sheet(f"<row>{cells}</row>" * 10_000)  # 2.2 MB of XML, 14 KB packed
    assert len(data) < 30_000
    message = refusal(data, "bomb.xlsx", ReadLimits(max_uncompressed_mb=1))
    assert message == (
        "Файл слишком велик для импорта: 1,7 МБ после распаковки — больше допустимого предела"
        " 1 МБ (настройка ROADMAP_IMPORT_MAX_UNCOMPRESSED_MB). Разделите документ на части"
        " или попросите администратора увеличить предел."
    )


def test_a_merge_over_the_whole_sheet_is_refused():
    # openpyxl would create a MergedCell for each of the 17 billion cells of A1:XFD1048576.
    data = with_sheet(
        '<row r="1"><c r="A1"><v>1</v></c></row>',
        '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>',
    )
    assert "строк в таблице — больше допустимого предела 40 " in refusal(data, "m.xlsx")


def test_a_single_far_away_cell_is_refused_by_rows_and_by_columns():
    far_down = with_sheet('<row r="41"><c r="A41"><v>1</v></c></row>')
    assert "строк в таблице" in refusal(far_down, "d.xlsx")
    far_right = with_sheet('<row r="1"><c r="I1"><v>1</v></c></row>')
    assert "столбцов в таблице — больше допустимого предела 8 " in refusal(far_right, "r.xlsx")
    unnumbered = with_sheet("<row>" + "<c><v>1</v></c>" * 9 + "</row>")
    assert "столбцов в таблице" in refusal(unnumbered, "u.xlsx")


def test_a_long_cell_is_refused_whether_inline_or_shared():
    inline = with_sheet(f'<row><c t="inlineStr"><is><t>{"я" * 301}</t></is></c></row>')
    assert "символов в одной ячейке — больше допустимого предела 300 " in refusal(inline, "i.xlsx")
    shared = samples.write_xlsx(
        _scratch(), [list(samples.HEADER), ["1", "я" * 301, "", "2021", "УО"]]
    )
    assert "символов в одной ячейке" in refusal(shared.read_bytes(), "s.xlsx")


def test_xml_with_a_doctype_is_refused():
    data = with_sheet(
        "<row><c><v>1</v></c></row>", doctype='<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>'
    )
    with pytest.raises(RoadmapImportError, match="DOCTYPE или сущностей XML"):
        read_roadmap(io.BytesIO(data), "e.xlsx", limits=SMALL)


def test_word_table_rows_columns_and_cell_text_are_limited():
    rows, _merges = samples.roadmap_table()
    path = samples.write_docx(_scratch(), rows * 3)  # 3 × 21 = 63 table rows
    assert "строк в таблице — больше допустимого предела 40 " in refusal(
        path.read_bytes(), "t.docx"
    )

    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "ж" * 301
    saved = io.BytesIO()
    document.save(saved)
    assert "символов в одной ячейке" in refusal(saved.getvalue(), "c.docx")

    # A cell spanning a million grid columns: python-docx would list it a million times.
    spanned = rewrite_member(
        saved.getvalue(),
        "word/document.xml",
        lambda xml: xml.replace(b"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="1000000"/>', 1).replace(
            "ж".encode() * 301, b"x"
        ),
    )
    assert "столбцов в таблице" in refusal(spanned, "g.docx")


def test_the_seed_roadmap_passes_the_default_limits(tmp_path):
    for path in (samples.write_seed_xlsx(tmp_path), samples.write_seed_docx(tmp_path)):
        imported = read_roadmap(path.open("rb"), path.name, limits=ReadLimits())
        assert sum(len(stage.activities) for stage in imported.stages) == 15


@pytest.mark.django_db
def test_view_names_the_limit_from_settings_and_keeps_nothing(
    administrator_client, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from roadmap.models import Roadmap
    from roadmap.pending_import import SESSION_KEY

    settings.ROADMAP_IMPORT_MAX_ROWS = 10
    path = samples.write_seed_xlsx(tmp_path)
    upload = SimpleUploadedFile(path.name, path.read_bytes())
    response = administrator_client.post(reverse("roadmap:import"), {"file": upload})
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "Файл слишком велик для импорта: строк в таблице — больше допустимого предела 10"
        " (настройка ROADMAP_IMPORT_MAX_ROWS). Разделите документ на части или попросите"
        " администратора увеличить предел."
    ]
    assert SESSION_KEY not in administrator_client.session
    assert Roadmap.objects.count() == 0
