"""Roadmaps published as PDF: text PDFs import through the same path; scans are refused."""

import io

import pytest

from roadmap.importers import ImportLimitExceeded, ReadLimits, RoadmapImportError, read_roadmap
from roadmap.importers.pdf_reader import BROKEN_PDF, SCANNED_PDF
from roadmap.tests import corpus, importer_samples as samples, pdf_samples


def read(path, **options):
    with open(path, "rb") as handle:
        return read_roadmap(handle, path.name, **options)


def long_roadmap(activities=60):
    """One stage of `activities` activities: the table runs over several pages."""
    rows = [list(samples.HEADER)]
    for number in range(1, activities + 1):
        rows.append(
            [
                str(number),
                f"Мероприятие номер {number} по развитию наставничества",
                "Отчёт",
                f"до {number % 28 + 1:02d}.03.2022",
                corpus.HEADS,
            ]
        )
    return rows


def test_seed_as_pdf_reads_like_the_docx(tmp_path):
    rows, merges = samples.roadmap_table()
    # Small print: fpdf2 breaks a word longer than its cell where Word would not.
    pdf = pdf_samples.write_pdf(
        tmp_path / "seed.pdf", rows, samples.SEED_HEADING_LINES, merges, font_size=7
    )
    docx = samples.write_seed_docx(tmp_path)
    from_pdf, from_docx = read(pdf), read(docx)
    assert corpus.summary(from_pdf) == corpus.summary(from_docx)
    assert (from_pdf.order_number, from_pdf.order_date) == ("654", from_docx.order_date)
    assert (from_pdf.first_year, from_pdf.last_year) == (2020, 2024)
    assert from_pdf.programme_title == samples.SEED_PROGRAMME_TITLE


def test_table_continued_over_pages(tmp_path):
    path = pdf_samples.write_pdf(tmp_path / "long.pdf", long_roadmap(), ("План мероприятий",))
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages) >= 3  # the header is repeated on every page
    imported = read(path)
    [stage] = imported.stages
    assert [activity.number for activity in stage.activities] == [str(n) for n in range(1, 61)]
    assert stage.activities[59].deadline_rows[0].deadline == "до 05.03.2022"


def test_scanned_pdf_is_refused_with_advice(tmp_path):
    with pytest.raises(RoadmapImportError) as caught:
        read(pdf_samples.write_scanned_pdf(tmp_path / "scan.pdf"))
    assert str(caught.value) == SCANNED_PDF
    assert ".docx или .xlsx" in SCANNED_PDF


@pytest.mark.parametrize("content", [b"%PDF-1.4 broken", b"not a pdf at all", b"%PDF-1.7\n" * 50])
def test_broken_pdf(content):
    with pytest.raises(RoadmapImportError) as caught:
        read_roadmap(io.BytesIO(content), "broken.pdf")
    assert str(caught.value) == BROKEN_PDF


def test_pdf_rows_over_the_limit_are_refused(tmp_path):
    path = pdf_samples.write_pdf(tmp_path / "long.pdf", long_roadmap(30))
    with pytest.raises(ImportLimitExceeded) as caught:
        read(path, limits=ReadLimits(max_rows=20))
    assert "строк в таблице" in str(caught.value)


@pytest.mark.django_db
def test_pdf_upload_reaches_the_preview_and_saves(administrator_client, office, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from roadmap.models import Activity, Roadmap

    roadmap = corpus.CORPUS[0]
    rows, merges = corpus.table(roadmap)
    path = pdf_samples.write_pdf(tmp_path / "plan.pdf", rows, roadmap.heading, merges)
    response = administrator_client.post(
        reverse("roadmap:import"), {"file": SimpleUploadedFile("plan.pdf", path.read_bytes())}
    )
    assert response.status_code == 302
    preview = administrator_client.get(reverse("roadmap:import_preview"))
    assert "Назначение ответственного за внедрение наставничества" in preview.content.decode()
    administrator_client.post(reverse("roadmap:import_preview"), {})
    saved = Roadmap.objects.get()
    assert (saved.programme.first_year, saved.programme.last_year) == (2021, 2024)
    assert Activity.objects.filter(stage__roadmap=saved).count() == 4


@pytest.mark.django_db
def test_scanned_pdf_upload_says_so_and_saves_nothing(administrator_client, office, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from roadmap.models import Roadmap

    path = pdf_samples.write_scanned_pdf(tmp_path / "scan.pdf")
    response = administrator_client.post(
        reverse("roadmap:import"), {"file": SimpleUploadedFile("scan.pdf", path.read_bytes())}
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"file": [SCANNED_PDF]}
    assert Roadmap.objects.count() == 0
