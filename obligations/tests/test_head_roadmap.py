"""Heads read the whole roadmap in force, read-only, with their own organization's obligations
marked (status beside each activity they owe), and nothing of other schools."""

import pytest
from django.urls import reverse

from obligations.models import Obligation
from roadmap.services import activate_roadmap, save_imported_roadmap

from .conftest import imported_roadmap

URL = reverse("obligations:my_roadmap")


@pytest.mark.django_db
def test_head_reads_every_activity_with_own_obligations_marked(
    head_a_client, roadmap, one_off_a, one_off_b
):
    response = head_a_client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    for title in (
        "Разработка пакета локальных актов",
        "Организация участия в курсах повышения квалификации",
        "Разработка муниципальных критериев",
    ):
        assert title in html
    own = response.context["own"]
    assert one_off_a in own[one_off_a.responsibility.activity_id]
    assert f'href="{one_off_a.get_absolute_url()}"' in html
    assert html.count('data-testid="own-activity"') == 3  # the school owes all three
    assert "Просрочено" in html or "просрочено" in html  # activity 1 was due 30.09.2022


@pytest.mark.django_db
def test_head_never_sees_another_schools_obligations(head_a_client, roadmap, one_off_b):
    html = head_a_client.get(URL).content.decode()
    assert one_off_b.get_absolute_url() not in html
    assert "Школа Б" not in html
    others = Obligation.objects.exclude(organization=one_off_b.organization.parent)
    assert (
        all(
            o.organization.name == "МБОУ «Школа А»"
            for listed in head_a_client.get(URL).context["own"].values()
            for o in listed
        )
        and others.exists()
    )


@pytest.mark.django_db
def test_the_roadmap_is_read_only_for_heads(head_a_client, roadmap):
    html = head_a_client.get(URL).content.decode()
    assert 'method="post"' not in html.split("<main", 1)[-1]
    assert "/roadmaps/deadlines/" not in html and "/roadmaps/parties/" not in html


@pytest.mark.django_db
def test_only_own_activities_on_request(head_a_client, roadmap, office, school_a):
    Obligation.objects.filter(organization=school_a, responsibility__activity__number="3").delete()
    response = head_a_client.get(URL, {"mine": "1"})
    html = response.content.decode()
    assert "Разработка муниципальных критериев" not in html
    assert "Разработка пакета локальных актов" in html


@pytest.mark.django_db
def test_drafts_are_not_shown_to_heads(head_a_client, office, administrator, school_a):
    draft = save_imported_roadmap(imported=imported_roadmap(), by=administrator, issuer=office)
    assert head_a_client.get(URL).context["roadmap"] is None
    assert head_a_client.get(URL, {"roadmap": draft.pk}).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("years", [(2022, 2022), (2022, 2027)])
def test_head_roadmap_queries_do_not_grow_with_obligations(
    client, office, administrator, school_a, head_a, years, django_assert_num_queries
):
    draft = save_imported_roadmap(
        imported=imported_roadmap(years=years), by=administrator, issuer=office
    )
    activate_roadmap(roadmap=draft, by=administrator)
    client.force_login(head_a)
    # session, user, the latest roadmap in force, it with its programme and issuer, stages,
    # activities, deadline rows, parties, own obligations, the roadmaps for the picker, the bell
    with django_assert_num_queries(11):
        response = client.get(URL)
    assert sum(len(v) for v in response.context["own"].values()) >= 3
