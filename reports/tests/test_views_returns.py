"""The return's pages through HTTP: who sees and does what, errors beside their fields,
last year beside each field, the staff list, and a query budget independent of size."""

from decimal import Decimal

import pytest
from django.urls import reverse
from model_bakery import baker

from organizations.models import OrganizationKind
from reports import returns
from reports.models import IndicatorReturn, IndicatorValue, ReturnStatus
from reports.validation import Entry

from .return_data import school_entries, school_post

pytestmark = pytest.mark.django_db
YEAR = 2024


def page_url(organization, year=YEAR):
    return reverse("reports:return", args=[year, organization.pk])


def submitted_return(school, head):
    indicator_return, _ = returns.submit_return(
        organization=school, year=YEAR, by=head, entries=school_entries()
    )
    return indicator_return


def test_who_opens_a_schools_return(client, school_a, head_a, head_b, office_user, administrator):
    expected = {None: 302, head_a: 200, head_b: 404, office_user: 200, administrator: 200}
    for user, status in expected.items():
        client.logout()
        if user:
            client.force_login(user)
        assert client.get(page_url(school_a)).status_code == status, user


def test_head_fills_in_with_last_year_beside_each_field(head_a_client, school_a, head_a):
    returns.save_return(
        organization=school_a, year=YEAR - 1, by=head_a, entries={"PR01": Entry(value=Decimal(7))}
    )
    page = head_a_client.get(page_url(school_a))
    html = page.content.decode()
    assert page.context["can_fill_in"] is True
    row = next(
        row
        for _section, rows in page.context["sections"]
        for row in rows
        if row["indicator"].code == "PR01"
    )
    assert row["last_year"] == "7"
    assert "Сохранить черновик" in html and "Отправить на проверку" in html
    assert [section for section, _rows in page.context["sections"]][:3] == [
        "Наставнические пары и группы",
        "Обучающиеся",
        "Педагогические работники",
    ]


def test_head_saves_a_draft_and_submits(head_a_client, school_a):
    response = head_a_client.post(page_url(school_a), {**school_post(TE02=""), "save": "1"})
    assert response.status_code == 302
    indicator_return = IndicatorReturn.objects.get(organization=school_a, year=YEAR)
    assert indicator_return.status == ReturnStatus.DRAFT
    response = head_a_client.post(
        page_url(school_a), {**school_post(), "submit": "1", "revision": indicator_return.revision}
    )
    assert response.status_code == 302
    indicator_return.refresh_from_db()
    assert indicator_return.status == ReturnStatus.SUBMITTED
    assert IndicatorValue.objects.get(
        indicator_return=indicator_return, indicator__code="IN01"
    ).url == ("https://school-a.example.org/mentorship")
    page = head_a_client.get(page_url(school_a))
    assert (
        page.context["can_fill_in"] is False
        and 'data-testid="return-form"' not in page.content.decode()
    )


def test_errors_show_next_to_their_fields_and_nothing_is_lost(head_a_client, school_a):
    response = head_a_client.post(
        page_url(school_a), {**school_post(ST02="600", PR06="abc"), "submit": "1"}
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["PR06"] == ["Введите число, например 12 или 7,5."]
    response = head_a_client.post(page_url(school_a), {**school_post(ST02="600"), "submit": "1"})
    assert response.status_code == 400
    assert response.context["form"].errors["ST02"] == [
        "Не может быть больше показателя ST01 «Численность обучающихся» (500)."
    ]
    html = response.content.decode()
    assert 'value="600"' in html  # what was typed stays in the form
    assert not IndicatorReturn.objects.exists()


def test_a_big_change_is_a_warning_not_a_refusal(head_a_client, school_a, head_a):
    returns.save_return(
        organization=school_a, year=YEAR - 1, by=head_a, entries={"ST01": Entry(value=Decimal(100))}
    )
    response = head_a_client.post(page_url(school_a), {**school_post(), "save": "1"}, follow=True)
    assert IndicatorReturn.objects.get(year=YEAR).status == ReturnStatus.DRAFT
    texts = [str(message) for message in response.context["messages"]]
    assert (
        "ST01: Изменение больше чем на 50 % к прошлому году (было 100): кратко поясните причину."
        in texts
    )


def test_staff_review_return_and_accept(office_client, school_a, head_a, office_user):
    indicator_return = submitted_return(school_a, head_a)
    page = office_client.get(page_url(school_a))
    assert page.context["can_review"] is True and page.context["can_fill_in"] is False
    review_url = reverse("reports:return_review", args=[indicator_return.pk])
    refused = office_client.post(
        review_url, {"decision": "return", "comment": "", "revision": indicator_return.revision}
    )
    assert refused.status_code == 400
    assert refused.context["review_form"].errors["comment"] == [
        "Укажите, что нужно исправить: комментарий обязателен."
    ]
    office_client.post(
        review_url,
        {"decision": "return", "comment": "Уточните TE04", "revision": indicator_return.revision},
    )
    indicator_return.refresh_from_db()
    assert indicator_return.status == ReturnStatus.RETURNED


def test_heads_cannot_review(head_a_client, head_b, school_b):
    indicator_return = submitted_return(school_b, head_b)
    url = reverse("reports:return_review", args=[indicator_return.pk])
    assert head_a_client.post(url, {"decision": "accept", "revision": 1}).status_code == 403


def test_office_staff_fill_in_the_offices_indicators(office_client, office):
    page = office_client.get(page_url(office))
    assert [row["indicator"].code for _s, rows in page.context["sections"] for row in rows] == [
        "MU01",
        "MU02",
    ]
    response = office_client.post(page_url(office), {"MU01": "14", "MU02": "3", "submit": "1"})
    assert response.status_code == 302
    assert IndicatorReturn.objects.get(organization=office).status == ReturnStatus.SUBMITTED


def test_staff_list_shows_who_reported(office_client, office, school_a, school_b, head_a):
    submitted_return(school_a, head_a)
    page = office_client.get(reverse("reports:returns", args=[YEAR]))
    counts = {item["key"]: item["count"] for item in page.context["filters"]}
    assert counts == {"missing": 2, "draft": 0, "submitted": 1, "returned": 0, "accepted": 0}
    waiting = office_client.get(reverse("reports:returns", args=[YEAR]), {"status": "submitted"})
    assert [organization.pk for organization in waiting.context["page"]] == [school_a.pk]
    assert page_url(school_a) in waiting.content.decode()


def test_heads_land_on_their_own_return_and_cannot_open_the_list(head_a_client, school_a):
    assert head_a_client.get(reverse("reports:my_return_for_year", args=[YEAR])).url == page_url(
        school_a
    )
    assert head_a_client.get(reverse("reports:returns", args=[YEAR])).status_code == 403


def test_an_impossible_year_answers_404(head_a_client, school_a):
    assert head_a_client.get(page_url(school_a, year=1900)).status_code == 404


def make_schools(office, count):
    baker.make(
        "organizations.Organization",
        kind=OrganizationKind.SCHOOL,
        parent=office,
        _quantity=count,
        name=iter(f"Школа {n:04d}" for n in range(count)),
    )


@pytest.mark.parametrize("count", [5, 500])
def test_the_form_costs_the_same_queries_at_any_size(
    count, client, office, school_a, head_a, django_assert_num_queries
):
    make_schools(office, count)
    returns.save_return(organization=school_a, year=YEAR - 1, by=head_a, entries=school_entries())
    returns.save_return(organization=school_a, year=YEAR, by=head_a, entries=school_entries())
    client.force_login(head_a)
    # session, user, organization, return, indicators (ids by kind + rows), not_above, sum_of,
    # saved values, last year's values, closed-year check (may_fill_in_return, and again for
    # the page's "год закрыт" badge), evidence choices, history, the bell.
    with django_assert_num_queries(15):
        assert client.get(page_url(school_a)).status_code == 200


@pytest.mark.parametrize("count", [5, 500])
def test_the_staff_list_costs_the_same_queries_at_any_size(
    count, office_client, office, django_assert_num_queries
):
    make_schools(office, count)
    # session, user, a count per status (not started + four), the page count, the page,
    # the bell.
    with django_assert_num_queries(10):
        assert office_client.get(reverse("reports:returns", args=[YEAR])).status_code == 200


def test_an_unexplained_big_change_stays_flagged_beside_its_field(head_a_client, school_a, head_a):
    returns.save_return(
        organization=school_a, year=YEAR - 1, by=head_a, entries={"PR01": Entry(value=Decimal(4))}
    )
    returns.save_return(organization=school_a, year=YEAR, by=head_a, entries=school_entries())
    page = head_a_client.get(page_url(school_a))
    row = next(
        row
        for _s, rows in page.context["sections"]
        for row in rows
        if row["indicator"].code == "PR01"
    )
    assert row["warnings"] == [
        "Изменение больше чем на 50 % к прошлому году (было 4): кратко поясните причину."
    ]
    assert 'name="PR01__explanation"' in page.content.decode()
    explained = school_entries(
        PR01=Entry(value=Decimal(10), explanation="Новый приказ о закреплении")
    )
    returns.save_return(organization=school_a, year=YEAR, by=head_a, entries=explained)
    page = head_a_client.get(page_url(school_a))
    row = next(
        row
        for _s, rows in page.context["sections"]
        for row in rows
        if row["indicator"].code == "PR01"
    )
    assert row["warnings"] == []
