"""The rollup (obligations/rollup.py) equals a full recount after every kind of change, and
check_rollup finds and repairs a row changed behind its back."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from model_bakery import baker

from obligations import recount, services, tally_rows
from obligations.models import Obligation, ObligationStatus, ObligationTally
from organizations.models import OrganizationKind
from organizations.services import ensure_organization, save_organization
from roadmap.models import Responsibility
from roadmap.services import archive_roadmap, update_deadline

from .test_services import add_local_act


def assert_in_step():
    assert recount.differences() == []


def subtree_total(node, **filters):
    rows = ObligationTally.objects.filter(node=node, **filters)
    return sum(rows.values_list("count", flat=True))


@pytest.mark.django_db
def test_sync_fills_the_rollup_per_organization_and_subtree(roadmap, region, office, school_a):
    assert_in_step()
    current = Obligation.objects.filter(is_archived=False)
    assert subtree_total(region) == current.count()
    assert subtree_total(office, own=True) == current.filter(organization=office).count()
    assert subtree_total(office, own=False) == current.exclude(organization=office).count()
    assert subtree_total(school_a) == current.filter(organization=school_a).count()
    assert not ObligationTally.objects.filter(node=school_a, own=False).exists()


@pytest.mark.django_db
def test_every_review_step_keeps_the_rollup_in_step(one_off_a, head_a, office_user, region):
    def submitted():
        return subtree_total(region, status=ObligationStatus.SUBMITTED)

    add_local_act(one_off_a, head_a)  # not started → in progress
    assert_in_step()
    services.submit(obligation=one_off_a, by=head_a)
    assert_in_step()
    assert submitted() == 1
    services.return_for_rework(obligation=one_off_a, by=office_user, comment="Нет подписи")
    assert_in_step()
    assert submitted() == 0
    services.submit(obligation=one_off_a, by=head_a)
    services.accept(obligation=one_off_a, by=office_user)
    assert_in_step()
    assert subtree_total(region, status=ObligationStatus.ACCEPTED) == 1


@pytest.mark.django_db
def test_progress_by_the_office_keeps_the_rollup_in_step(roadmap, office, office_user):
    own = Obligation.objects.filter(organization=office, is_archived=False)
    changed, errors = services.set_progress_many(
        obligations=list(own), by=office_user, status=ObligationStatus.IN_PROGRESS
    )
    assert errors == [] and len(changed) == own.count()
    assert_in_step()
    assert subtree_total(office, own=True, status=ObligationStatus.IN_PROGRESS) == own.count()


@pytest.mark.django_db
def test_redating_archiving_and_restoring_keep_the_rollup_in_step(
    roadmap, administrator, office, school_a
):
    after_event = Responsibility.objects.get(activity__number="3", activity__stage__roadmap=roadmap)
    update_deadline(
        responsibility=after_event,
        by=administrator,
        event_date=dt.date(2023, 2, 1),
        days_after_event=90,
    )
    assert_in_step()
    assert subtree_total(office, due_date=dt.date(2023, 5, 2)) == 2

    ensure_organization(name=school_a.name, kind=school_a.kind, parent=office, is_active=False)
    assert_in_step()
    assert subtree_total(school_a) == 0
    ensure_organization(name=school_a.name, kind=school_a.kind, parent=office, is_active=True)
    assert_in_step()
    assert subtree_total(school_a) == Obligation.objects.filter(organization=school_a).count()

    archive_roadmap(roadmap=roadmap, by=administrator)
    assert_in_step()
    assert subtree_total(office) == 0


@pytest.mark.django_db
def test_a_new_school_adds_to_its_district_and_region(roadmap, region, office):
    before = subtree_total(region)
    school = ensure_organization(name="Новая школа", kind=OrganizationKind.SCHOOL, parent=office)[0]
    assert_in_step()
    assert subtree_total(region) == before + subtree_total(school) > before


@pytest.mark.django_db
def test_moving_a_district_to_another_region_moves_its_counts(
    roadmap, region, office, administrator
):
    other_region = baker.make(
        "organizations.Organization", name="Другой регион", kind=OrganizationKind.REGIONAL_MINISTRY
    )
    whole = subtree_total(office)
    office.parent = other_region
    save_organization(organization=office, by=administrator)
    assert_in_step()
    assert (subtree_total(region), subtree_total(other_region)) == (0, whole)


@pytest.mark.django_db
def test_moving_a_school_out_of_the_district_archives_and_moves(
    roadmap, region, office, school_a, administrator
):
    other_office = baker.make(
        "organizations.Organization",
        name="Другое управление",
        kind=OrganizationKind.DISTRICT_OFFICE,
        parent=region,
    )
    school_a.parent = other_office
    save_organization(organization=school_a, by=administrator)
    assert_in_step()
    assert subtree_total(other_office) == 0  # the roadmap of `office` no longer reaches it


@pytest.mark.django_db
def test_check_rollup_reports_and_fixes_a_tampered_row(roadmap, school_a):
    out = io.StringIO()
    call_command("check_rollup", stdout=out)
    assert "совпадает" in out.getvalue()

    row = ObligationTally.objects.filter(node=school_a, count__gt=0).first()
    ObligationTally.objects.filter(pk=row.pk).update(count=row.count + 5)
    ObligationTally.objects.filter(node=school_a, own=False).delete()  # nothing there anyway
    with pytest.raises(SystemExit) as exited:
        call_command("check_rollup", stdout=out)
    assert exited.value.code == 1
    assert f"в свёртке {row.count + 5}, по пересчёту {row.count}" in out.getvalue()
    assert recount.differences() == [(tally_rows.tally_row_key(row), row.count + 5, row.count)]

    with pytest.raises(SystemExit):
        call_command("check_rollup", "--fix", stdout=out)
    assert "пересчитана" in out.getvalue()
    assert_in_step()
    call_command("check_rollup", stdout=out)


@pytest.mark.django_db
def test_a_stale_row_never_blocks_a_review(one_off_a, head_a, office_user):
    """A row that went wrong by hand (0 where 1 should be) must not fail the reviewer's
    action: the count stays at 0 and check_rollup repairs it."""
    add_local_act(one_off_a, head_a)
    services.submit(obligation=one_off_a, by=head_a)
    ObligationTally.objects.filter(status=ObligationStatus.SUBMITTED).update(count=0)
    services.accept(obligation=one_off_a, by=office_user)
    assert (
        ObligationTally.objects.filter(status=ObligationStatus.SUBMITTED, count__lt=0).count() == 0
    )
    recount.rebuild()
    assert_in_step()
