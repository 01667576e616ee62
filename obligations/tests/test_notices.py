"""Notices in the portal (the bell) and staff's choice of e-mail about submissions."""

import datetime as dt

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from model_bakery import baker

from accounts.models import Role
from obligations import inbox, services
from obligations.inbox import MailSetting, Notice, NoticeKind, SubmissionMail
from obligations.models import EvidenceKind, MessageKind, SentMessage
from obligations.notifications import chase, send_digests


def with_evidence(obligation, by):
    services.add_evidence(
        obligation=obligation,
        by=by,
        kind=EvidenceKind.LINK,
        title="Страница на сайте школы",
        url="https://school.example.org/mentoring",
        effective_date=dt.date(2022, 9, 1),
    )


def submit(obligation, by, capture):
    with_evidence(obligation, by)
    with capture(execute=True):
        services.submit(obligation=obligation, by=by)
    obligation.refresh_from_db()


def kinds_of(user):
    return sorted(
        Notice.objects.filter(recipient=user).values_list("kind", "obligation_id", "read_at")
    )


@pytest.fixture
def colleague(office):
    """A second office member, with an e-mail address."""
    return baker.make(
        "accounts.User",
        username="colleague",
        role=Role.OFFICE,
        organization=office,
        email="colleague@example.org",
    )


@pytest.mark.django_db
def test_submission_tells_the_reviewing_staff_not_the_school_nor_other_offices(
    one_off_a, head_a, head_b, office_user, colleague, django_capture_on_commit_callbacks
):
    stranger = baker.make(
        "accounts.User",
        role=Role.OFFICE,
        organization=baker.make("organizations.Organization", name="Другое управление"),
    )
    submit(one_off_a, head_a, django_capture_on_commit_callbacks)
    for user in (office_user, colleague):
        assert kinds_of(user) == [(NoticeKind.SUBMITTED, one_off_a.pk, None)]
    assert kinds_of(head_a) == kinds_of(head_b) == kinds_of(stranger) == []
    # The default is the daily digest: nobody is e-mailed at once.
    assert mail.outbox == []


@pytest.mark.django_db
def test_staff_who_chose_at_once_get_an_email_on_commit(
    one_off_a, head_a, colleague, django_capture_on_commit_callbacks
):
    inbox.set_submission_mail(by=colleague, choice=SubmissionMail.IMMEDIATELY)
    submit(one_off_a, head_a, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [["colleague@example.org"]]
    assert "МБОУ «Школа А»" in mail.outbox[0].subject
    assert reverse("obligations:detail", args=[one_off_a.pk]) in mail.outbox[0].body
    message = SentMessage.objects.get()
    assert (message.kind, message.recipient) == (MessageKind.SUBMITTED, colleague)
    assert Notice.objects.get(recipient=colleague).mailed_at is not None


@pytest.mark.django_db
def test_digest_folds_in_submissions_once_and_never_means_never(
    one_off_a, head_a, office_user, colleague, django_capture_on_commit_callbacks
):
    office_user.email = "office@example.org"
    office_user.save()
    inbox.set_submission_mail(by=office_user, choice=SubmissionMail.NEVER)
    submit(one_off_a, head_a, django_capture_on_commit_callbacks)
    on = timezone.localdate()  # the test roadmap's deadlines (2022–2024) are all overdue
    send_digests(on=on, within_days=0)
    digests = {m.to[0]: m for m in mail.outbox}
    assert digests["colleague@example.org"].subject.startswith("Наставничество: на проверку — 1")
    assert "Отправлено на проверку:\n- МБОУ «Школа А»" in digests["colleague@example.org"].body
    assert "Отправлено на проверку" not in digests["office@example.org"].body  # chose never
    assert "Отправлено на проверку" not in digests["a@example.org"].body
    mail.outbox.clear()
    send_digests(on=on + dt.timedelta(days=1), within_days=0)
    assert not any("Отправлено на проверку" in m.body for m in mail.outbox)  # told once


@pytest.mark.django_db
def test_review_outcome_and_chase_reach_the_schools_people_even_without_email(
    one_off_a, one_off_b, head_a, office_user, django_capture_on_commit_callbacks
):
    no_mail = baker.make(
        "accounts.User", role=Role.SCHOOL_HEAD, organization=one_off_a.organization, email=""
    )
    submit(one_off_a, head_a, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.return_for_rework(obligation=one_off_a, by=office_user, comment="Нет подписи")
    for user in (head_a, no_mail):
        assert kinds_of(user) == [(NoticeKind.RETURNED, one_off_a.pk, None)]
    assert Notice.objects.get(recipient=head_a).comment == "Нет подписи"
    one_off_a.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        chase(obligations=[one_off_a, one_off_b], by=office_user)
    assert sorted(k for k, _o, _r in kinds_of(no_mail)) == [NoticeKind.CHASED, NoticeKind.RETURNED]


@pytest.mark.django_db
def test_a_second_unread_notice_of_a_kind_refreshes_the_first(one_off_a, head_a, office_user):
    for comment in ("первый", "второй"):
        with transaction.atomic():
            inbox.notify(
                pairs=[(head_a, one_off_a)],
                kind=NoticeKind.RETURNED,
                by=office_user,
                comment=comment,
            )
    assert list(Notice.objects.values_list("comment", flat=True)) == ["второй"]
    inbox.mark_all_read(by=head_a)
    inbox.notify(pairs=[(head_a, one_off_a)], kind=NoticeKind.RETURNED, comment="третий")
    assert Notice.objects.count() == 2  # read ones stay as history


@pytest.mark.django_db
def test_constraints_hold_in_the_database(one_off_a, head_a):
    notice = Notice.objects.create(recipient=head_a, obligation=one_off_a, kind="returned")
    with pytest.raises(IntegrityError), transaction.atomic():
        Notice.objects.create(recipient=head_a, obligation=one_off_a, kind="returned")
    with pytest.raises(IntegrityError), transaction.atomic():
        Notice.objects.filter(pk=notice.pk).update(
            read_at=notice.created_at - dt.timedelta(seconds=1)
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        MailSetting.objects.create(user=head_a, submissions="sometimes")


# --- Pages -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_head_opens_a_returned_notice_and_it_becomes_read(
    client, one_off_a, head_a, office_user, django_capture_on_commit_callbacks
):
    submit(one_off_a, head_a, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.return_for_rework(obligation=one_off_a, by=office_user, comment="Нет подписи")
    client.force_login(head_a)
    page = client.get(reverse("obligations:notices")).content.decode()
    assert 'data-testid="bell-count">1<' in page
    assert "Нет подписи" in page
    notice = Notice.objects.get(recipient=head_a)
    response = client.get(reverse("obligations:notice_open", args=[notice.pk]))
    assert response.url == reverse("obligations:detail", args=[one_off_a.pk])
    notice.refresh_from_db()
    assert notice.is_read
    assert (
        'data-testid="bell-count"'
        not in client.get(reverse("obligations:notices")).content.decode()
    )


@pytest.mark.django_db
def test_someone_elses_notice_answers_404(client, one_off_a, head_a, head_b):
    notice = Notice.objects.create(recipient=head_a, obligation=one_off_a, kind="accepted")
    client.force_login(head_b)
    assert client.get(reverse("obligations:notice_open", args=[notice.pk])).status_code == 404
    assert client.post(reverse("obligations:notice_read", args=[notice.pk])).status_code == 404
    notice.refresh_from_db()
    assert not notice.is_read


@pytest.mark.django_db
def test_mark_one_and_all_read(client, one_off_a, one_off_b, head_a):
    first = Notice.objects.create(recipient=head_a, obligation=one_off_a, kind="accepted")
    Notice.objects.create(recipient=head_a, obligation=one_off_a, kind="chased")
    client.force_login(head_a)
    client.post(reverse("obligations:notice_read", args=[first.pk]))
    assert Notice.objects.unread().count() == 1
    response = client.post(reverse("obligations:notices_read_all"), follow=True)
    assert "Отмечено прочитанными: 1." in response.content.decode()
    assert Notice.objects.unread().count() == 0
    unread_page = client.get(reverse("obligations:notices"), {"unread": "1"}).content.decode()
    assert "Непрочитанных уведомлений нет." in unread_page


@pytest.mark.django_db
def test_staff_choose_how_they_are_emailed_heads_may_not(client, office_user, head_a):
    url = reverse("obligations:notice_settings")
    client.force_login(head_a)
    assert client.get(url).status_code == 403
    client.force_login(office_user)
    form = client.get(url).context["form"]
    assert form.initial == {"submissions": SubmissionMail.DIGEST}
    response = client.post(url, {"submissions": "now"}, follow=True)
    assert "Настройки уведомлений сохранены." in response.content.decode()
    assert inbox.submission_mail_of(office_user) == SubmissionMail.IMMEDIATELY
    bad = client.post(url, {"submissions": "=1+2"})
    assert bad.status_code == 400
    assert "Выберите корректный вариант" in bad.content.decode()
    assert inbox.submission_mail_of(office_user) == SubmissionMail.IMMEDIATELY


def make_notices(user, obligation, count):
    Notice.objects.bulk_create(
        [
            Notice(recipient=user, obligation=obligation, kind=kind, read_at=None)
            for kind in list(NoticeKind)[:count]
        ]
    )


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 4])
def test_bell_and_list_cost_the_same_queries_with_1_or_4_notices(
    client, one_off_a, head_a, count, django_assert_num_queries
):
    make_notices(head_a, one_off_a, count)
    client.force_login(head_a)
    # session, user, the list's count and page, the bell's count
    with django_assert_num_queries(5):
        response = client.get(reverse("obligations:notices"))
    assert response.content.decode().count('data-testid="notice"') == count


@pytest.mark.django_db
def test_bell_is_one_query_on_any_page(client, one_off_a, head_a, django_assert_num_queries):
    make_notices(head_a, one_off_a, 3)
    client.force_login(head_a)
    with django_assert_num_queries(3):  # session, user, the bell's count
        response = client.get(reverse("password_change"))
    assert 'data-testid="bell-count">3<' in response.content.decode()
