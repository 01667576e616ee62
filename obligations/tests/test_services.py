import datetime as dt

import pytest
from django.core import mail
from model_bakery import baker

from obligations import services
from obligations.models import (
    EventAction,
    Evidence,
    EvidenceKind,
    Obligation,
    ObligationStatus,
)
from obligations.sync import sync_obligations
from obligations.uploads import check_upload
from organizations.models import Organization, OrganizationKind
from organizations.services import ensure_organization
from roadmap.models import DeadlineKind, Responsibility
from roadmap.services import archive_roadmap, update_deadline

from .conftest import pdf_upload


def counts_by_activity(roadmap):
    rows = Obligation.objects.filter(
        responsibility__activity__stage__roadmap=roadmap, is_archived=False
    ).values_list(
        "responsibility__activity__number", "organization__name", "period_year", "due_date"
    )
    return sorted(rows, key=lambda r: (r[0], r[1], r[2] or 0))


@pytest.mark.django_db
def test_sync_expands_parties_and_periods(roadmap, office, school_a, school_b):
    rows = counts_by_activity(roadmap)
    one_off = [r for r in rows if r[0] == "1"]
    assert one_off == [
        ("1", school_a.name, None, dt.date(2022, 9, 30)),
        ("1", school_b.name, None, dt.date(2022, 9, 30)),
    ]
    yearly = [r for r in rows if r[0] == "2"]
    # The office and both schools, one obligation per year of the programme, due 31 December.
    assert len(yearly) == 3 * 3
    assert {(r[1], r[2], r[3]) for r in yearly if r[1] == office.name} == {
        (office.name, 2022, dt.date(2022, 12, 31)),
        (office.name, 2023, dt.date(2023, 12, 31)),
        (office.name, 2024, dt.date(2024, 12, 31)),
    }
    after_event = [r for r in rows if r[0] == "3"]
    assert [r[3] for r in after_event] == [None, None]  # waiting for the event


@pytest.mark.django_db
def test_sync_is_idempotent(roadmap):
    before = Obligation.objects.count()
    assert sync_obligations() == {"created": 0, "updated": 0, "archived": 0, "restored": 0}
    assert Obligation.objects.count() == before


@pytest.mark.django_db
def test_new_organization_gets_its_obligations(roadmap, office):
    school, _ = ensure_organization(
        name="МБОУ «Новая школа»", kind=OrganizationKind.SCHOOL, parent=office
    )
    numbers = sorted(
        Obligation.objects.filter(organization=school).values_list(
            "responsibility__activity__number", "period_year"
        ),
        key=lambda r: (r[0], r[1] or 0),
    )
    assert numbers == [("1", None), ("2", 2022), ("2", 2023), ("2", 2024), ("3", None)]


@pytest.mark.django_db
def test_organization_outside_the_issuer_subtree_owes_nothing(roadmap, region):
    other_office = baker.make(Organization, kind=OrganizationKind.DISTRICT_OFFICE, parent=region)
    school, _ = ensure_organization(
        name="Школа другого района", kind=OrganizationKind.SCHOOL, parent=other_office
    )
    assert Obligation.objects.filter(organization=school).count() == 0


@pytest.mark.django_db
def test_event_date_gives_due_date_and_archive_keeps_evidence(
    roadmap, school_a, administrator, one_off_a
):
    after_event = Responsibility.objects.get(activity__number="3", activity__stage__roadmap=roadmap)
    update_deadline(
        responsibility=after_event,
        by=administrator,
        event_date=dt.date(2023, 2, 1),
        days_after_event=90,
    )
    obligation = Obligation.objects.get(responsibility=after_event, organization=school_a)
    assert obligation.due_date == dt.date(2023, 5, 2)
    assert obligation.events.get().action == EventAction.DUE_DATE_CHANGED

    services.add_evidence(
        obligation=one_off_a,
        by=None,
        kind=EvidenceKind.LINK,
        title="Раздел сайта",
        url="https://school.example.org/nastavnichestvo",
        effective_date=dt.date(2022, 3, 1),
    )
    archive_roadmap(roadmap=roadmap, by=administrator)
    one_off_a.refresh_from_db()
    assert one_off_a.is_archived is True
    assert one_off_a.evidence.count() == 1  # archived, never deleted


@pytest.mark.django_db
def test_deadline_kind_change_moves_due_date(roadmap, administrator, one_off_a):
    update_deadline(
        responsibility=one_off_a.responsibility,
        by=administrator,
        deadline_kind=DeadlineKind.FIXED,
        end=dt.date(2022, 10, 15),
    )
    one_off_a.refresh_from_db()
    assert one_off_a.due_date == dt.date(2022, 10, 15)


def add_local_act(obligation, user):
    upload = pdf_upload()
    checked = check_upload(upload, upload.name, max_bytes=10_000_000)
    return services.add_evidence(
        obligation=obligation,
        by=user,
        kind=EvidenceKind.LOCAL_ACT,
        title="Положение о наставничестве",
        act_type="regulation",
        act_number="45-о",
        act_date=dt.date(2022, 3, 15),
        effective_date=dt.date(2022, 3, 15),
        upload=checked,
        file=upload,
    )


@pytest.mark.django_db
def test_full_review_path_with_history(
    one_off_a, head_a, office_user, django_capture_on_commit_callbacks
):
    evidence = add_local_act(one_off_a, head_a)
    assert evidence.files.get().sha256 == (
        __import__("hashlib").sha256(pdf_upload().read()).hexdigest()
    )
    one_off_a.refresh_from_db()
    assert one_off_a.status == ObligationStatus.IN_PROGRESS

    services.submit(obligation=one_off_a, by=head_a)
    with pytest.raises(services.ObligationError, match="комментарий обязателен"):
        services.return_for_rework(obligation=one_off_a, by=office_user, comment="  ")
    with django_capture_on_commit_callbacks(execute=True):
        services.return_for_rework(obligation=one_off_a, by=office_user, comment="Нет подписи")
    services.submit(obligation=one_off_a, by=head_a)
    with django_capture_on_commit_callbacks(execute=True):
        services.accept(obligation=one_off_a, by=office_user)

    one_off_a.refresh_from_db()
    assert one_off_a.status == ObligationStatus.ACCEPTED
    assert one_off_a.reviewed_by == office_user
    steps = [
        (e.action, e.from_status, e.to_status, e.comment, e.actor)
        for e in one_off_a.events.exclude(
            action__in=[EventAction.EVIDENCE_ADDED, EventAction.STATUS_CHANGED]
        )
    ]
    assert steps == [
        (EventAction.SUBMITTED, "in_progress", "submitted", "", head_a),
        (EventAction.RETURNED, "submitted", "returned", "Нет подписи", office_user),
        (EventAction.SUBMITTED, "returned", "submitted", "", head_a),
        (EventAction.ACCEPTED, "submitted", "accepted", "", office_user),
    ]
    # The head was told about the return and the acceptance, after each commit.
    assert [m.subject.split(":")[0] for m in mail.outbox] == ["Возвращено на доработку", "Принято"]
    assert mail.outbox[0].to == [head_a.email]
    assert "Нет подписи" in mail.outbox[0].body


@pytest.mark.django_db
def test_submit_needs_evidence(one_off_a, head_a):
    with pytest.raises(services.ObligationError, match="хотя бы одно подтверждение"):
        services.submit(obligation=one_off_a, by=head_a)


@pytest.mark.django_db
def test_no_changes_after_submission(one_off_a, head_a):
    add_local_act(one_off_a, head_a)
    services.submit(obligation=one_off_a, by=head_a)
    with pytest.raises(services.ObligationError, match="На проверке"):
        add_local_act(one_off_a, head_a)


@pytest.mark.django_db
def test_stale_revision_is_refused(one_off_a, head_a, office_user):
    add_local_act(one_off_a, head_a)
    services.submit(obligation=one_off_a, by=head_a)
    one_off_a.refresh_from_db()
    seen = one_off_a.revision
    services.accept(obligation=one_off_a, by=office_user, revision=seen)
    with pytest.raises(services.ObligationChanged, match="изменилось"):
        services.return_for_rework(obligation=one_off_a, by=office_user, comment="x", revision=seen)


@pytest.mark.django_db
def test_replacing_a_file_keeps_the_old_version(one_off_a, head_a):
    evidence = add_local_act(one_off_a, head_a)
    new = pdf_upload("prikaz-v2.pdf", b"%PDF-1.5\nnew version\n%%EOF\n")
    services.replace_file(
        evidence=evidence, by=head_a, upload=check_upload(new, new.name, max_bytes=10**7), file=new
    )
    versions = list(
        evidence.files.order_by("uploaded_at", "pk").values_list("original_name", "is_current")
    )
    assert versions == [("prikaz.pdf", False), ("prikaz-v2.pdf", True)]


@pytest.mark.django_db
def test_overdue_is_derived(one_off_a, one_off_b, head_a):
    on = dt.date(2022, 10, 1)
    assert set(Obligation.objects.filter(pk__in=[one_off_a.pk, one_off_b.pk]).overdue(on=on)) == {
        one_off_a,
        one_off_b,
    }
    add_local_act(one_off_a, head_a)
    services.submit(obligation=one_off_a, by=head_a)
    assert list(Obligation.objects.filter(pk__in=[one_off_a.pk, one_off_b.pk]).overdue(on=on)) == [
        one_off_b
    ]
    assert one_off_b.is_overdue(on) is True
    assert one_off_b.is_overdue(dt.date(2022, 9, 30)) is False


@pytest.mark.django_db
def test_effective_date_decides_reporting_year(one_off_a, head_a):
    services.add_evidence(
        obligation=one_off_a,
        by=head_a,
        kind=EvidenceKind.FIGURE,
        title="Участники курсов",
        figure_value=12,
        effective_date=dt.date(2023, 1, 10),
    )
    assert Evidence.objects.for_reporting_year(2023).count() == 1
    assert Evidence.objects.for_reporting_year(2022).count() == 0


@pytest.mark.django_db
def test_bulk_accept_reports_what_could_not_be_accepted(
    one_off_a, one_off_b, head_a, head_b, office_user
):
    add_local_act(one_off_a, head_a)
    services.submit(obligation=one_off_a, by=head_a)
    accepted, errors = services.accept_many(obligations=[one_off_a, one_off_b], by=office_user)
    assert [o.pk for o in accepted] == [one_off_a.pk]
    assert [o.pk for o, _message in errors] == [one_off_b.pk]


@pytest.mark.django_db
def test_returned_cannot_be_set_back_to_in_progress(one_off_a, head_a, office_user):
    add_local_act(one_off_a, head_a)
    services.submit(obligation=one_off_a, by=head_a)
    services.return_for_rework(obligation=one_off_a, by=office_user, comment="Нет подписи")
    with pytest.raises(services.ObligationError, match="возвращено на доработку"):
        services.set_progress(obligation=one_off_a, by=head_a, status=ObligationStatus.IN_PROGRESS)


@pytest.mark.django_db
def test_staff_do_not_review_their_own_organization(roadmap, office, office_user, administrator):
    own = Obligation.objects.filter(organization=office).first()
    services.add_evidence(
        obligation=own,
        by=office_user,
        kind=EvidenceKind.LINK,
        title="Раздел сайта",
        url="https://uo.example.org/mentor",
        effective_date=dt.date(2022, 3, 1),
    )
    services.submit(obligation=own, by=office_user)
    with pytest.raises(services.ObligationError, match="другой сотрудник"):
        services.accept(obligation=own, by=office_user)
    services.accept(obligation=own, by=administrator)
    own.refresh_from_db()
    assert own.status == ObligationStatus.ACCEPTED


@pytest.mark.django_db
def test_archived_obligation_is_not_reviewed(one_off_a, head_a, office_user):
    add_local_act(one_off_a, head_a)
    services.submit(obligation=one_off_a, by=head_a)
    Obligation.objects.filter(pk=one_off_a.pk).update(is_archived=True)
    with pytest.raises(services.ObligationError, match="в архиве"):
        services.accept(obligation=one_off_a, by=office_user)


@pytest.mark.django_db
def test_sync_of_one_organization_touches_only_it(roadmap, school_a, school_b):
    Obligation.objects.filter(organization=school_b).delete()
    counts = sync_obligations(roadmap=roadmap, organization=school_a)
    assert counts == {"created": 0, "updated": 0, "archived": 0, "restored": 0}
    assert Obligation.objects.filter(organization=school_b).count() == 0
    assert sync_obligations(roadmap=roadmap, organization=school_b)["created"] == 5
