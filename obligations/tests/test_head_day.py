"""The school head's day: the «Что сделать сейчас» block of the landing page (returned with
the reviewer's comment, overdue, due soon) and the return comment at the top of the
obligation page."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from obligations import services
from obligations.models import EvidenceKind, Obligation

from .conftest import make_schools

COMMENT = "Нет подписи руководителя.\nПриложите скан с печатью."


def returned(obligation, *, head, reviewer, comment=COMMENT):
    services.add_evidence(
        obligation=obligation,
        by=head,
        kind=EvidenceKind.LINK,
        title="Страница на сайте",
        url="https://school.example.org/mentor",
    )
    services.submit(obligation=obligation, by=head)
    return services.return_for_rework(obligation=obligation, by=reviewer, comment=comment)


def landing(client):
    return client.get(reverse("obligations:my_organization"))


@pytest.mark.django_db
def test_landing_block_shows_returned_with_full_comment(
    head_a_client, one_off_a, head_a, office_user
):
    returned(one_off_a, head=head_a, reviewer=office_user)
    response = landing(head_a_client)
    todo = response.context["todo"]
    assert todo["returned"]["items"] == [one_off_a]
    assert todo["returned"]["items"][0].return_comment == COMMENT
    assert one_off_a not in todo["overdue"]["items"]  # listed once, with why
    html = response.content.decode()
    assert 'data-testid="return-comment"' in html
    assert "Нет подписи руководителя.\nПриложите скан с печатью." in html  # in full
    assert f'href="{one_off_a.get_absolute_url()}"' in html


@pytest.mark.django_db
def test_landing_block_shows_overdue_and_due_soon(head_a_client, one_off_a, roadmap):
    today = timezone.localdate()
    soon = Obligation.objects.filter(organization=one_off_a.organization).exclude(pk=one_off_a.pk)
    soon_one = soon.first()
    Obligation.objects.filter(pk=soon_one.pk).update(due_date=today + dt.timedelta(days=10))
    far = soon.exclude(pk=soon_one.pk).first()
    Obligation.objects.filter(pk=far.pk).update(due_date=today + dt.timedelta(days=90))
    todo = landing(head_a_client).context["todo"]
    assert one_off_a in todo["overdue"]["items"]  # due 30.09.2022
    assert soon_one in todo["soon"]["items"]
    assert far not in todo["soon"]["items"] + todo["overdue"]["items"]


@pytest.mark.django_db
def test_landing_block_says_when_nothing_is_urgent(head_a_client, school_a, roadmap):
    Obligation.objects.filter(organization=school_a).update(due_date=None)
    response = landing(head_a_client)
    assert not response.context["has_todo"]
    assert 'data-testid="todo-empty"' in response.content.decode()


@pytest.mark.django_db
def test_landing_block_never_shows_another_schools_return(
    client, one_off_b, head_b, head_a, office_user
):
    returned(one_off_b, head=head_b, reviewer=office_user, comment="Секрет школы Б")
    client.force_login(head_a)
    response = landing(client)
    assert "Секрет школы Б" not in response.content.decode()
    items = [o for part in response.context["todo"].values() for o in part["items"]]
    assert items and all(o.organization_id == head_a.organization_id for o in items)


@pytest.mark.django_db
@pytest.mark.parametrize("extra_activities_returned", [0, 1])
def test_landing_page_queries_do_not_grow_with_returned_items(
    client,
    roadmap,
    office,
    head_a,
    office_user,
    one_off_a,
    extra_activities_returned,
    django_assert_num_queries,
):
    # 1 returned obligation, or every obligation of the school returned: the same queries.
    to_return = Obligation.objects.filter(organization=head_a.organization)
    if not extra_activities_returned:
        to_return = to_return.filter(pk=one_off_a.pk)
    for obligation in to_return:
        returned(obligation, head=head_a, reviewer=office_user)
    make_schools(office, 3)
    client.force_login(head_a)
    # session, user with organization, current obligations with return comments, archived,
    # the bell
    with django_assert_num_queries(5):
        response = landing(client)
    assert len(response.context["todo"]["returned"]["items"]) == to_return.count()


@pytest.mark.django_db
def test_obligation_page_shows_return_comment_at_the_top(
    head_a_client, one_off_a, head_a, office_user
):
    returned(one_off_a, head=head_a, reviewer=office_user)
    html = head_a_client.get(one_off_a.get_absolute_url()).content.decode()
    notice = html.index('data-testid="return-notice"')
    assert notice < html.index('data-testid="evidence-form"')
    assert notice < html.index('data-testid="history"')
    assert COMMENT in html[notice : html.index('data-testid="evidence-form"')]


@pytest.mark.django_db
def test_obligation_page_drops_the_notice_once_resubmitted(
    head_a_client, one_off_a, head_a, office_user
):
    returned(one_off_a, head=head_a, reviewer=office_user)
    services.submit(obligation=one_off_a, by=head_a)
    response = head_a_client.get(one_off_a.get_absolute_url())
    assert response.context["return_event"] is None
    assert 'data-testid="return-notice"' not in response.content.decode()


@pytest.mark.django_db
def test_long_overdue_lists_are_cut_short_in_the_block_with_a_link_to_all(
    client, office, administrator, school_a, head_a
):
    from roadmap.services import activate_roadmap, save_imported_roadmap

    from .conftest import imported_roadmap

    draft = save_imported_roadmap(
        imported=imported_roadmap(years=(2015, 2024)), by=administrator, issuer=office
    )
    activate_roadmap(roadmap=draft, by=administrator)
    client.force_login(head_a)
    response = landing(client)
    overdue = response.context["todo"]["overdue"]
    assert len(overdue["items"]) > 5
    assert len(overdue["visible"]) == 5 and overdue["more"] == len(overdue["items"]) - 5
    html = response.content.decode()
    assert 'href="#group-overdue"' in html and 'id="group-overdue"' in html
