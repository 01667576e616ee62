"""Speed and memory of the portal at the scale of a district, a region and a country.

Runs against a throwaway test database (created and dropped here) on whatever DATABASE_URL
points to; the figures that matter are PostgreSQL's:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/run.py
    .venv/bin/python benchmarks/run.py --scales 30 600 --repeat 10
    .venv/bin/python benchmarks/run.py --scales 100000 --markdown docs/performance-100k.md

For each scale (number of educational organizations) it builds the data with
`generate_scale` (districts of 500 organizations, each with its office and roadmap; a
realistic mix of statuses, history and evidence), then requests each page `--repeat` times
after one warm-up and prints p50 and p95 server time and the query count: a head's pages, and
the office pages as staff of one district and as an administrator who sees the whole country.
It also measures the peak Python memory of building an evidence ZIP and of checking a large
upload. Targets are printed next to the figures and the exit code is 1 when one is missed.
"""

import argparse
import contextlib
import datetime as dt
import io
import logging
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

from mentorship_portal.runtime import tune_garbage_collector  # noqa: E402

TARGETS = {
    "page_p95_ms": 100,
    "zip_peak_mib": 32,
    "upload_check_peak_mib": 8,
}


def build_world(scale):
    """The 30-organization district of the memory measurements below."""
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
            Organization(
                name=f"МБОУ «Школа №{i}»",
                short_name=f"Школа №{i}",
                kind=OrganizationKind.SCHOOL,
                parent=office,
            )
            for i in range(scale)
        ],
        batch_size=2000,
    )
    school = Organization.objects.filter(kind=OrganizationKind.SCHOOL).order_by("pk").first()
    User.objects.create(username="bench-head", role=Role.SCHOOL_HEAD, organization=school)
    call_command(
        "load_roadmap", str(ROOT / "fixtures/roadmap-order-654-2020.json"), stdout=io.StringIO()
    )
    return Obligation.objects.filter(status=ObligationStatus.NOT_STARTED).count()


def measure_page(client, url, repeat):
    """(p50 ms, p95 ms, queries) of `repeat` requests after one warm-up."""
    client.get(url)
    timings, queries = [], 0
    for _ in range(repeat):
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return statistics.median(timings), p95, queries


def scale_users():
    """A head of a school, staff of the first district, and an administrator."""
    from accounts.models import Role, User
    from organizations.models import Organization, OrganizationKind

    office = (
        Organization.objects.filter(kind=OrganizationKind.DISTRICT_OFFICE).order_by("pk").first()
    )
    head = (
        User.objects.filter(role=Role.SCHOOL_HEAD, organization__parent=office)
        .order_by("pk")
        .first()
    )
    staff = User.objects.filter(role=Role.OFFICE, organization=office).get()
    admin, _created = User.objects.get_or_create(
        username="bench-admin", defaults={"role": Role.ADMIN, "organization": office}
    )
    return head, staff, admin


def region_pages(office, year):
    """The drill-down (organizations/scope.py) as staff of the first district's region: the
    region (one row per district), the district (one row per school) and a school."""
    from accounts.models import Role, User

    school = office.children.order_by("pk").first()
    user, _created = User.objects.get_or_create(
        username="bench-region", defaults={"role": Role.OFFICE, "organization": office.parent}
    )
    client = Client()
    client.force_login(user)
    summary, matrix = reverse("obligations:summary"), reverse("obligations:matrix")
    queue = reverse("obligations:review_queue")
    return {
        "region: summary": (client, summary),
        "region: matrix (year)": (client, matrix + f"?year={year}"),
        "region: review queue": (client, queue),
        "region → district: summary": (client, summary + f"?node={office.pk}"),
        "region → district: matrix (year)": (client, matrix + f"?node={office.pk}&year={year}"),
        "region → district: review queue": (client, queue + f"?node={office.pk}"),
        "region → school: summary": (client, summary + f"?node={school.pk}"),
        "region: dashboard": (client, reverse("reports:dashboard")),
        "region: annual report": (client, reverse("reports:annual") + f"?year={year}"),
        "region → district: dashboard": (
            client,
            reverse("reports:dashboard") + f"?node={office.pk}",
        ),
        "region → district: annual report": (
            client,
            reverse("reports:annual") + f"?year={year}&node={office.pk}",
        ),
    }


def pages_for(head, staff, admin, year):
    from obligations.models import Obligation

    obligation = Obligation.objects.filter(organization=head.organization).order_by("pk").first()
    clients = {}
    for name, user in (("head", head), ("office", staff), ("admin", admin)):
        clients[name] = Client()
        clients[name].force_login(user)
    office_pages = {
        "review queue": reverse("obligations:review_queue"),
        "matrix (year)": reverse("obligations:matrix") + f"?year={year}",
        "summary": reverse("obligations:summary"),
        "dashboard": reverse("reports:dashboard"),
        "annual report": reverse("reports:annual") + f"?year={year}",
    }
    pages = {
        "head: my organization": (clients["head"], reverse("obligations:my_organization")),
        "head: obligation": (clients["head"], reverse("obligations:detail", args=[obligation.pk])),
    }
    for who in ("office", "admin"):
        for name, url in office_pages.items():
            pages[f"{who}: {name}"] = (clients[who], url)
    return pages | region_pages(staff.organization, year)


def bench_scale(scale, repeat, year=2022, generate=True):
    from obligations.models import Obligation
    from organizations.models import Organization

    started = time.perf_counter()
    if generate:
        call_command(
            "generate_scale",
            organizations=scale,
            districts=max(1, scale // 500),
            seed=1,
            stdout=io.StringIO(),
        )
    else:
        scale = Organization.objects.educational().count()
    generated = time.perf_counter() - started if generate else None
    pages = pages_for(*scale_users(), year)
    # As mentorship_portal/wsgi.py does once the application is loaded: without it the p95
    # of a page measured Python's full garbage collections, not the page.
    tune_garbage_collector()
    return {
        "scale": scale,
        "obligations": Obligation.objects.count(),
        "generate_s": generated,
        "pages": {name: measure_page(c, url, repeat) for name, (c, url) in pages.items()},
    }


def bench_zip(files=60, size=1024 * 1024):
    """Peak Python memory while zipping `files` evidence files of `size` bytes each."""
    from obligations.archive import evidence_zip_response
    from obligations.models import Evidence, Obligation
    from obligations.services import add_evidence
    from obligations.uploads import check_upload

    obligation = Obligation.objects.filter(status="not_started").first()
    # Random bytes without "/": the upload check rightly refuses a PDF that spells /JS.
    payload = b"%PDF-1.4\n" + os.urandom(size).replace(b"/", b"_")
    for i in range(files):
        upload = SimpleUploadedFile(f"scan-{i}.pdf", payload)
        add_evidence(
            obligation=obligation,
            by=None,
            kind="file",
            title=f"Скан {i}",
            effective_date=dt.date(2022, 5, 1),
            upload=check_upload(upload, upload.name, max_bytes=size * 2),
            file=upload,
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
        handle.write(os.urandom(size - 9).replace(b"/", b"_"))
        handle.seek(0)
        tracemalloc.start()
        check_upload(handle, "big.pdf", max_bytes=size)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return {"size_mib": size / 2**20, "peak_mib": peak / 2**20}


def machine():
    import platform

    cpus = os.cpu_count()
    memory = ""
    try:
        with open("/proc/meminfo") as info:
            memory = f", {int(info.readline().split()[1]) / 2**20:.0f} GB RAM"
    except OSError:
        pass
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as info:
            cpu = next(
                line.split(":", 1)[1].strip() for line in info if line.startswith("model name")
            )
    except (OSError, StopIteration):
        pass
    version = (
        connection.cursor().connection.server_version if connection.vendor == "postgresql" else ""
    )
    return f"{cpus} cores ({cpu}){memory}; {connection.vendor} {version}".strip()


def markdown(results):
    names = list(results[0]["pages"])
    lines = [
        "| page | " + " | ".join(f"{r['scale']:,} org." for r in results) + " |",
        "|---|" + "---|" * len(results),
    ]
    for name in names:
        cells = [
            f"{r['pages'][name][0]:.0f} / {r['pages'][name][1]:.0f} ms, {r['pages'][name][2]} q."
            for r in results
        ]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


@contextlib.contextmanager
def fresh_database():
    """A throwaway test database, migrated, for the duration of the block."""
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        yield
    finally:
        teardown_databases(old_config, verbosity=0)


def report_scale(scale, result):
    """Print one scale's figures; the names of the pages that missed the target."""
    print(
        f"\nDatabase: {connection.vendor}; machine: {machine()}\n"
        f"== {scale:,} organizations, {result['obligations']:,} obligations "
        f"(generated in {result['generate_s']:.0f} s; load average "
        f"{os.getloadavg()[0]:.1f}) ==\n"
        f"  {'page':<28} {'p50':>8} {'p95':>8} queries (target p95 ≤ "
        f"{TARGETS['page_p95_ms']} ms)"
    )
    missed = []
    for name, (p50, p95, queries) in result["pages"].items():
        slow = p95 > TARGETS["page_p95_ms"]
        print(f"  {name:<28} {p50:6.0f}ms {p95:6.0f}ms {queries:5d}{'  MISSED' if slow else ''}")
        if slow:
            missed.append(f"{name} at {scale}")
    return missed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[30, 600, 20000, 100000])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument(
        "--markdown", help="Also write the table (p50 / p95, queries) to this file."
    )
    parser.add_argument("--skip-memory", action="store_true", help="Pages only.")
    parser.add_argument(
        "--existing",
        action="store_true",
        help="Measure the pages on DATABASE_URL's own data (made by generate_scale) instead "
        "of generating each scale in a test database: a country's data is made once.",
    )
    args = parser.parse_args()
    if args.existing:
        return bench_existing(args)

    # One access-log line per request would be measured too (and flood the output).
    logging.getLogger("portal.request").setLevel(logging.WARNING)
    setup_test_environment()
    failures, results = [], []
    with override_settings(DEBUG=True, MEDIA_ROOT=tempfile.mkdtemp(prefix="bench-media-")):
        for scale in args.scales:
            # A fresh database per scale: `flush` would also remove what the migrations
            # seed (indicators, methodology, local-act types), and the scales after the
            # first would be measured without indicator returns.
            with fresh_database():
                result = bench_scale(scale, args.repeat)
            results.append(result)
            failures += report_scale(scale, result)
        table = markdown(results)
        print("\n" + table)
        if args.markdown:
            Path(args.markdown).write_text(f"Machine: {machine()}\n\n{table}\n", encoding="utf-8")
        if not args.skip_memory:
            with fresh_database():
                failures += bench_memory()
    if failures:
        print("\nTargets missed: " + ", ".join(failures))
        return 1
    print("\nAll targets met.")
    return 0


def bench_existing(args):
    """The pages on the data already in DATABASE_URL (adds only the user bench-admin)."""
    logging.getLogger("portal.request").setLevel(logging.WARNING)
    setup_test_environment()
    print(f"Database: {connection.settings_dict['NAME']} as it is; machine: {machine()}")
    with override_settings(DEBUG=True, ALLOWED_HOSTS=["*"]):
        result = bench_scale(0, args.repeat, generate=False)
    print(f"\n== {result['scale']:,} organizations, {result['obligations']:,} obligations ==")
    for name, (p50, p95, queries) in result["pages"].items():
        missed = "  MISSED" if p95 > TARGETS["page_p95_ms"] else ""
        print(f"  {name:<28} {p50:6.0f}ms {p95:6.0f}ms {queries:5d}{missed}")
    print(f"\nload average after: {os.getloadavg()[0]:.1f}\n\n" + markdown([result]))
    return 0


def bench_memory():
    failures = []
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
    return failures


if __name__ == "__main__":
    sys.exit(main())
