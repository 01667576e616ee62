"""A failed e-mail is recorded as failed and sent again; a repeated chase is skipped
(issue 9, findings 7 and 12). Delivery fails for real: SMTP to a port nobody listens on."""

import datetime as dt
import socket

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from obligations.models import DeliveryStatus, MessageKind, SentMessage
from obligations.notifications import send_digests

pytestmark = pytest.mark.django_db
ON = dt.date(2022, 9, 25)  # activity 1 is due on 30.09.2022


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_down(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", closed_port(), 2
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    return settings


def test_a_failed_digest_is_logged_failed_not_counted_and_sent_by_the_next_run(
    one_off_a, head_a, smtp_down, capsys
):
    call_command("send_reminders", "--date", "25.09.2022", "--days", "10")
    output = capsys.readouterr()
    assert output.out == "Отправлено напоминаний: 0\n"
    assert output.err == (
        "Не доставлено: 1 (ошибки в журнале; будут отправлены при следующем запуске)\n"
    )
    message = SentMessage.objects.get(kind=MessageKind.DIGEST)
    assert message.status == DeliveryStatus.FAILED
    assert message.error.startswith("ConnectionRefusedError")

    smtp_down.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_digests(on=ON, within_days=10) == 1
    assert [m.to for m in mail.outbox] == [["a@example.org"]]
    message.refresh_from_db()
    assert (message.status, message.error) == (DeliveryStatus.SENT, "")
    assert list(message.obligations.all()) == [one_off_a]
    assert send_digests(on=ON, within_days=10) == 0  # delivered today: not again
    assert len(mail.outbox) == 1


def test_a_failed_review_notice_is_recorded_as_failed(
    one_off_a, head_a, office_user, smtp_down, django_capture_on_commit_callbacks
):
    from obligations.notifications import chase

    with django_capture_on_commit_callbacks(execute=True):
        chase(obligations=[one_off_a], by=office_user)
    assert SentMessage.objects.get().status == DeliveryStatus.FAILED


def test_chasing_the_same_organization_twice_a_day_is_skipped_and_said_so(
    office_client, one_off_a, head_a, django_capture_on_commit_callbacks
):
    url = reverse("obligations:chase_organization", args=[one_off_a.organization_id])
    with django_capture_on_commit_callbacks(execute=True):
        first = office_client.post(url, follow=True)
        second = office_client.post(url, follow=True)
    assert [str(m) for m in first.context["messages"]] == ["Отправлено писем: 1, организаций: 1."]
    assert [str(m) for m in second.context["messages"]] == [
        "Пропущено организаций, которым сегодня уже напоминали об этих мероприятиях: 1. "
        "Повторно им не отправлено."
    ]
    assert SentMessage.objects.filter(kind=MessageKind.CHASE).count() == 1
    assert len(mail.outbox) == 1


def test_the_evidence_form_posted_twice_adds_one_row_and_says_so(head_a_client, one_off_a):
    from obligations.models import Evidence, EvidenceFile, ObligationEvent

    from .conftest import LOCAL_ACT, pdf_upload

    page = head_a_client.get(reverse("obligations:detail", args=[one_off_a.pk]))
    token = page.context["evidence_form"]["submission_token"].value()
    assert f'name="submission_token" value="{token}"' in page.content.decode()
    url = reverse("obligations:evidence_add", args=[one_off_a.pk])
    first = head_a_client.post(
        url, {**LOCAL_ACT, "file": pdf_upload(), "submission_token": str(token)}, follow=True
    )
    second = head_a_client.post(
        url, {**LOCAL_ACT, "file": pdf_upload(), "submission_token": str(token)}, follow=True
    )
    assert [str(m) for m in first.context["messages"]] == [
        "Подтверждение добавлено, но ещё не отправлено. Добавьте остальное и нажмите "
        "«Отправить на проверку»."
    ]
    assert [str(m) for m in second.context["messages"]] == [
        f"Форма отправлена повторно: подтверждение «{LOCAL_ACT['title']}» уже добавлено, "
        "второе не создано."
    ]
    assert (Evidence.objects.count(), EvidenceFile.objects.count()) == (1, 1)
    assert ObligationEvent.objects.filter(action="evidence_added").count() == 1
    # The page after the redirect carries a fresh token: the next evidence is a new one.
    assert second.context["evidence_form"]["submission_token"].value() != token
