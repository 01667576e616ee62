"""Junk numbers in query strings and forms never reach the database (issue 9, finding 4)."""

import pytest
from django.urls import reverse

from mentorship_portal.params import parse_id, parse_ids, parse_year
from obligations.models import Obligation

pytestmark = pytest.mark.django_db
JUNK = ["0", "10000", "-1", "²", "٣", "1e5", "9" * 5000, str(2**63), str(2**64), " ", "1.5"]


def test_only_ascii_numbers_in_range_are_read():
    assert [parse_year(v) for v in ["2022", "0", "10000", "-1", "²", "٢٠٢٢", "9" * 5000]] == [
        2022,
        None,
        None,
        None,
        None,
        None,
        None,
    ]
    assert [parse_id(v) for v in ["7", "0", str(2**63 - 1), str(2**63), "²", None]] == [
        7,
        None,
        2**63 - 1,
        None,
        None,
        None,
    ]
    assert parse_ids(["3", "x", "3", "²", "5", str(2**64)]) == [3, 5]


@pytest.mark.parametrize(
    "name", ["obligations:summary", "obligations:matrix", "obligations:review_queue"]
)
@pytest.mark.parametrize("param", ["year", "roadmap", "activity", "page"])
def test_staff_pages_answer_junk_without_an_error(office_client, one_off_a, name, param):
    for value in JUNK:
        response = office_client.get(reverse(name), {param: value})
        assert response.status_code in (200, 404), (name, param, value[:30])


def test_an_ignored_year_is_said_so(office_client, one_off_a):
    response = office_client.get(reverse("obligations:summary"), {"year": "0"})
    assert [str(m) for m in response.context["messages"]] == [
        "Параметр «год» не распознан («0») и не учтён."
    ]


def test_a_junk_filter_value_empties_the_list_and_shows_the_error(office_client, one_off_a):
    response = office_client.get(
        reverse("obligations:organization", args=[one_off_a.organization_id]), {"year": "²"}
    )
    assert response.status_code == 200
    assert response.context["filter"].form.errors["year"] == ["Введите целое число."]


def test_an_id_above_2_63_in_the_address_is_404(head_a_client, one_off_a):
    assert head_a_client.get(f"/obligations/{2**64}/").status_code == 404
    assert head_a_client.get(f"/obligations/{'9' * 5000}/").status_code == 404


def test_bulk_ids_with_junk_accept_only_the_real_ones(office_client, one_off_a, head_a):
    from obligations import services

    services.add_evidence(
        obligation=one_off_a,
        by=head_a,
        kind="link",
        title="Сайт",
        url="https://example.org",
        effective_date=None,
    )
    services.submit(obligation=one_off_a, by=head_a)
    ids = ["²", "9" * 5000, str(2**64), f"{one_off_a.pk}:{'9' * 30}", f"{one_off_a.pk}"]
    response = office_client.post(
        reverse("obligations:bulk_accept"), {"confirmed": "1", "ids": ids}
    )
    assert response.status_code == 302
    assert Obligation.objects.get(pk=one_off_a.pk).status == "accepted"
