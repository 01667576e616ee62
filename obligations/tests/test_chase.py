"""Chasing guarded: staff confirm before sending (the page says how many would be e-mailed and
skipped), one action reminds everyone overdue on an activity or in the whole roadmap, and an
organization reminded today about the same activity is skipped and counted."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from model_bakery import baker

from accounts.models import Role
from obligations.models import MessageKind, Obligation, SentMessage

from .conftest import make_schools


def texts(response):
    return [str(m) for m in response.context["messages"]]


def chase_url(obligation):
    return reverse("obligations:chase_activity", args=[obligation.responsibility.activity_id])


@pytest.mark.django_db
def test_confirmation_page_says_whom_it_would_remind_and_sends_nothing(
    office_client, one_off_a, head_a, head_b
):
    response = office_client.get(chase_url(one_off_a))
    assert response.status_code == 200
    assert response.context["preview"] == {
        "organizations": 2,
        "emails": 2,
        "without_email": 0,
        "skipped": 0,
    }
    assert "Отправить напоминания (писем: 2)" in response.content.decode()
    assert (len(mail.outbox), SentMessage.objects.count()) == (0, 0)


@pytest.mark.django_db
def test_chasing_twice_emails_nobody_the_second_time(
    office_client, one_off_a, head_a, head_b, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = office_client.post(chase_url(one_off_a), follow=True)
    assert texts(first) == ["Отправлено писем: 2, организаций: 2."]
    assert sorted(m.to[0] for m in mail.outbox) == [head_a.email, head_b.email]
    again = office_client.get(chase_url(one_off_a))
    assert again.context["preview"]["emails"] == 0 and again.context["preview"]["skipped"] == 2
    assert 'data-testid="chase-nothing"' in again.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        second = office_client.post(chase_url(one_off_a), follow=True)
    assert texts(second) == [
        "Пропущено организаций, которым сегодня уже напоминали об этих мероприятиях: 2. "
        "Повторно им не отправлено."
    ]
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_only_overdue_organizations_are_chased_and_the_rest_counted(
    office_client, one_off_a, one_off_b, head_a, head_b, django_capture_on_commit_callbacks
):
    later = timezone.localdate() + dt.timedelta(days=20)
    Obligation.objects.filter(pk=one_off_b.pk).update(due_date=later)  # not overdue
    with django_capture_on_commit_callbacks(execute=True):
        office_client.post(chase_url(one_off_a))
    assert [m.to for m in mail.outbox] == [[head_a.email]]


@pytest.mark.django_db
def test_a_partly_reminded_roadmap_skips_those_reminded_today(
    office_client, roadmap, one_off_a, head_a, head_b, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        office_client.post(chase_url(one_off_a))  # both schools, activity 1
    url = reverse("obligations:chase_roadmap", args=[roadmap.pk])
    preview = office_client.get(url).context["preview"]
    # Both schools are also overdue on the yearly activity 2 of past years: reminded of that.
    assert preview["organizations"] == 2 and preview["skipped"] == 0
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        office_client.post(url, follow=True)
    assert len(mail.outbox) == 2
    assert all("Разработка пакета локальных актов" not in m.body for m in mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        response = office_client.post(url, follow=True)
    assert len(mail.outbox) == 2  # nobody again
    assert "Пропущено организаций" in texts(response)[0]
    assert SentMessage.objects.filter(kind=MessageKind.CHASE).count() == 4


@pytest.mark.django_db
def test_chase_goes_back_to_the_page_it_came_from(office_client, one_off_a):
    response = office_client.post(chase_url(one_off_a), {"back": "/obligations/summary/?year=2022"})
    assert response["Location"] == "/obligations/summary/?year=2022"
    page = office_client.get(chase_url(one_off_a), {"back": "https://evil.example.org/"})
    assert page.context["back"] == reverse("obligations:summary")


@pytest.mark.django_db
def test_summary_offers_chasing_the_roadmap_and_each_overdue_activity(office_client, roadmap):
    html = office_client.get(reverse("obligations:summary")).content.decode()
    assert reverse("obligations:chase_roadmap", args=[roadmap.pk]) in html
    assert "/chase/?" in html


@pytest.mark.django_db
def test_chasing_an_archived_or_foreign_roadmap_answers_404(office_client, roadmap):
    roadmap.status = "archived"
    roadmap.save(update_fields=["status"])
    url = reverse("obligations:chase_roadmap", args=[roadmap.pk])
    assert office_client.get(url).status_code == 404
    assert office_client.post(url).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("schools", [1, 8])
def test_confirmation_page_queries_do_not_grow_with_organizations(
    client, office, office_user, roadmap, schools, django_assert_num_queries
):
    for school in make_schools(office, schools, prefix="Лицей"):
        baker.make("accounts.User", role=Role.SCHOOL_HEAD, organization=school, email="h@x.org")
    from obligations.sync import sync_obligations

    sync_obligations(roadmap=roadmap)
    client.force_login(office_user)
    url = reverse("obligations:chase_roadmap", args=[roadmap.pk])
    # session, user, the roadmap, overdue obligations, chased today, recipients, the bell
    with django_assert_num_queries(7):
        response = client.get(url)
    assert response.context["preview"]["organizations"] >= schools
