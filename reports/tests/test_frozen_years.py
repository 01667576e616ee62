"""Years stay true after the close: once staff close 2022, its report — the page and every
sheet of the xlsx — gives the same figures whatever happens later: a submission of 2022
accepted after the close, a 2022 indicator return accepted after it, a local act dated 2022
accepted for a 2023 obligation, and all of 2023's work. Reopening the year (an
administrator) lets the late acceptances count; closing it again freezes the new state."""

import datetime as dt

import pytest
from django.utils import timezone

from obligations import services as obligation_services
from obligations.models import (
    Evidence,
    EvidenceKind,
    Obligation,
    ObligationStatus,
)
from reports import annual, annual_tables, package, returns, years
from reports.models import FrozenObligation, IndicatorReturn, ReturnStatus

from . import test_exports
from .conftest import set_state
from .test_exports import workbook

pytestmark = pytest.mark.django_db
export_data = test_exports.data  # the export tests' data set, as a fixture here


def figures(client, office, user):
    """Everything the 2022 report says, as plain values: the page's context and every cell
    of every sheet below the headings (whose first lines carry the time of writing)."""
    page = client.get("/reports/annual/", {"year": 2022, "node": office.pk}).context
    book, _content = workbook(client, organization=office.pk)
    sheets = {
        sheet.title: [
            row
            for row in sheet.iter_rows(values_only=True)
            if not (isinstance(row[0], str) and "Сформировано" in (row[0] + str(row[1:])))
        ][2:]
        for sheet in book.worksheets
    }
    scope = annual.Scope(user=user, year=2022, root=office, on=timezone.localdate())
    indicators = annual_tables.indicators_of(2022)
    return {
        "figures": page["figures"],
        "activities": [(r.activity.pk, r.progress) for r in page["activity_page"]],
        "organizations": [(r.organization.pk, r.progress) for r in page["organization_rows"]],
        "branches": page["branch_rows"],  # «По подразделениям»
        "not_reported": [o.pk for o in page["not_reported"]],
        "indicator_totals": [
            (t.indicator.code, t.value) for t in annual_tables.indicator_totals(scope, indicators)
        ],
        "package": package.package_share(annual_tables.educational_organizations(scope), 2022),
        "sheets": sheets,
    }


@pytest.fixture
def late(export_data, school_a, school_b, one_off_b):
    """What waits at the close: A's yearly 2022 obligation submitted (the story), B's 2022
    return submitted, and B's one-off (accepted in the story) has a local act dated 2022."""
    IndicatorReturn.objects.filter(organization=school_b, year=2022).update(
        status=ReturnStatus.SUBMITTED, reviewed_at=None
    )
    return export_data


def act_for_2023(school, head):
    """A local act dated 2022 sent for the school's 2023 yearly obligation, and accepted."""
    obligation = Obligation.objects.get(
        organization=school, period_year=2023, responsibility__activity__number="2"
    )
    set_state(obligation, ObligationStatus.IN_PROGRESS)
    obligation_services.add_evidence(
        obligation=obligation,
        by=head,
        kind=EvidenceKind.LOCAL_ACT,
        title="Положение о наставничестве",
        act_type="regulation",
        act_number="7-о",
        act_date=dt.date(2022, 5, 1),
        effective_date=dt.date(2022, 5, 1),
    )
    return obligation


def test_a_closed_year_keeps_its_figures_through_late_acceptances_and_later_years(
    office_client, late, office, office_user, administrator, school_a, school_b, head_b
):
    years.close_year(office=office, year=2022, by=office_user)
    assert FrozenObligation.objects.filter(obligation__period_year=2022).exists()
    before = figures(office_client, office, office_user)
    assert before["figures"].current.accepted == 2

    # After the close: A's 2022 submission and B's 2022 return are accepted (reviews are not
    # stopped by the close), B gets a 2022-dated act accepted for 2023, and 2023 is worked.
    submitted = Obligation.objects.get(
        organization=school_a, period_year=2022, responsibility__activity__number="2"
    )
    obligation_services.accept(obligation=submitted, by=office_user)
    returns.accept_return(
        indicator_return=IndicatorReturn.objects.get(organization=school_b, year=2022),
        by=office_user,
    )
    for_2023 = act_for_2023(school_b, head_b)
    obligation_services.submit(obligation=for_2023, by=head_b)
    obligation_services.accept(obligation=for_2023, by=office_user)
    for obligation in Obligation.objects.filter(period_year=2023).exclude(pk=for_2023.pk):
        set_state(obligation, ObligationStatus.ACCEPTED, reviewed_on=dt.date(2023, 6, 1))
    assert Evidence.objects.filter(obligation=for_2023).count() == 1

    assert figures(office_client, office, office_user) == before

    # Reopened, the late acceptances count; closed again, that state is the one kept.
    years.reopen_year(office=office, year=2022, by=administrator, comment="Учесть поздние")
    reopened = figures(office_client, office, office_user)
    assert reopened["figures"].current.accepted == 3
    assert reopened["branches"] != before["branches"]
    # … each of them: the return's values, the act in the package sheet.
    assert reopened["indicator_totals"] != before["indicator_totals"]
    assert reopened["sheets"]["Локальные акты"] != before["sheets"]["Локальные акты"]
    assert reopened["sheets"]["Показатели"] != before["sheets"]["Показатели"]
    years.close_year(office=office, year=2022, by=office_user)
    assert figures(office_client, office, office_user) == reopened


def test_while_a_year_is_open_its_figures_follow_the_reviews(
    office_client, late, office, office_user, school_a
):
    before = figures(office_client, office, office_user)
    submitted = Obligation.objects.get(
        organization=school_a, period_year=2022, responsibility__activity__number="2"
    )
    obligation_services.accept(obligation=submitted, by=office_user)
    after = figures(office_client, office, office_user)
    assert after["figures"].current.accepted == before["figures"].current.accepted + 1
