"""The evidence ZIP of a whole activity as a background job (inline: no broker in the tests)."""

import io
import zipfile

import pytest
from django.urls import reverse

from jobs.models import Job, JobStatus
from obligations.models import EvidenceFile

from .conftest import LOCAL_ACT, pdf_upload

START = reverse("jobs:start", args=["obligations.activity_zip"])


@pytest.fixture
def submitted(client, head_a, one_off_a):
    client.force_login(head_a)
    client.post(
        reverse("obligations:evidence_add", args=[one_off_a.pk]),
        {**LOCAL_ACT, "file": pdf_upload()},
    )
    client.logout()
    return EvidenceFile.objects.get()


@pytest.mark.django_db
def test_office_zips_an_activity_in_the_background_and_downloads_it(
    client, office_user, one_off_a, submitted, django_capture_on_commit_callbacks
):
    client.force_login(office_user)
    activity = one_off_a.responsibility.activity
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(START, {"activity": activity.pk})
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert (job.status, job.progress, job.requested_by) == (JobStatus.DONE, 100, office_user)
    assert job.title == f"Архив подтверждений: 1.1 {activity.title}"

    page = client.get(job.get_absolute_url()).content.decode()
    assert "Готово" in page
    assert reverse("jobs:download", args=[job.pk]) in page

    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert download["Content-Disposition"] == ('attachment; filename="evidence-activity-1.1.zip"')
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert archive.namelist() == [
        f"{one_off_a.organization_id}/{submitted.pk}-prikaz.pdf",
        "manifest.csv",
    ]
    assert archive.read(archive.namelist()[0]) == submitted.file.open("rb").read()


@pytest.mark.django_db
def test_summary_offers_the_zip_as_a_job(client, office_user, one_off_a):
    client.force_login(office_user)
    html = client.get(reverse("obligations:summary")).content.decode()
    assert f'action="{START}"' in html
    assert f'name="activity" value="{one_off_a.responsibility.activity_id}"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("posted", [{}, {"activity": "abc"}])
def test_zip_without_an_activity_is_refused_with_a_message(client, office_user, roadmap, posted):
    client.force_login(office_user)
    response = client.post(START, posted, follow=True)
    assert Job.objects.count() == 0
    assert "Не указано мероприятие для архива." in response.content.decode()


@pytest.mark.django_db
def test_zip_of_an_unknown_activity_answers_404(client, office_user, roadmap):
    client.force_login(office_user)
    assert client.post(START, {"activity": "999999"}).status_code == 404
    assert Job.objects.count() == 0


@pytest.mark.django_db
def test_heads_may_not_zip_an_activity(client, head_a, one_off_a):
    client.force_login(head_a)
    assert client.post(START, {"activity": one_off_a.responsibility.activity_id}).status_code == 403
    assert Job.objects.count() == 0
