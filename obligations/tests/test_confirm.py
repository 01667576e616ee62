"""Destructive actions ask first (mentorship_portal/confirm.py): without the confirmation a
post answers with a page that repeats the question and re-posts the same fields; nothing
changes until it is confirmed; access is checked before anything is asked."""

import re

import pytest
from django.urls import reverse

from obligations.models import Obligation, ObligationStatus
from obligations.tests.test_views import post_local_act, submitted

pytestmark = pytest.mark.django_db


def hidden_fields(response):
    page = response.content.decode()
    form = re.search(
        r'<form method="post" action="([^"]*)"[^>]*data-confirm-form>.*?</form>', page, re.S
    )
    fields = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form.group(0))
    return form.group(1), [pair for pair in fields if pair[0] != "csrfmiddlewaretoken"]


def test_removing_evidence_asks_first_then_removes(head_a_client, head_a, one_off_a):
    post_local_act(head_a_client, one_off_a)
    evidence = one_off_a.evidence.get()
    url = reverse("obligations:evidence_remove", args=[one_off_a.pk, evidence.pk])
    page = one_off_a.get_absolute_url()

    asked = head_a_client.post(url, HTTP_REFERER=f"http://testserver{page}")
    assert asked.status_code == 200
    assert asked.templates[0].name == "confirm.html"
    assert "Удалить это подтверждение?" in asked.content.decode()
    assert f'href="http://testserver{page}"' in asked.content.decode()  # «Отмена» goes back
    evidence.refresh_from_db()
    assert evidence.removed_at is None  # nothing done yet

    action, fields = hidden_fields(asked)
    assert (action, fields) == (url, [("confirmed", "1")])
    done = head_a_client.post(action, dict(fields))
    assert done["Location"] == page
    evidence.refresh_from_db()
    assert evidence.removed_by == head_a


def test_a_foreign_head_gets_404_not_a_question(client, head_a, head_b, one_off_a):
    client.force_login(head_a)
    post_local_act(client, one_off_a)
    evidence = one_off_a.evidence.get()
    client.force_login(head_b)
    url = reverse("obligations:evidence_remove", args=[one_off_a.pk, evidence.pk])
    assert client.post(url).status_code == 404
    assert client.post(url, {"confirmed": "1"}).status_code == 404


def test_cancel_never_leads_to_another_site(head_a_client, one_off_a):
    post_local_act(head_a_client, one_off_a)
    evidence = one_off_a.evidence.get()
    url = reverse("obligations:evidence_remove", args=[one_off_a.pk, evidence.pk])
    asked = head_a_client.post(url, HTTP_REFERER="https://evil.example/phish")
    assert "evil.example" not in asked.content.decode()
    assert f'href="{one_off_a.get_absolute_url()}"' in asked.content.decode()


def test_bulk_accept_asks_first_and_reposts_every_row(
    client, head_a, head_b, office_user, one_off_a, one_off_b
):
    client.force_login(head_a)
    submitted(client, one_off_a)
    client.force_login(head_b)
    submitted(client, one_off_b)
    client.force_login(office_user)
    ids = [str(one_off_a.pk), str(one_off_b.pk)]
    asked = client.post(reverse("obligations:bulk_accept"), {"ids": ids})
    assert "Принять все отмеченные?" in asked.content.decode()
    pending = Obligation.objects.filter(pk__in=ids).values_list("status", flat=True)
    assert set(pending) == {ObligationStatus.SUBMITTED}

    action, fields = hidden_fields(asked)
    assert sorted(fields) == sorted([("ids", ids[0]), ("ids", ids[1]), ("confirmed", "1")])
    data = {"ids": ids, "confirmed": "1"}
    assert client.post(action, data)["Location"] == reverse("obligations:review_queue")
    assert set(pending.all()) == {ObligationStatus.ACCEPTED}


def test_a_head_cannot_reach_the_bulk_question(head_a_client, one_off_a):
    response = head_a_client.post(reverse("obligations:bulk_accept"), {"ids": [one_off_a.pk]})
    assert response.status_code == 403


def test_closing_an_organization_asks_first(administrator_client, school_a):
    url = reverse("organizations:deactivate", args=[school_a.pk])
    asked = administrator_client.post(url)
    assert "Закрыть организацию?" in asked.content.decode()
    school_a.refresh_from_db()
    assert school_a.is_active
    action, fields = hidden_fields(asked)
    administrator_client.post(action, dict(fields))
    school_a.refresh_from_db()
    assert not school_a.is_active


def test_deactivating_a_user_asks_first(client, office_user, head_a):
    url = reverse("people:deactivate", args=[head_a.pk])
    client.force_login(head_a)
    assert client.post(url).status_code == 403  # a head is refused before any question
    client.force_login(office_user)
    asked = client.post(url)
    assert "Отключить учётную запись?" in asked.content.decode()
    head_a.refresh_from_db()
    assert head_a.is_active
    client.post(url, {"confirmed": "1"})
    head_a.refresh_from_db()
    assert not head_a.is_active
