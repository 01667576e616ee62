"""Monthly and quarterly items: one obligation per period within the programme's years, each
with its due date, named by its period on every page, in e-mails and in files; the sync stays
idempotent with the period as part of the obligation's identity."""

import datetime as dt

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from obligations import services
from obligations.models import EvidenceKind, Obligation, PeriodUnit
from obligations.notifications import chase
from obligations.sync import sync_obligations
from roadmap.importers import ImportedActivity, ImportedDeadlineRow, ImportedRoadmap, ImportedStage
from roadmap.models import Recurrence, Responsibility
from roadmap.services import activate_roadmap, save_imported_roadmap, update_deadline

HEADS = "Руководители образовательных организаций"


def _activity(number, title, deadline):
    row = ImportedDeadlineRow(deadline=deadline, responsible=HEADS, source_row=0)
    return ImportedActivity(
        number=number, title=title, result_form="Отчёт", deadline_rows=[row], source_row=0
    )


def _periodic_roadmap():
    return ImportedRoadmap(
        title="Дорожная карта с периодическими сроками",
        programme_title="Программа с периодическими сроками",
        first_year=2022,
        last_year=2023,
        stages=[
            ImportedStage(
                title="Сопровождение",
                number="II.",
                activities=[
                    _activity(
                        "1", "Мониторинг численности наставников", "до 25 числа каждого месяца"
                    ),
                    _activity("2", "Сбор информации о наставнических парах", "ежеквартально"),
                    _activity("3", "Педагогические советы", "в течение учебного года"),
                    _activity("4", "Консультирование наставников", "по мере необходимости"),
                ],
            )
        ],
    )


@pytest.fixture
def periodic(office, school_a, school_b, administrator):
    draft = save_imported_roadmap(imported=_periodic_roadmap(), by=administrator, issuer=office)
    return activate_roadmap(roadmap=draft, by=administrator)


def _of(school, number):
    return Obligation.objects.filter(
        organization=school, responsibility__activity__number=number, is_archived=False
    ).order_by("period_year", "period_number")


@pytest.mark.django_db
def test_monthly_and_quarterly_items_make_one_obligation_per_period(periodic, school_a):
    monthly = list(_of(school_a, "1"))
    # The order's date is not set: owed from the programme's first year, every month of two years.
    assert len(monthly) == 24
    assert [(o.period_year, o.period_unit, o.period_number, o.due_date) for o in monthly[:3]] == [
        (2022, PeriodUnit.MONTH, 1, dt.date(2022, 1, 25)),
        (2022, PeriodUnit.MONTH, 2, dt.date(2022, 2, 25)),
        (2022, PeriodUnit.MONTH, 3, dt.date(2022, 3, 25)),
    ]
    assert monthly[2].period_label == "март 2022"
    quarterly = list(_of(school_a, "2"))
    assert [(o.period_label, o.due_date) for o in quarterly[:2]] == [
        ("I квартал 2022", dt.date(2022, 3, 31)),
        ("II квартал 2022", dt.date(2022, 6, 30)),
    ]
    assert len(quarterly) == 8
    school_year = list(_of(school_a, "3"))
    assert [(o.period_year, o.due_date) for o in school_year] == [
        (2022, dt.date(2022, 8, 31)),
        (2023, dt.date(2023, 8, 31)),
    ]
    [as_needed] = _of(school_a, "4")
    assert (as_needed.period_year, as_needed.due_date, as_needed.period_label) == (None, None, "")


@pytest.mark.django_db
def test_sync_of_periods_is_idempotent(periodic):
    before = sorted(Obligation.objects.values_list("pk", "period_year", "period_number"))
    assert sync_obligations() == {"created": 0, "updated": 0, "archived": 0, "restored": 0}
    assert sync_obligations(roadmap=periodic)["created"] == 0
    assert sorted(Obligation.objects.values_list("pk", "period_year", "period_number")) == before


@pytest.mark.django_db
def test_the_database_holds_one_obligation_per_period(periodic, school_a):
    march = _of(school_a, "1").get(period_year=2022, period_number=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        Obligation.objects.create(
            responsibility=march.responsibility,
            organization=school_a,
            period_year=2022,
            period_unit=PeriodUnit.MONTH,
            period_number=3,
        )


@pytest.mark.django_db
def test_monthly_changed_to_quarterly_archives_months_and_keeps_the_work(
    periodic, school_a, head_a, office_user
):
    march = _of(school_a, "1").get(period_year=2022, period_number=3)
    services.add_evidence(
        obligation=march,
        by=head_a,
        kind=EvidenceKind.LINK,
        title="Отчёт за март",
        url="https://school.example.org/mart",
        effective_date=dt.date(2022, 3, 20),
    )
    row = Responsibility.objects.get(activity__number="1", activity__stage__roadmap=periodic)
    update_deadline(responsibility=row, by=office_user, recurrence=Recurrence.QUARTERLY)
    current = list(_of(school_a, "1"))
    assert {(o.period_unit, o.period_number) for o in current} == {
        (PeriodUnit.QUARTER, n) for n in (1, 2, 3, 4)
    }
    march.refresh_from_db()
    assert march.is_archived and march.evidence.count() == 1  # archived, never deleted


@pytest.mark.django_db
def test_head_page_obligation_page_and_review_queue_name_the_period(
    periodic, school_a, head_a, head_a_client, client, office_user
):
    page = head_a_client.get(reverse("obligations:my_organization")).content.decode()
    assert "март 2022" in page and "II квартал 2022" in page
    # The activity number as the document has it: stage II, activity 1.
    assert "II.1" in page

    march = _of(school_a, "1").get(period_year=2022, period_number=3)
    detail = head_a_client.get(march.get_absolute_url()).content.decode()
    assert "период: март 2022" in detail

    services.add_evidence(
        obligation=march,
        by=head_a,
        kind=EvidenceKind.LINK,
        title="Отчёт за март",
        url="https://school.example.org/mart",
        effective_date=dt.date(2022, 3, 20),
    )
    services.submit(obligation=march, by=head_a)
    client.force_login(office_user)
    queue = client.get(reverse("obligations:review_queue")).content.decode()
    assert "II.1" in queue and "март 2022" in queue


@pytest.mark.django_db
def test_chase_email_names_the_period(
    periodic, school_a, head_a, office_user, django_capture_on_commit_callbacks
):
    quarter = _of(school_a, "2").get(period_year=2022, period_number=2)
    with django_capture_on_commit_callbacks(execute=True):
        assert chase(obligations=[quarter], by=office_user).sent == 1
    assert "II.2 Сбор информации о наставнических парах (II квартал 2022)" in mail.outbox[-1].body
