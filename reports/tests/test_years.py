"""Closing a reporting year: staff close it, only an administrator reopens it (with a
reason), both recorded; a closed year is read-only for the organizations — obligations,
evidence and the indicator return — and its pages hide the forms."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from obligations import services as obligation_services
from obligations.models import EvidenceKind, Obligation
from reports import returns, years
from reports.models import ReportingYear, YearAction

from .return_data import school_entries, school_post

pytestmark = pytest.mark.django_db


def test_staff_close_and_an_administrator_reopens_with_history(
    office, office_user, administrator, head_a
):
    with pytest.raises(years.YearError, match="сотрудники управления"):
        years.close_year(office=office, year=2023, by=head_a)
    years.close_year(office=office, year=2023, by=office_user, comment="Мониторинг завершён")
    with pytest.raises(years.YearError, match="уже закрыт"):
        years.close_year(office=office, year=2023, by=office_user)
    with pytest.raises(years.YearError, match="только администратор"):
        years.reopen_year(office=office, year=2023, by=office_user, comment="Ошибка")
    with pytest.raises(years.YearError, match="комментарий обязателен"):
        years.reopen_year(office=office, year=2023, by=administrator, comment=" ")
    reopened = years.reopen_year(
        office=office, year=2023, by=administrator, comment="Исправить данные школы А"
    )
    assert (reopened.is_closed, reopened.closed_at) == (False, None)
    history = list(reopened.events.values_list("action", "actor__username", "comment"))
    assert history == [
        (YearAction.CLOSED, "office", "Мониторинг завершён"),
        (YearAction.REOPENED, "admin", "Исправить данные школы А"),
    ]


def test_a_closed_year_stops_the_return_and_its_form(
    office, school_a, head_a, head_a_client, office_user
):
    years.close_year(office=office, year=2023, by=office_user)
    url = reverse("reports:return", args=[2023, school_a.pk])
    page = head_a_client.get(url)
    html = page.content.decode()
    assert page.context["can_fill_in"] is False
    assert 'data-testid="return-form"' not in html and 'data-testid="year-closed"' in html
    response = head_a_client.post(url, {**school_post(), "save": "1"})
    assert response.status_code == 403
    assert "2023 год закрыт: отчёт изменить нельзя." in response.content.decode()
    # 2024 stays open.
    returns.save_return(organization=school_a, year=2024, by=head_a, entries=school_entries())


@pytest.fixture
def yearly_a(roadmap, school_a):
    """School A's yearly obligation for 2022 (the test roadmap's activity 2)."""
    return Obligation.objects.get(
        organization=school_a, period_year=2022, responsibility__activity__number="2"
    )


def test_a_closed_year_stops_obligations_and_evidence(
    office, office_user, head_a, head_a_client, yearly_a
):
    evidence = obligation_services.add_evidence(
        obligation=yearly_a,
        by=head_a,
        kind=EvidenceKind.LINK,
        title="Страница",
        url="https://a.example.org/",
    )
    years.close_year(office=office, year=2022, by=office_user)
    with pytest.raises(obligation_services.ObligationError, match="2022 год закрыт"):
        obligation_services.add_evidence(
            obligation=yearly_a,
            by=head_a,
            kind=EvidenceKind.LINK,
            title="Ещё",
            url="https://a.example.org/2",
        )
    with pytest.raises(obligation_services.ObligationError, match="2022 год закрыт"):
        obligation_services.remove_evidence(evidence=evidence, by=head_a)
    with pytest.raises(obligation_services.ObligationError, match="2022 год закрыт"):
        obligation_services.submit(obligation=yearly_a, by=head_a)
    page = head_a_client.get(yearly_a.get_absolute_url())
    assert page.context["can_edit"] is False
    assert 'data-testid="evidence-form"' not in page.content.decode()


def test_reviews_go_on_in_a_closed_year(office, office_user, administrator, head_a, yearly_a):
    obligation_services.add_evidence(
        obligation=yearly_a,
        by=head_a,
        kind=EvidenceKind.LINK,
        title="Страница",
        url="https://a.example.org/",
    )
    obligation_services.submit(obligation=yearly_a, by=head_a)
    years.close_year(office=office, year=2022, by=office_user)
    accepted = obligation_services.accept(obligation=yearly_a, by=office_user, notify=False)
    assert accepted.reviewed_at is not None


def test_the_years_page(office, office_user, administrator, head_a):
    office_client, administrator_client, head_a_client = Client(), Client(), Client()
    office_client.force_login(office_user)
    administrator_client.force_login(administrator)
    head_a_client.force_login(head_a)
    page = office_client.get(reverse("reports:years"))
    assert page.status_code == 200 and page.context["can_reopen"] is False
    response = office_client.post(
        reverse("reports:year_close", args=[office.pk, 2022]), {"confirmed": "1"}
    )
    assert response.status_code == 302
    assert ReportingYear.objects.get(office=office, year=2022).is_closed
    assert (
        office_client.post(
            reverse("reports:year_reopen", args=[office.pk, 2022]),
            {"confirmed": "1", "comment": "x"},
        ).status_code
        == 403
    )
    admin_page = administrator_client.get(reverse("reports:years"))
    assert "Открыть снова" in admin_page.content.decode()
    administrator_client.post(
        reverse("reports:year_reopen", args=[office.pk, 2022]),
        {"confirmed": "1", "comment": "Исправления"},
    )
    assert not ReportingYear.objects.get(office=office, year=2022).is_closed
    assert head_a_client.get(reverse("reports:years")).status_code == 403


def test_another_offices_years_answer_404(office_client, other_office):
    assert (
        office_client.post(
            reverse("reports:year_close", args=[other_office.pk, 2022]), {"confirmed": "1"}
        ).status_code
        == 404
    )


def test_closing_a_year_twice_says_so(office_client, office):
    office_client.post(reverse("reports:year_close", args=[office.pk, 2022]), {"confirmed": "1"})
    response = office_client.post(
        reverse("reports:year_close", args=[office.pk, 2022]), {"confirmed": "1"}, follow=True
    )
    assert "2022 год уже закрыт." in response.content.decode()


def test_obligation_reporting_year():
    assert Obligation(period_year=2022, due_date=dt.date(2023, 1, 10)).reporting_year == 2022
    assert Obligation(due_date=dt.date(2023, 1, 10)).reporting_year == 2023
    assert Obligation().reporting_year is None
