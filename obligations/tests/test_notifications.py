import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command

from obligations.models import MessageKind, SentMessage
from obligations.notifications import chase, send_digests


@pytest.mark.django_db
def test_digest_once_a_day_and_only_to_whom_something_is_due(
    one_off_a, one_off_b, head_a, head_b, office_user, django_capture_on_commit_callbacks
):
    office_user.email = ""
    office_user.save()
    on = dt.date(2022, 9, 25)  # activity 1 is due on 30.09.2022 for both schools
    with django_capture_on_commit_callbacks(execute=True):
        assert send_digests(on=on, within_days=14) == 2
        assert send_digests(on=on, within_days=14) == 0  # cron ran again the same day
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]
    assert "30.09.2022" in mail.outbox[0].body
    assert SentMessage.objects.filter(kind=MessageKind.DIGEST, sent_on=on).count() == 2
    assert list(SentMessage.objects.get(recipient=head_a).obligations.all()) == [one_off_a]


@pytest.mark.django_db
def test_nothing_due_means_no_digest(roadmap, head_a):
    assert send_digests(on=dt.date(2022, 1, 1), within_days=14) == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_overdue_is_in_the_digest_next_day_too(
    one_off_a, head_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send_digests(on=dt.date(2022, 10, 3), within_days=0)
        send_digests(on=dt.date(2022, 10, 4), within_days=0)
    bodies = [m.body for m in mail.outbox if m.to == ["a@example.org"]]
    assert len(bodies) == 2
    assert all("Просрочено" in body for body in bodies)


@pytest.mark.django_db
def test_send_reminders_command(one_off_a, head_a, django_capture_on_commit_callbacks, capsys):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", "--date", "25.09.2022", "--days", "10")
    assert capsys.readouterr().out == "Отправлено напоминаний: 1\n"  # school B has no account


@pytest.mark.django_db
def test_chase_logs_who_was_reminded(
    one_off_a, head_a, office_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert chase(obligations=[one_off_a], by=office_user).sent == 1
    message = SentMessage.objects.get()
    assert (message.kind, message.email, message.sent_by) == (
        MessageKind.CHASE,
        head_a.email,
        office_user,
    )
    assert mail.outbox[0].subject.startswith("Напоминание управления образования")
