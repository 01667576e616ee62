"""Jobs inline (no broker): progress, the result file, failures, who sees what, purging."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from jobs import services
from jobs.models import Job, JobStatus
from jobs.registry import JobFailed, job_kind

SEEN_PROGRESS = []


@job_kind("tests.count_lines")
def count_lines(job, report, output):
    """A real producer: writes one line per number and reports its progress."""
    for number in range(1, job.params["lines"] + 1):
        output.write(f"{number}\n".encode())
        report(number * 100 // job.params["lines"], f"строк: {number}")
        SEEN_PROGRESS.append(Job.objects.get(pk=job.pk).progress)
    return "lines.txt", "text/plain"


@job_kind("tests.refuses")
def refuses(job, report, output):
    raise JobFailed("В регионе нет ни одной организации.")


@job_kind("tests.breaks")
def breaks(job, report, output):
    return 1 / 0


def run_inline(capture, **kwargs):
    with capture(execute=True):
        job = services.enqueue(**kwargs)
    job.refresh_from_db()
    return job


@pytest.mark.django_db
def test_job_runs_reports_progress_and_keeps_its_file(
    office_user, django_capture_on_commit_callbacks
):
    SEEN_PROGRESS.clear()
    job = run_inline(
        django_capture_on_commit_callbacks,
        kind="tests.count_lines",
        by=office_user,
        params={"lines": 4},
        title="Строки",
    )
    assert SEEN_PROGRESS == [25, 50, 75, 99]  # 100 only once the file is stored
    assert (job.status, job.progress, job.message) == (JobStatus.DONE, 100, "")
    assert job.result.read() == b"1\n2\n3\n4\n"
    assert job.result.name.startswith(f"jobs/{office_user.pk}/")
    assert job.started_at <= job.finished_at


@pytest.mark.django_db
def test_expected_failure_shows_its_message(
    client, office_user, django_capture_on_commit_callbacks
):
    job = run_inline(
        django_capture_on_commit_callbacks,
        kind="tests.refuses",
        by=office_user,
        params={},
        title="Отчёт",
    )
    assert (job.status, job.message, bool(job.result)) == (
        JobStatus.FAILED,
        "В регионе нет ни одной организации.",
        False,
    )
    client.force_login(office_user)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "В регионе нет ни одной организации." in page
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404


@pytest.mark.django_db
def test_unexpected_failure_is_logged_and_told_without_details(
    office_user, django_capture_on_commit_callbacks, caplog
):
    job = run_inline(
        django_capture_on_commit_callbacks,
        kind="tests.breaks",
        by=office_user,
        params={},
        title="Отчёт",
    )
    assert job.status == JobStatus.FAILED
    assert job.message == (
        f"Задание не выполнено из-за внутренней ошибки (№ {job.pk}). Сообщите администратору."
    )
    assert "ZeroDivisionError" in caplog.text


@pytest.mark.django_db
def test_a_job_runs_once_even_if_delivered_twice(office_user, django_capture_on_commit_callbacks):
    job = run_inline(
        django_capture_on_commit_callbacks,
        kind="tests.count_lines",
        by=office_user,
        params={"lines": 1},
        title="Строки",
    )
    assert services.run(job_id=job.pk) is None
    assert Job.objects.get().result.name == job.result.name


@pytest.mark.django_db
def test_unknown_kind_is_refused(office_user):
    with pytest.raises(services.UnknownJobKind):
        services.enqueue(kind="tests.nothing", by=office_user, params={}, title="?")
    assert Job.objects.count() == 0


@pytest.mark.django_db
def test_progress_page_polls_until_the_job_finishes(client, office_user):
    job = Job.objects.create(
        kind="tests.count_lines", title="Строки", requested_by=office_user, progress=40
    )
    client.force_login(office_user)
    page = client.get(job.get_absolute_url()).content.decode()
    assert f'hx-get="{job.get_absolute_url()}" hx-trigger="every 1s"' in page
    assert 'data-width="40"' in page
    fragment = client.get(job.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<div id="job-progress"')
    assert "<html" not in fragment
    Job.objects.filter(pk=job.pk).update(status=JobStatus.DONE, progress=100)
    assert (
        "hx-get"
        not in client.get(job.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
    )


@pytest.mark.django_db
def test_my_jobs_lists_only_mine_with_a_query_count_independent_of_rows(
    client, office_user, administrator, django_assert_num_queries
):
    client.force_login(office_user)
    Job.objects.create(kind="k", title="Чужое", requested_by=administrator)
    Job.objects.create(kind="k", title="Моё 1", requested_by=office_user)
    # session, user, the notification bell's unread count, jobs
    with django_assert_num_queries(4):
        one = client.get(reverse("jobs:list"))
    Job.objects.bulk_create(
        [Job(kind="k", title=f"Моё {i}", requested_by=office_user) for i in range(2, 6)]
    )
    with django_assert_num_queries(4):
        many = client.get(reverse("jobs:list"))
    assert [job.title for job in one.context["jobs"]] == ["Моё 1"]
    assert len(many.context["jobs"]) == 5
    assert "Чужое" not in many.content.decode()


@pytest.mark.django_db
def test_old_jobs_and_their_files_are_purged(
    office_user, django_capture_on_commit_callbacks, settings
):
    settings.JOBS_KEEP_DAYS = 7
    old = run_inline(
        django_capture_on_commit_callbacks,
        kind="tests.count_lines",
        by=office_user,
        params={"lines": 1},
        title="Старое",
    )
    Job.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=8))
    fresh = Job.objects.create(kind="k", title="Новое", requested_by=office_user)
    storage, name = old.result.storage, old.result.name
    assert services.purge_expired() == 1
    assert list(Job.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert not storage.exists(name)
