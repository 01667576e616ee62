"""Speed and memory of the portal at the scale of a district, a region and beyond.

Runs against a throwaway test database (created and dropped here) on whatever DATABASE_URL
points to; the figures that matter are PostgreSQL's:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/run.py
    .venv/bin/python benchmarks/run.py --scales 30 600 --repeat 5

For each scale (number of educational organizations under one district office) it loads the
seed roadmap, syncs the obligations, marks some as submitted, then measures the sync itself
(first run and an idempotent re-run), and the median time and query count of the pages that
grow with the number of organizations. It also measures the peak Python memory of building
an evidence ZIP and of checking a large upload. Targets are printed next to the figures and
the exit code is 1 when one is missed.
"""

import argparse
import datetime as dt
import io
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorship_portal.settings_test")

import django  # noqa: E402

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    override_settings,
    setup_databases,
    setup_test_environment,
    teardown_databases,
)
from django.urls import reverse  # noqa: E402

TARGETS = {
    "sync_per_1000_obligations_s": 1.0,
    "page_median_ms": 500,
    "zip_peak_mib": 32,
    "upload_check_peak_mib": 8,
}


def build_world(scale):
    from accounts.models import Role, User
    from obligations.models import Obligation, ObligationStatus
    from organizations.models import Organization, OrganizationKind
    from organizations.services import ensure_organization

    region, _ = ensure_organization(
        name="Департамент общего образования Томской области",
        kind=OrganizationKind.REGIONAL_MINISTRY,
    )
    office, _ = ensure_organization(
        name="Управление образования Администрации Томского района",
        kind=OrganizationKind.DISTRICT_OFFICE,
        parent=region,
    )
    Organization.objects.bulk_create(
        [
            Organization(name=f"МБОУ «Школа №{i}»", short_name=f"Школа №{i}",
                         kind=OrganizationKind.SCHOOL, parent=office)
            for i in range(scale)
        ],
        batch_size=2000,
    )
    school = Organization.objects.filter(kind=OrganizationKind.SCHOOL).order_by("pk").first()
    head = User.objects.create(username="bench-head", role=Role.SCHOOL_HEAD, organization=school)
    staff = User.objects.create(username="bench-office", role=Role.OFFICE, organization=office)
    started = time.perf_counter()
    call_command("load_roadmap", str(ROOT / "fixtures/roadmap-order-654-2020.json"),
                 stdout=io.StringIO())
    first_sync = time.perf_counter() - started
    obligations = Obligation.objects.count()
    # A third of the one-off obligations of activity 2.5 wait for review.
    waiting = Obligation.objects.filter(
        responsibility__activity__stage__position=2, responsibility__activity__number="5",
        organization__kind=OrganizationKind.SCHOOL,
    ).order_by("pk")
    ids = list(waiting.values_list("pk", flat=True)[: max(1, scale // 3)])
    Obligation.objects.filter(pk__in=ids).update(
        status=ObligationStatus.SUBMITTED, submitted_at=dt.datetime(2022, 9, 1, tzinfo=dt.UTC)
    )
    return head, staff, first_sync, obligations


def measure_page(client, url, repeat):
    timings, queries = [], 0
    for _ in range(repeat):
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured)
    return statistics.median(timings), queries


def bench_scale(scale, repeat):
    from obligations.sync import sync_obligations

    head, staff, first_sync, obligations = build_world(scale)
    started = time.perf_counter()
    sync_obligations()
    resync = time.perf_counter() - started
    from roadmap.models import Roadmap

    roadmap_pk = Roadmap.objects.active().get().pk
    head_client, staff_client = Client(), Client()
    head_client.force_login(head)
    staff_client.force_login(staff)
    pages = {
        "head: Моя организация": (head_client, reverse("obligations:my_organization")),
        "office: очередь проверки": (staff_client, reverse("obligations:review_queue")),
        "office: матрица за год": (staff_client, reverse("obligations:matrix") + "?year=2022"),
        "office: сводка": (staff_client, reverse("obligations:summary")),
        "office: дорожная карта": (staff_client, reverse("roadmap:detail", args=[roadmap_pk])),
        "office: экспорт xlsx": (staff_client, reverse("roadmap:export", args=[roadmap_pk])),
    }
    results = {name: measure_page(c, url, repeat) for name, (c, url) in pages.items()}
    return {
        "scale": scale,
        "obligations": obligations,
        "first_sync_s": first_sync,
        "resync_s": resync,
        "pages": results,
    }


def bench_zip(files=60, size=1024 * 1024):
    """Peak Python memory while zipping `files` evidence files of `size` bytes each."""
    from obligations.archive import evidence_zip_response
    from obligations.models import Evidence, Obligation
    from obligations.services import add_evidence
    from obligations.uploads import check_upload

    obligation = Obligation.objects.filter(status="not_started").first()
    payload = b"%PDF-1.4\n" + os.urandom(size)
    for i in range(files):
        upload = SimpleUploadedFile(f"scan-{i}.pdf", payload)
        add_evidence(
            obligation=obligation, by=None, kind="file", title=f"Скан {i}",
            effective_date=dt.date(2022, 5, 1),
            upload=check_upload(upload, upload.name, max_bytes=size * 2), file=upload,
        )
    tracemalloc.start()
    response = evidence_zip_response(Evidence.objects.all(), "bench")
    total = sum(len(chunk) for chunk in response.streaming_content)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {"files": files, "zip_mib": total / 2**20, "peak_mib": peak / 2**20}


def bench_upload(size=20 * 1024 * 1024):
    from obligations.uploads import check_upload

    with tempfile.TemporaryFile() as handle:
        handle.write(b"%PDF-1.4\n")
        handle.write(os.urandom(size - 9))
        handle.seek(0)
        tracemalloc.start()
        check_upload(handle, "big.pdf", max_bytes=size)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return {"size_mib": size / 2**20, "peak_mib": peak / 2**20}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[30, 600, 3000])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    setup_test_environment()
    old_config = setup_databases(verbosity=0, interactive=False)
    failures = []
    try:
        print(f"Database: {connection.vendor} ({connection.settings_dict['NAME']})")
        with override_settings(DEBUG=True, MEDIA_ROOT=tempfile.mkdtemp(prefix="bench-media-")):
            for scale in args.scales:
                result = bench_scale(scale, args.repeat)
                per_1000 = result["first_sync_s"] / max(result["obligations"], 1) * 1000
                print(
                    f"\n== {scale} organizations, {result['obligations']} obligations ==\n"
                    f"  load + first sync: {result['first_sync_s']:.2f} s "
                    f"({per_1000:.3f} s per 1000 obligations; target ≤ "
                    f"{TARGETS['sync_per_1000_obligations_s']})\n"
                    f"  idempotent re-sync: {result['resync_s']:.2f} s"
                )
                if per_1000 > TARGETS["sync_per_1000_obligations_s"]:
                    failures.append(f"sync at {scale}")
                for name, (median_ms, queries) in result["pages"].items():
                    print(f"  {name:<28} median {median_ms:7.1f} ms, {queries:3d} queries")
                    if median_ms > TARGETS["page_median_ms"]:
                        failures.append(f"{name} at {scale}")
                from django.core.management import call_command as _call

                _call("flush", interactive=False, verbosity=0)
            build_world(30)
            zipped = bench_zip()
            print(
                f"\nZIP of {zipped['files']} files ({zipped['zip_mib']:.0f} MiB): peak Python memory "
                f"{zipped['peak_mib']:.1f} MiB (target ≤ {TARGETS['zip_peak_mib']})"
            )
            if zipped["peak_mib"] > TARGETS["zip_peak_mib"]:
                failures.append("zip memory")
            upload = bench_upload()
            print(
                f"Upload check of a {upload['size_mib']:.0f} MiB file: peak Python memory "
                f"{upload['peak_mib']:.2f} MiB (target ≤ {TARGETS['upload_check_peak_mib']})"
            )
            if upload["peak_mib"] > TARGETS["upload_check_peak_mib"]:
                failures.append("upload memory")
    finally:
        teardown_databases(old_config, verbosity=0)
    if failures:
        print("\nTargets missed: " + ", ".join(failures))
        return 1
    print("\nAll targets met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
