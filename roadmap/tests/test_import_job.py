"""A large import starts work and says how it goes: confirming the preview of a table with more
rows than ROADMAP_IMPORT_BACKGROUND_ROWS saves it as a background job (inline without a
broker), whose page shows progress and then links to the draft; nothing is half-saved."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from jobs.models import Job, JobStatus
from roadmap.jobs import ROADMAP_IMPORT, enqueue_import
from roadmap.models import Responsibility, Roadmap, RoadmapStatus
from roadmap.pending_import import SESSION_KEY
from roadmap.tests import importer_samples as samples
from roadmap.tests.conftest import make_imported

pytestmark = pytest.mark.django_db

SAVE = {"save": "1", "title": "", "years": "", "order_number": "", "order_date": ""}


def _upload_seed(client, tmp_path):
    path = samples.write_seed_xlsx(tmp_path)
    upload = SimpleUploadedFile(path.name, path.read_bytes())
    assert client.post(reverse("roadmap:import"), {"file": upload}).status_code == 302
    return path


def test_a_large_import_is_saved_by_a_job_with_progress_and_a_link_to_the_draft(
    administrator_client, administrator, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.ROADMAP_IMPORT_BACKGROUND_ROWS = 10  # the seed has 16 deadline rows
    path = _upload_seed(administrator_client, tmp_path)
    with django_capture_on_commit_callbacks(execute=True):
        response = administrator_client.post(reverse("roadmap:import_preview"), SAVE)
    job = Job.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert (job.kind, job.requested_by, job.title) == (
        ROADMAP_IMPORT,
        administrator,
        f"Импорт дорожной карты: {path.name}",
    )
    job.refresh_from_db()
    assert (job.status, job.progress) == (JobStatus.DONE, 100)
    roadmap = Roadmap.objects.get()
    assert (roadmap.status, roadmap.created_by, roadmap.source_name) == (
        RoadmapStatus.DRAFT,
        administrator,
        path.name,
    )
    assert Responsibility.objects.filter(activity__stage__roadmap=roadmap).count() == 16
    assert SESSION_KEY not in administrator_client.session
    page = administrator_client.get(job.get_absolute_url()).content.decode()
    assert 'data-testid="job-progress"' in page
    assert f'href="{roadmap.get_absolute_url()}" data-testid="job-result"' in page


def test_a_job_that_cannot_save_fails_with_the_reason_and_saves_nothing(
    administrator, django_capture_on_commit_callbacks
):
    imported = make_imported(3)
    imported.first_year = imported.last_year = None  # no years in the file, none typed
    with django_capture_on_commit_callbacks(execute=True):
        job = enqueue_import(
            imported=imported, options={}, source_name="plan.xlsx", by=administrator
        )
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.message.startswith("В документе не указаны годы реализации")
    assert not Roadmap.objects.exists()


def test_a_small_import_is_saved_in_the_request(administrator_client, tmp_path):
    _upload_seed(administrator_client, tmp_path)
    response = administrator_client.post(reverse("roadmap:import_preview"), SAVE)
    assert response["Location"] == Roadmap.objects.get().get_absolute_url()
    assert not Job.objects.exists()


def test_a_head_cannot_see_the_import_job(
    administrator_client, head_a, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.ROADMAP_IMPORT_BACKGROUND_ROWS = 10
    _upload_seed(administrator_client, tmp_path)
    with django_capture_on_commit_callbacks(execute=True):
        administrator_client.post(reverse("roadmap:import_preview"), SAVE)
    head = Client()
    head.force_login(head_a)
    assert head.get(Job.objects.get().get_absolute_url()).status_code == 404
