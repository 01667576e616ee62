"""The annual workbook as a background job started from the report page (inline here: no
broker in the tests; jobs/tests/test_worker.py runs it in a real worker on Redis)."""

import io

import openpyxl
import pytest
from django.urls import reverse

from jobs.models import Job, JobStatus

from .test_exports import SHEETS, table, workbook

pytestmark = pytest.mark.django_db
START = reverse("jobs:start", args=["reports.annual_xlsx"])


def job_workbook(client, job):
    response = client.get(reverse("jobs:download", args=[job.pk]))
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def test_office_makes_the_workbook_in_the_background_and_downloads_it(
    office_client, story, office, django_capture_on_commit_callbacks
):
    page = office_client.get(reverse("reports:annual"), {"year": 2022})
    html = page.content.decode()
    assert f'action="{START}"' in html
    assert 'name="year" value="2022"' in html
    assert 'name="node"' not in html  # the office is the top of what its staff see

    with django_capture_on_commit_callbacks(execute=True):
        response = office_client.post(START, {"year": "2022"})
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert (job.status, job.progress, job.message) == (JobStatus.DONE, 100, "")
    assert job.title == f"Годовой отчёт за 2022 год (.xlsx): {office.name}"
    assert job.result_name == f"monitoring-2022-{office.pk}.xlsx"

    book = job_workbook(office_client, job)
    assert book.sheetnames == SHEETS
    # The same figures as the workbook downloaded directly from the page.
    direct, _content = workbook(office_client)
    for name in SHEETS:
        assert table(book[name]) == table(direct[name]), name


def test_without_an_organization_the_job_covers_the_users_own_subtree(
    office_client, story, office, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        office_client.post(START, {"year": "2022"})
    job = Job.objects.get()
    assert job.params == {"year": 2022, "root_id": office.pk}
    assert job.status == JobStatus.DONE


def test_a_head_may_not_start_it(head_a_client, story):
    assert head_a_client.post(START, {"year": "2022"}).status_code == 403
    assert not Job.objects.exists()


def test_another_districts_report_answers_404(office_client, story, other_office):
    response = office_client.post(START, {"year": "2022", "organization": str(other_office.pk)})
    assert response.status_code == 404
    assert not Job.objects.exists()


@pytest.mark.parametrize("year", ["", "abc", "1999"])
def test_a_year_outside_the_programme_is_refused_with_a_message(office_client, story, year):
    response = office_client.post(START, {"year": year}, follow=True)
    assert "Выберите год отчёта из лет программы." in response.content.decode()
    assert not Job.objects.exists()
