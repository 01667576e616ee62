"""A small roadmap (obligations' test roadmap: a one-off item due 30.09.2022, a yearly item
for the office and every head, an item after an event) and helpers that put obligations into
a known state, so that report tests compute the expected figures themselves."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone
from model_bakery import baker

from obligations import rollup
from obligations.models import Obligation, ObligationStatus
from obligations.sync import sync_obligations
from obligations.tests.conftest import imported_roadmap, make_schools, one_off_a, one_off_b, roadmap
from organizations.models import OrganizationKind
from reports.tests.counting import tallied

__all__ = ["imported_roadmap", "make_schools", "one_off_a", "one_off_b", "roadmap"]


def at(day):
    """Noon of `day` in the portal's time zone (an aware datetime)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def set_state(obligation, status, *, reviewed_on=None, submitted_on=None):
    """Put one obligation into `status` directly (test data, not a journey); the rollup
    follows, as it does every writer's change."""
    before = rollup.counted(obligation)
    fields = {"status": status}
    if status in (ObligationStatus.SUBMITTED, ObligationStatus.ACCEPTED):
        fields["submitted_at"] = at(submitted_on or reviewed_on or dt.date(2022, 6, 1))
    if status == ObligationStatus.ACCEPTED:
        fields["reviewed_at"] = at(reviewed_on)
    Obligation.objects.filter(pk=obligation.pk).update(**fields)
    obligation.refresh_from_db()
    with transaction.atomic():
        rollup.status_changed(before, obligation)
    return obligation


@pytest.fixture
def other_office(region):
    return tallied(
        baker.make(
            "organizations.Organization",
            name="Управление образования соседнего района",
            kind=OrganizationKind.DISTRICT_OFFICE,
            parent=region,
        )
    )


@pytest.fixture
def grow(office):
    """grow(n): add n schools to the office and give them their obligations."""

    def grow(count):
        make_schools(office, count, prefix="Доп. школа")
        sync_obligations()

    return grow


@pytest.fixture
def story(roadmap, one_off_a, one_off_b, school_a, school_b, office):
    """2022: A's one-off accepted on time, B's accepted late; the yearly item submitted by A,
    returned to B, untouched by the office. 2021 owes nothing (the programme starts in 2022)."""
    yearly = Obligation.objects.filter(responsibility__activity__number="2", period_year=2022)
    set_state(one_off_a, ObligationStatus.ACCEPTED, reviewed_on=dt.date(2022, 9, 15))
    set_state(one_off_b, ObligationStatus.ACCEPTED, reviewed_on=dt.date(2022, 10, 10))
    set_state(
        yearly.get(organization=school_a),
        ObligationStatus.SUBMITTED,
        submitted_on=dt.date(2022, 12, 1),
    )
    set_state(yearly.get(organization=school_b), ObligationStatus.RETURNED)
    return roadmap


def expected(obligations, on):
    """The dashboard's figures counted in Python from the rows themselves."""
    owed = [o for o in obligations if not o.is_archived]
    accepted = [o for o in owed if o.status == ObligationStatus.ACCEPTED]
    on_time = [
        o
        for o in accepted
        if o.due_date is None or timezone.localtime(o.reviewed_at).date() <= o.due_date
    ]
    overdue = [o for o in owed if o.is_overdue(on)]

    def pct(part):
        return (
            (Decimal(100 * len(part)) / Decimal(len(owed))).quantize(Decimal("0.1"))
            if owed
            else None
        )

    return {
        "owed": len(owed),
        "completeness": pct(accepted),
        "timeliness": pct(on_time),
        "overdue": len(overdue),
    }
