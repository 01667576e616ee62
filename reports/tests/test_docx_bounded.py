"""The справка in bounded form: however many organizations, it holds the package by act
type (not organization by organization), the ranking's top and bottom with the levels of
all, and a cut list of those who did not report — and says where the full lists are."""

import io

import docx
import pytest
from django.urls import reverse

from reports import scores
from reports.exporters import docx as docx_exporter
from reports.models import Score

from . import test_exports

pytestmark = pytest.mark.django_db
export_data = test_exports.data  # the export tests' data set, as a fixture here


def note(client, office):
    response = client.get(
        reverse("reports:annual_download", args=["note"]), {"year": 2022, "organization": office.pk}
    )
    assert response.status_code == 200
    return docx.Document(io.BytesIO(b"".join(response.streaming_content)))


def table_starting(document, text):
    return next(t for t in document.tables if t.rows[0].cells[0].text == text)


def test_long_lists_are_cut_with_counts_and_a_pointer_to_the_xlsx(
    office_client, export_data, grow, office, office_user, monkeypatch
):
    monkeypatch.setattr(docx_exporter, "NAMES_SHOWN", 2)
    monkeypatch.setattr(docx_exporter, "RANKING_SHOWN", 2)
    grow(5)  # five more schools: no return, no acts
    scores.compute_scores(by=office_user, office=office, year=2022)
    stored = list(Score.objects.filter(year=2022, percent__isnull=False).order_by("-percent", "pk"))
    assert len(stored) > 4
    document = note(office_client, office)
    text = "\n".join(p.text for p in document.paragraphs)

    assert "Не представили сведения: 5." in text
    assert "…и ещё 3 (полный перечень — на странице годового отчёта)." in text
    assert "листы «Организации», «Показатели», «Локальные акты»" in text

    package = table_starting(document, "Вид локального акта")
    regulation = next(r for r in package.rows if r.cells[0].text == "Положение о наставничестве")
    # Required of the seven schools; school A has it (the data set's accepted act).
    assert [c.text for c in regulation.cells[1:]] == ["7", "1", "14,3\u00a0%"]
    assert not any(t.rows[0].cells[0].text == "Организация" for t in document.tables)

    rankings = [t for t in document.tables if t.rows[0].cells[0].text == "Место"]
    assert [len(t.rows) for t in rankings] == [3, 3]  # top two, bottom two
    top, bottom = rankings
    assert top.rows[1].cells[1].text == stored[0].organization.name
    assert bottom.rows[-1].cells[1].text == stored[-1].organization.name
    assert f"Оценено организаций: {Score.objects.filter(year=2022).count()}" in text
