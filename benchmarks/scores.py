"""Efficiency scores at scale: computing a year for one office's organizations with the
default methodology (reading accepted returns, local acts and obligations, storing a score
and 16 criterion scores per organization), and the ranking page.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/scores.py
    .venv/bin/python benchmarks/scores.py --scales 600 5000

Runs on a throwaway test database. Targets: computing ≤ 10 ms per organization, the ranking
page ≤ 1 s with a query count that does not grow; exit code 1 when one is missed.
"""

import argparse
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
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

# Computing is a button for a district (600 organizations answer in a few seconds) and the
# compute_scores command for a region; the ranking page is read often and must stay quick.
TARGETS = {"compute_ms_per_organization": 10.0, "ranking_median_ms": 1000}
CODES = ("ST01", "ST02", "ST03", "TE01", "TE02", "TE04", "TE05", "PD01", "PD02", "QL01", "QL02")


def build(scale, seed=7):
    from accounts.models import Role, User
    from organizations.models import Organization, OrganizationKind
    from reports.models import Indicator, IndicatorReturn, IndicatorValue, ReturnStatus

    rng = random.Random(seed)
    office = Organization.objects.create(
        name=f"Управление {scale}", kind=OrganizationKind.DISTRICT_OFFICE
    )
    schools = Organization.objects.bulk_create(
        Organization(name=f"Школа {scale}-{i:05d}", kind=OrganizationKind.SCHOOL, parent=office)
        for i in range(scale)
    )
    returns = IndicatorReturn.objects.bulk_create(
        IndicatorReturn(organization=school, year=2023, status=ReturnStatus.ACCEPTED)
        for school in schools
    )
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=CODES)}
    values = []
    for indicator_return in returns:
        pupils, teachers = rng.randint(50, 900), rng.randint(10, 80)
        figures = {
            "ST01": pupils,
            "ST02": rng.randint(0, pupils // 2),
            "ST03": rng.randint(0, pupils // 4),
            "TE01": teachers,
            "TE02": rng.randint(0, teachers // 3),
            "TE04": rng.randint(0, 4),
            "TE05": 0,
            "PD01": rng.randint(0, 5),
            "PD02": rng.randint(0, 6),
            "QL01": Decimal(rng.randint(50, 100)) / 10,
            "QL02": Decimal(rng.randint(50, 100)) / 10,
        }
        values += [
            IndicatorValue(
                indicator_return=indicator_return, indicator=indicators[code], value=value
            )
            for code, value in figures.items()
        ]
    IndicatorValue.objects.bulk_create(values, batch_size=5000)
    user = User.objects.create(
        username=f"bench-office-{scale}", role=Role.OFFICE, organization=office
    )
    return office, user


def measure(scale, repeat):
    from reports import scores

    office, user = build(scale)
    started = time.perf_counter()
    result = scores.compute_scores(by=user, office=office, year=2023)
    compute_s = time.perf_counter() - started
    client = Client()
    client.force_login(user)
    timings = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(f"/reports/scores/?year=2023&office={office.pk}")
            timings.append(time.perf_counter() - started)
        assert response.status_code == 200
    return {
        "scale": scale,
        "scored": result.scored,
        "compute_s": compute_s,
        "compute_ms_per_organization": compute_s * 1000 / scale,
        "ranking_median_ms": statistics.median(timings) * 1000,
        "ranking_queries": len(queries),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", type=int, nargs="+", default=[600, 5000, 20000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False)
    missed = False
    try:
        for scale in args.scales:
            row = measure(scale, args.repeat)
            print(
                f"{row['scale']:>6} organizations: compute {row['compute_s']:.2f} s "
                f"({row['compute_ms_per_organization']:.2f} ms each, target ≤ "
                f"{TARGETS['compute_ms_per_organization']}), ranking page "
                f"{row['ranking_median_ms']:.0f} ms, "
                f"{row['ranking_queries']} queries (target ≤ {TARGETS['ranking_median_ms']} ms)"
            )
            missed |= any(row[key] > target for key, target in TARGETS.items())
    finally:
        teardown_databases(old, verbosity=0)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
