"""Roadmaps laid out as other regions and schools publish them import with no hint."""

import io

import pytest

from roadmap.exporters import export_roadmap_xlsx
from roadmap.importers import read_roadmap, split_responsible
from roadmap.services import save_imported_roadmap
from roadmap.tests import corpus, importer_samples as samples, pdf_samples


def _write_pdf(path, rows, heading, merges, roadmap):
    return pdf_samples.write_pdf(path, rows, heading, merges, header_rows=int(bool(roadmap.labels)))


WRITERS = {
    "xlsx": lambda path, rows, heading, merges, _roadmap: samples.write_xlsx(
        path, rows, heading, merges
    ),
    "docx": lambda path, rows, heading, merges, _roadmap: samples.write_docx(
        path, rows, heading, merges
    ),
    "pdf": _write_pdf,
}


def write_corpus_file(roadmap, fmt, directory):
    rows, merges = corpus.table(roadmap)
    path = directory / f"{roadmap.name}.{fmt}"
    return WRITERS[fmt](path, rows, roadmap.heading, merges, roadmap)


def read_path(path):
    with path.open("rb") as handle:
        return read_roadmap(handle, path.name)


@pytest.mark.parametrize("fmt", sorted(WRITERS))
@pytest.mark.parametrize("roadmap", corpus.CORPUS, ids=lambda roadmap: roadmap.name)
def test_corpus_reads_with_no_hint(roadmap, fmt, tmp_path):
    imported = read_path(write_corpus_file(roadmap, fmt, tmp_path))
    assert corpus.summary(imported) == corpus.expected(roadmap)
    assert imported.layout["confidence"] >= 0.6


def comparable(summary):
    """A summary with each responsible cell as its list of bodies (the export joins them)."""
    return [
        (
            number,
            title,
            [
                (a_number, a_title, result, [(d, split_responsible(p)) for d, p in rows])
                for a_number, a_title, result, rows in activities
            ],
        )
        for number, title, activities in summary
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("roadmap", corpus.CORPUS, ids=lambda roadmap: roadmap.name)
def test_corpus_export_imports_back_the_same(roadmap, tmp_path):
    imported = read_path(write_corpus_file(roadmap, "docx", tmp_path))
    saved = save_imported_roadmap(imported=imported, by=None)
    buffer = io.BytesIO()
    export_roadmap_xlsx(saved, buffer)
    again = read_roadmap(io.BytesIO(buffer.getvalue()), "export.xlsx")
    assert comparable(corpus.summary(again)) == comparable(corpus.expected(roadmap))
    assert (again.first_year, again.last_year) == (
        saved.programme.first_year,
        saved.programme.last_year,
    )
