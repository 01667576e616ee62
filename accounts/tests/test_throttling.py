"""Login lock-out behind a proxy, fixed cool-off, the time left, throttled password resets
(issue 9, findings 2, 6 and 8)."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"
PROXY = "10.0.0.5"


@pytest.fixture
def head_a(head_a):
    head_a.set_password(PASSWORD)
    head_a.save()
    return head_a


def log_in(client, password, *, client_address=None, remote=PROXY, username="head_a"):
    extra = {"REMOTE_ADDR": remote}
    if client_address:
        extra["HTTP_X_FORWARDED_FOR"] = client_address
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def fail_until_locked(client, settings, **where):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "wrong", **where)


def test_behind_a_trusted_proxy_one_person_is_locked_out_not_everyone(client, head_a, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    fail_until_locked(client, settings, client_address="203.0.113.5")
    assert log_in(client, PASSWORD, client_address="203.0.113.5").status_code == 429
    # The real head at another address, through the same proxy, still gets in.
    assert log_in(client, PASSWORD, client_address="198.51.100.7").status_code == 302
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["203.0.113.5"]


def test_the_address_is_read_from_the_right_past_trusted_proxies_only(client, head_a, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    # The client wrote "1.1.1.1" itself; 203.0.113.5 is what our proxies saw.
    fail_until_locked(client, settings, client_address="1.1.1.1, 203.0.113.5, 10.1.2.3")
    assert log_in(client, PASSWORD, client_address="9.9.9.9, 203.0.113.5").status_code == 429


def test_a_forwarded_header_from_an_untrusted_address_is_ignored(client, head_a, settings):
    settings.TRUSTED_PROXIES = []
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "wrong", remote="198.51.100.7", client_address=f"203.0.113.{attempt}")
    response = log_in(client, PASSWORD, remote="198.51.100.7", client_address="203.0.113.99")
    assert response.status_code == 429


def test_attempts_during_the_lock_do_not_extend_it(client, head_a, settings):
    fail_until_locked(client, settings)
    attempt = AccessAttempt.objects.get()
    locked_at = attempt.attempt_time - timedelta(minutes=10)
    AccessAttempt.objects.update(attempt_time=locked_at)
    for _attempt in range(3):
        assert log_in(client, "wrong").status_code == 429
    assert AccessAttempt.objects.get().attempt_time == locked_at
    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME)
    assert log_in(client, PASSWORD).status_code == 302


def test_the_lock_page_states_the_real_time_left(client, head_a, settings):
    settings.AXES_COOLOFF_TIME = timedelta(minutes=30)
    fail_until_locked(client, settings)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=10, seconds=30))
    response = log_in(client, PASSWORD)
    ends_at = timezone.localtime(AccessAttempt.objects.get().attempt_time + timedelta(minutes=30))
    text = " ".join(response.content.decode().split())
    assert (
        "Слишком много неудачных попыток входа. Попробуйте снова через 20 мин. "
        f"(после {ends_at:%H:%M}) или обратитесь к администратору портала."
    ) in text


def test_password_reset_is_throttled_per_account(client, head_a, settings):
    statuses = [
        client.post(reverse("password_reset"), {"email": "A@example.org"}).status_code
        for _request in range(settings.PASSWORD_RESET_LIMIT_PER_ACCOUNT + 1)
    ]
    assert statuses == [302] * settings.PASSWORD_RESET_LIMIT_PER_ACCOUNT + [429]
    assert len(mail.outbox) == settings.PASSWORD_RESET_LIMIT_PER_ACCOUNT
    refused = client.post(reverse("password_reset"), {"email": "a@example.org"})
    assert (
        "Письма для восстановления пароля запрашивались слишком часто. Попробуйте снова"
        " через 60 мин." in refused.content.decode()
    )


def test_password_reset_is_throttled_per_address(client, settings):
    settings.PASSWORD_RESET_LIMIT_PER_ADDRESS = 4
    statuses = [
        client.post(reverse("password_reset"), {"email": f"u{n}@example.org"}).status_code
        for n in range(5)
    ]
    assert statuses == [302, 302, 302, 302, 429]
    other = client.post(
        reverse("password_reset"), {"email": "x@example.org"}, REMOTE_ADDR="198.51.100.7"
    )
    assert other.status_code == 302
