"""Staff manage the indicator set without a code change: add, change, retire for a year; the
return form follows it."""

from decimal import Decimal

import pytest
from django.urls import reverse

from reports import indicators, returns
from reports.models import Indicator
from reports.validation import Entry

pytestmark = pytest.mark.django_db


def form_data(**changes):
    data = {
        "code": "PR07",
        "name": "в т.ч. форма «работодатель – студент»",
        "section": "Наставнические пары и группы",
        "position": "65",
        "unit": "ед.",
        "kind": "count",
        "reporter": "organization",
        "first_year": "2024",
        "min_value": "0",
        "share_source": "indicators",
    }
    data.update(changes)
    return data


def test_staff_add_an_indicator_and_the_form_asks_for_it(office_client, school_a):
    pr01 = Indicator.objects.get(code="PR01")
    response = office_client.post(reverse("reports:indicator_add"), form_data(not_above=[pr01.pk]))
    assert response.status_code == 302
    added = Indicator.objects.get(code="PR07")
    assert list(added.not_above.values_list("code", flat=True)) == ["PR01"]
    assert "PR07" in [i.code for i in returns.indicators_for(school_a, 2024)]
    assert "PR07" not in [i.code for i in returns.indicators_for(school_a, 2023)]


def test_bad_input_is_shown_on_the_form(office_client):
    response = office_client.post(
        reverse("reports:indicator_add"), form_data(code="PR01", min_value="5", max_value="1")
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "code" in errors  # already taken
    response = office_client.post(
        reverse("reports:indicator_add"), form_data(min_value="5", max_value="1")
    )
    assert response.status_code in (400, 409)
    assert not Indicator.objects.filter(code="PR07").exists()


def test_staff_change_an_indicator(office_client):
    qualities = Indicator.objects.get(code="QL01")
    data = form_data(
        code="QL01",
        name="Удовлетворённость наставляемых",
        kind="number",
        max_value="5",
        min_value="1",
        section=qualities.section,
        first_year="2021",
        allows_not_applicable="on",
    )
    response = office_client.post(reverse("reports:indicator_edit", args=[qualities.pk]), data)
    assert response.status_code == 302
    qualities.refresh_from_db()
    assert (qualities.name, qualities.max_value) == ("Удовлетворённость наставляемых", Decimal(5))


def test_code_and_kind_stay_once_values_exist(school_a, head_a, office_user):
    returns.save_return(
        organization=school_a, year=2024, by=head_a, entries={"EX01": Entry(value=Decimal(2))}
    )
    ex01 = Indicator.objects.get(code="EX01")
    with pytest.raises(indicators.IndicatorError, match="код, вид и кто заполняет не меняются"):
        indicators.update_indicator(indicator=ex01, by=office_user, kind="text")
    indicators.update_indicator(indicator=ex01, by=office_user, name="Внешние наставники")


def test_retire_an_indicator_for_later_years(office_client, school_a):
    ex01 = Indicator.objects.get(code="EX01")
    office_client.post(reverse("reports:indicator_retire", args=[ex01.pk]), {"last_year": "2023"})
    ex01.refresh_from_db()
    assert ex01.last_year == 2023
    assert "EX01" in [i.code for i in returns.indicators_for(school_a, 2023)]
    assert "EX01" not in [i.code for i in returns.indicators_for(school_a, 2024)]
    response = office_client.post(
        reverse("reports:indicator_retire", args=[ex01.pk]), {"last_year": "2019"}, follow=True
    )
    assert "Последний год не может быть раньше первого (2021)." in response.content.decode()


def test_the_list_for_a_year(office_client):
    Indicator.objects.filter(code="EX01").update(last_year=2022)
    page = office_client.get(reverse("reports:indicators"), {"year": 2024})
    codes = [indicator.code for indicator in page.context["indicators"]]
    assert "PR01" in codes and "EX01" not in codes
    assert "EX01" in [
        i.code for i in office_client.get(reverse("reports:indicators")).context["indicators"]
    ]


def test_heads_cannot_manage_indicators(head_a_client, head_a):
    assert head_a_client.get(reverse("reports:indicators")).status_code == 403
    assert head_a_client.post(reverse("reports:indicator_add"), form_data()).status_code == 403
    with pytest.raises(indicators.IndicatorError):
        indicators.create_indicator(
            by=head_a, code="X", name="X", section="X", kind="count", reporter="organization"
        )
