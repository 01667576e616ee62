"""The annual report at the scale of a region and of a large one: the report page and both
exports (xlsx and the справка docx) for 600 and 20 000 organizations.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python benchmarks/annual_report.py
    .venv/bin/python benchmarks/annual_report.py --scales 600 --repeat 3
    DATABASE_URL=…/bench20k .venv/bin/python benchmarks/annual_report.py --build-only --scales 20000
    DATABASE_URL=…/bench20k .venv/bin/python benchmarks/annual_report.py --existing --tracemalloc

`--build-only` fills DATABASE_URL itself (migrated, empty) and keeps it; `--existing` measures
a database built so, without rebuilding it (the 20 000 build takes minutes). `--tracemalloc`
adds a second xlsx run whose child also reports Python's own peak (tracemalloc; slower).

Works in a throwaway test database (created and dropped here). For each scale it builds one
district office with that many schools, loads the seed roadmap, accepts most obligations of
2022–2023 (some late, some returned), enters accepted indicator returns for both years, one
accepted local act per school and a score per school; then measures the report page (median
time, queries) as office staff, and `export_report` to .xlsx and .docx each in a child
process, whose peak resident memory (ru_maxrss) is the figure reported. Targets at 20 000:
xlsx ≤ 30 s and ≤ 200 MB, report page ≤ 1 s; the exit code is 1 when one is missed.
"""

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorship_portal.settings_test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_databases,
    setup_test_environment,
    teardown_databases,
)
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

TARGETS = {"page_s": 1.0, "xlsx_s": 30.0, "xlsx_mb": 200.0}
YEARS = (2022, 2023)
BATCH = 5000


def build(scale):
    from run import build_world

    from accounts.models import Role, User
    from obligations import recount
    from obligations.models import Obligation, ObligationStatus
    from organizations.models import Organization, OrganizationKind
    from reports import indicator_rollup, reporting_rollup

    obligations = build_world(
        scale
    )  # benchmarks/run.py: a region, an office, `scale` schools, the seed roadmap
    office = Organization.objects.get(kind=OrganizationKind.DISTRICT_OFFICE)
    staff = User.objects.create(username="bench-office", role=Role.OFFICE, organization=office)
    for year in YEARS:
        owed = Obligation.objects.filter(is_archived=False).for_year(year)
        ids = list(owed.order_by("pk").values_list("pk", flat=True))
        accepted = [pk for i, pk in enumerate(ids) if i % 10 < 8]
        returned = [pk for i, pk in enumerate(ids) if i % 10 == 8]
        reviewed = timezone.make_aware(dt.datetime(year, 6, 1, 12))
        Obligation.objects.filter(pk__in=accepted).update(
            status=ObligationStatus.ACCEPTED, submitted_at=reviewed, reviewed_at=reviewed
        )
        Obligation.objects.filter(pk__in=returned).update(status=ObligationStatus.RETURNED)
    recount.rebuild()  # statuses set past the services: the counts per subtree follow
    _returns(scale)
    # The returns were written past the services: their rollups follow.
    indicator_rollup.rebuild()
    reporting_rollup.rebuild()
    _acts()
    _scores()
    # Statistics, as autovacuum would gather them on a server that runs it (this machine's
    # does not): without them PostgreSQL takes the fresh tables for a few rows each and
    # plans the package share as nested loops that ran for minutes instead of 0.1 s.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return staff, obligations


def _returns(scale):
    from organizations.models import Organization, OrganizationKind
    from reports.models import (
        Indicator,
        IndicatorKind,
        IndicatorReturn,
        IndicatorValue,
        Reporter,
        ReturnStatus,
    )

    indicators = list(
        Indicator.objects.filter(reporter=Reporter.ORGANIZATION, kind=IndicatorKind.COUNT)
    )
    schools = list(
        Organization.objects.filter(kind=OrganizationKind.SCHOOL).values_list("pk", flat=True)
    )
    now = timezone.now()
    for year in YEARS:
        IndicatorReturn.objects.bulk_create(
            [
                IndicatorReturn(
                    organization_id=pk,
                    year=year,
                    status=ReturnStatus.ACCEPTED,
                    submitted_at=now,
                    reviewed_at=now,
                )
                for pk in schools
            ],
            batch_size=BATCH,
        )
        returns = (
            IndicatorReturn.objects.filter(year=year)
            .values_list("pk", flat=True)
            .iterator(chunk_size=BATCH)
        )
        values = []
        for return_pk in returns:
            values.extend(
                IndicatorValue(
                    indicator_return_id=return_pk,
                    indicator=indicator,
                    value=Decimal(10 + year - 2020 + n),
                )
                for n, indicator in enumerate(indicators)
            )
            if len(values) >= BATCH * 4:
                IndicatorValue.objects.bulk_create(values, batch_size=BATCH)
                values = []
        IndicatorValue.objects.bulk_create(values, batch_size=BATCH)


def _acts():
    """One accepted local act (the regulation) per school, on its first accepted obligation."""
    from obligations.models import Evidence, EvidenceKind, Obligation, ObligationStatus

    first = {}
    for pk, organization in (
        Obligation.objects.filter(status=ObligationStatus.ACCEPTED, organization__kind="school")
        .order_by("pk")
        .values_list("pk", "organization")
        .iterator(chunk_size=BATCH)
    ):
        first.setdefault(organization, pk)
    Evidence.objects.bulk_create(
        [
            Evidence(
                obligation_id=pk,
                kind=EvidenceKind.LOCAL_ACT,
                title="Положение о наставничестве",
                act_type_id="regulation",
                act_number=f"{n}-о",
                act_date=dt.date(2022, 3, 1),
                effective_date=dt.date(2022, 3, 1),
            )
            for n, pk in enumerate(first.values())
        ],
        batch_size=BATCH,
    )


def _scores():
    from organizations.models import Organization
    from reports.models import Methodology, MethodologyStatus, Score, ScoreLevel

    methodology = Methodology.objects.filter(
        status=MethodologyStatus.APPROVED
    ).first() or Methodology.objects.create(
        title="Методика для замера",
        version=1,
        first_year=2021,
        status=MethodologyStatus.APPROVED,
        approved_at=timezone.now(),
    )
    schools = Organization.objects.filter(kind="school").order_by("pk").values_list("pk", flat=True)
    Score.objects.bulk_create(
        [
            Score(
                methodology=methodology,
                organization_id=pk,
                year=year,
                percent=Decimal(40 + n % 60),
                level=ScoreLevel.MEDIUM,
                rank=n + 1,
            )
            for year in YEARS
            for n, pk in enumerate(schools)
        ],
        batch_size=BATCH,
    )


def measure_page(client, url, repeat):
    timings = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    return statistics.median(timings), len(captured)


def measure_export(output, *extra, trace=False):
    """Run export_report in a child process on the test database: (seconds, peak RSS in MB,
    file size in MiB, tracemalloc peak in MB or None)."""
    environment = dict(os.environ)
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        environment["DATABASE_URL"] = (
            f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
        )
    command = ["manage.py", "export_report", "--year", "2023", "--output", str(output), *extra]
    # The child reports its own peak resident memory after the export.
    script = (
        f"import resource, sys, tracemalloc; sys.path.insert(0, {str(ROOT)!r}); "
        + ("tracemalloc.start(); " if trace else "")
        + "from django.core.management import execute_from_command_line; "
        f"execute_from_command_line({command!r}); "
        + (
            "print('traced', tracemalloc.get_traced_memory()[1], file=sys.stderr); "
            if trace
            else ""
        )
        + "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)"
    )
    started = time.perf_counter()
    finished = subprocess.run(
        [sys.executable, "-c", script],
        env=environment,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    if finished.returncode:
        raise SystemExit(f"export_report failed:\n{finished.stderr[-3000:]}")
    elapsed = time.perf_counter() - started
    lines = finished.stderr.strip().splitlines()
    peak_kib = int(lines[-1])
    traced = next(
        (int(line.split()[1]) / 2**20 for line in lines if line.startswith("traced")), None
    )
    return elapsed, peak_kib / 1024, output.stat().st_size / 2**20, traced


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[600, 20000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument("--existing", action="store_true")
    parser.add_argument("--tracemalloc", action="store_true")
    args = parser.parse_args()
    if args.build_only or args.existing:
        return in_place(args)
    setup_test_environment()
    old_config = setup_databases(verbosity=0, interactive=False)
    failures = []
    try:
        if connection.vendor != "postgresql":
            print(
                "Note: the export runs in a child process, which needs PostgreSQL (DATABASE_URL)."
            )
        print(f"Database: {connection.vendor} ({connection.settings_dict['NAME']})")
        for scale in args.scales:
            failures += bench(scale, args.repeat, trace=args.tracemalloc)
            from django.core.management import call_command

            call_command("flush", interactive=False, verbosity=0)
    finally:
        teardown_databases(old_config, verbosity=0)
    if failures:
        print("\nTargets missed: " + ", ".join(failures))
        return 1
    print("\nAll targets met.")
    return 0


def in_place(args):
    """--build-only / --existing: on DATABASE_URL itself (see the module's docstring)."""
    from django.core.management import call_command

    from accounts.models import User
    from obligations.models import Obligation

    setup_test_environment()
    if args.build_only:
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        _staff, obligations = build(args.scales[0])
        print(f"Built {obligations} obligations in {time.perf_counter() - started:.0f} s.")
        return 0
    staff = User.objects.get(username="bench-office")
    scale = staff.organization.children.count()
    obligations = Obligation.objects.count()
    print(f"\n== {scale} organizations, {obligations} obligations (existing database) ==")
    failures = measure(staff, scale, args.repeat, trace=args.tracemalloc)
    print("\nTargets missed: " + ", ".join(failures) if failures else "\nAll targets met.")
    return 1 if failures else 0


def bench(scale, repeat, trace=False):
    started = time.perf_counter()
    staff, obligations = build(scale)
    print(
        f"\n== {scale} organizations, {obligations} obligations (built in "
        f"{time.perf_counter() - started:.0f} s) =="
    )
    return measure(staff, scale, repeat, trace=trace)


def measure(staff, scale, repeat, trace=False):
    client = Client()
    client.force_login(staff)
    failures = []
    page_s, queries = measure_page(client, reverse("reports:annual") + "?year=2023", repeat)
    print(
        f"  report page: median {page_s * 1000:.0f} ms, {queries} queries (target ≤ "
        f"{TARGETS['page_s']:.0f} s)"
    )
    if scale >= 20000 and page_s > TARGETS["page_s"]:
        failures.append(f"report page at {scale}")
    dashboard_s, dashboard_queries = measure_page(
        client, reverse("reports:dashboard") + "?year=2023", repeat
    )
    print(f"  dashboard:   median {dashboard_s * 1000:.0f} ms, {dashboard_queries} queries")
    with tempfile.TemporaryDirectory() as folder:
        runs = [
            ("report.xlsx", (), True, False),
            ("note.docx", (), False, False),
            ("order.docx", ("--order",), False, False),
        ]
        if trace:
            runs.append(("report.xlsx", (), False, True))
        for name, extra, target, traced in runs:
            seconds, peak_mb, size_mb, python_mb = measure_export(
                Path(folder) / name, *extra, trace=traced
            )
            python = f", tracemalloc peak {python_mb:.0f} MB" if traced else ""
            print(
                f"  export {name:<11} {seconds:6.1f} s, peak RSS {peak_mb:6.0f} MB, "
                f"file {size_mb:.1f} MiB{python}"
            )
            if (
                target
                and scale >= 20000
                and (seconds > TARGETS["xlsx_s"] or peak_mb > TARGETS["xlsx_mb"])
            ):
                failures.append(f"xlsx at {scale}")
    return failures


if __name__ == "__main__":
    sys.exit(main())
