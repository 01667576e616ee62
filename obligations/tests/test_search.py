"""The search box: organizations, activities and evidence by title and document number,
only among what the user may see, grouped and paged, with a Russian message for junk."""

import datetime as dt

import pytest
from django.db import connection
from django.urls import reverse

from obligations import services
from obligations.models import EvidenceKind

URL = reverse("obligations:search")


def local_act(obligation, by, *, title, number):
    return services.add_evidence(
        obligation=obligation,
        by=by,
        kind=EvidenceKind.LOCAL_ACT,
        title=title,
        act_type="regulation",
        act_number=number,
        act_date=dt.date(2022, 9, 1),
        effective_date=dt.date(2022, 9, 1),
    )


def found(response, kind):
    for group in response.context["groups"]:
        if group.kind == kind:
            return [str(item) for item in group.page]
    return []


@pytest.fixture
def acts(one_off_a, one_off_b, head_a, head_b):
    local_act(one_off_a, head_a, title="Положение о наставничестве", number="45-о")
    local_act(one_off_b, head_b, title="Положение о наставничестве школы Б", number="451-п")


@pytest.mark.django_db
def test_staff_find_evidence_by_document_number_prefix_and_title(office_client, acts):
    by_number = office_client.get(URL, {"q": "45"})
    assert sorted(found(by_number, "evidence")) == [
        "Положение о наставничестве",
        "Положение о наставничестве школы Б",
    ]
    assert found(office_client.get(URL, {"q": "451"}), "evidence") == [
        "Положение о наставничестве школы Б"
    ]
    assert len(found(office_client.get(URL, {"q": "положение"}), "evidence")) == 2


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="Russian stemming is PostgreSQL's")
def test_word_forms_match_on_postgresql(office_client, acts):
    # «положения о наставничестве» — another case of the same words
    response = office_client.get(URL, {"q": "положения наставничеству"})
    assert len(found(response, "evidence")) == 2


@pytest.mark.django_db
def test_a_head_never_finds_another_schools_evidence(head_a_client, acts):
    response = head_a_client.get(URL, {"q": "Положение"})
    assert found(response, "evidence") == ["Положение о наставничестве"]
    assert found(head_a_client.get(URL, {"q": "451"}), "evidence") == []
    assert found(head_a_client.get(URL, {"q": "Школа"}), "organizations") == ["МБОУ «Школа А»"]


@pytest.mark.django_db
def test_activities_for_staff_own_obligations_for_heads(client, office_user, head_a, roadmap):
    client.force_login(office_user)
    staff = client.get(URL, {"q": "локальных актов"})
    assert [text.split(" ", 1)[1] for text in found(staff, "activities")] == [
        "Разработка пакета локальных актов"
    ]
    assert "/roadmaps/activities/" in staff.content.decode()
    client.force_login(head_a)
    head = client.get(URL, {"q": "локальных актов"})
    (item,) = head.context["groups"][1].page
    assert item.organization.name == "МБОУ «Школа А»"
    assert f'href="/obligations/{item.pk}/"' in head.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", ""),
        ("   ", ""),
        ("я", "Слишком короткий запрос"),
        ("!!! ***", "В запросе нет ни букв, ни цифр"),
        ("\x00\x01", ""),
    ],
)
def test_junk_queries_get_a_message_never_a_500(office_client, roadmap, query, message):
    response = office_client.get(URL, {"q": query})
    assert response.status_code == 200
    assert response.context["message"].startswith(message)
    assert response.context["groups"] == []


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["' OR 1=1 --", "a & | ! (", '"незакрытая', "1" * 5000, "<b>"])
def test_odd_text_is_searched_not_failed(office_client, acts, query):
    response = office_client.get(URL, {"q": query})
    assert response.status_code == 200
    assert "<b>" not in response.content.decode().split("<main", 1)[1]


@pytest.mark.django_db
def test_nothing_found_says_so(office_client, acts):
    response = office_client.get(URL, {"q": "квантовая хромодинамика"})
    assert "ничего не найдено" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 12])
def test_same_queries_at_1_and_many_results(
    office_client, one_off_a, head_a, count, django_assert_num_queries
):
    for number in range(count):
        local_act(one_off_a, head_a, title=f"Приказ о наставниках {number}", number=f"7{number}")
    # session, user, a count for each kind (organizations, activities, evidence), a page of
    # the kinds that found something (evidence), the bell
    with django_assert_num_queries(7):
        response = office_client.get(URL, {"q": "Приказ"})
    assert len(found(response, "evidence")) == min(count, 10)


@pytest.mark.django_db
def test_one_kind_is_paged(office_client, one_off_a, head_a):
    for number in range(12):
        local_act(one_off_a, head_a, title=f"Приказ {number}", number=f"9{number}")
    overview = office_client.get(URL, {"q": "Приказ"})
    assert len(found(overview, "evidence")) == 10
    assert "kind=evidence" in overview.content.decode()
    second = office_client.get(URL, {"q": "Приказ", "kind": "evidence", "page": "2"})
    assert [g.kind for g in second.context["groups"]] == ["evidence"]
    assert second.context["groups"][0].page.number == 1  # 12 fit on one page of 30
    assert len(found(second, "evidence")) == 12
