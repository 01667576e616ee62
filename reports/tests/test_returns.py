"""The return's services: draft, submit, review, history, and who may do each."""

from decimal import Decimal

import pytest
from django.utils import timezone

from reports import returns
from reports.models import (
    IndicatorReturn,
    IndicatorValue,
    ReportingYear,
    ReturnAction,
    ReturnStatus,
)
from reports.validation import Entry

from .return_data import school_entries

pytestmark = pytest.mark.django_db
YEAR = 2024


def submit(school, head, **changes):
    indicator_return, _findings = returns.submit_return(
        organization=school, year=YEAR, by=head, entries=school_entries(**changes)
    )
    return indicator_return


def test_draft_then_submit_then_accept_with_history(school_a, head_a, office_user):
    draft = school_entries()
    del draft["TE02"]
    indicator_return, _ = returns.save_return(
        organization=school_a, year=YEAR, by=head_a, entries=draft
    )
    assert indicator_return.status == ReturnStatus.DRAFT
    assert (
        IndicatorValue.objects.get(indicator_return=indicator_return, indicator__code="TE02").value
        is None
    )
    submitted = submit(school_a, head_a)
    assert (submitted.status, submitted.submitted_at is not None) == (ReturnStatus.SUBMITTED, True)
    assert IndicatorValue.objects.get(
        indicator_return=submitted, indicator__code="QL01"
    ).value == Decimal("8.5")
    returns.accept_return(indicator_return=submitted, by=office_user, revision=submitted.revision)
    submitted.refresh_from_db()
    assert (submitted.status, submitted.reviewed_by) == (ReturnStatus.ACCEPTED, office_user)
    history = list(
        submitted.events.values_list("action", "from_status", "to_status", "actor__username")
    )
    assert history == [
        (ReturnAction.SAVED, "draft", "draft", "head_a"),
        (ReturnAction.SUBMITTED, "draft", "submitted", "head_a"),
        (ReturnAction.ACCEPTED, "submitted", "accepted", "office"),
    ]


def test_returned_with_a_required_comment_then_fixed_and_resubmitted(school_a, head_a, office_user):
    submitted = submit(school_a, head_a)
    with pytest.raises(returns.ReturnError, match="комментарий обязателен"):
        returns.send_back_return(indicator_return=submitted, by=office_user, comment="  ")
    returns.send_back_return(indicator_return=submitted, by=office_user, comment="Проверьте TE04")
    submitted.refresh_from_db()
    assert submitted.status == ReturnStatus.RETURNED
    resubmitted = submit(school_a, head_a, TE04=Entry(value=Decimal(4)))
    assert resubmitted.status == ReturnStatus.SUBMITTED
    assert submitted.events.get(action=ReturnAction.RETURNED).comment == "Проверьте TE04"


def test_invalid_values_are_refused_and_nothing_is_saved(school_a, head_a):
    returns.save_return(organization=school_a, year=YEAR, by=head_a, entries=school_entries())
    with pytest.raises(returns.ReturnInvalid) as refused:
        returns.save_return(
            organization=school_a,
            year=YEAR,
            by=head_a,
            entries=school_entries(ST02=Entry(value=Decimal(900))),
        )
    assert list(refused.value.findings.errors) == ["ST02"]
    assert IndicatorValue.objects.get(indicator__code="ST02").value == 120


def test_a_submitted_return_cannot_be_changed_by_its_head(school_a, head_a):
    submit(school_a, head_a)
    with pytest.raises(returns.ReturnError, match="«На проверке»: изменить его сейчас нельзя"):
        returns.save_return(organization=school_a, year=YEAR, by=head_a, entries=school_entries())


def test_only_the_organizations_own_people_fill_it_in(school_a, head_b, office_user, administrator):
    for outsider in (head_b, office_user, administrator):
        with pytest.raises(returns.ReturnError, match="заполняет её руководитель"):
            returns.save_return(
                organization=school_a, year=YEAR, by=outsider, entries=school_entries()
            )
    assert not IndicatorReturn.objects.exists()


def test_a_stale_page_is_told(school_a, head_a):
    saved, _ = returns.save_return(
        organization=school_a, year=YEAR, by=head_a, entries=school_entries()
    )
    with pytest.raises(returns.ReturnChanged):
        returns.save_return(
            organization=school_a,
            year=YEAR,
            by=head_a,
            entries=school_entries(),
            revision=saved.revision - 1,
        )


def test_reviewers_are_staff_and_never_of_their_own_organization(
    office, school_a, head_a, head_b, office_user
):
    submitted = submit(school_a, head_a)
    with pytest.raises(returns.ReturnError):
        returns.accept_return(indicator_return=submitted, by=head_b)
    office_return, _ = returns.submit_return(
        organization=office,
        year=YEAR,
        by=office_user,
        entries={"MU01": Entry(value=Decimal(12)), "MU02": Entry(value=Decimal(3))},
    )
    with pytest.raises(returns.ReturnError, match="своей организации"):
        returns.accept_return(indicator_return=office_return, by=office_user)


def test_accepting_twice_is_refused(school_a, head_a, office_user, administrator):
    submitted = submit(school_a, head_a)
    returns.accept_return(indicator_return=submitted, by=office_user)
    with pytest.raises(returns.ReturnChanged):
        returns.accept_return(indicator_return=submitted, by=administrator)


def test_a_closed_year_refuses_changes(office, school_a, head_a, administrator):
    ReportingYear.objects.create(office=office, year=YEAR, is_closed=True, closed_at=timezone.now())
    with pytest.raises(returns.ReturnError, match="2024 год закрыт"):
        returns.save_return(organization=school_a, year=YEAR, by=head_a, entries=school_entries())
    assert not IndicatorReturn.objects.exists()


def test_office_reports_its_own_indicators(office, office_user):
    saved, _ = returns.save_return(
        organization=office, year=YEAR, by=office_user, entries={"MU01": Entry(value=Decimal(12))}
    )
    assert sorted(saved.values.values_list("indicator__code", flat=True)) == ["MU01", "MU02"]
