import pytest
from django.urls import reverse

from accounts.context_processors import MENU


def menu_labels(response):
    return [str(item["label"]) for item in response.context["menu"]]


@pytest.mark.django_db
def test_school_head_navigation(client, head_a):
    client.force_login(head_a)
    response = client.get(reverse("password_change"))
    assert "Организации" not in menu_labels(response)
    assert "Администрирование" not in menu_labels(response)


@pytest.mark.django_db
def test_office_navigation(client, office_user):
    client.force_login(office_user)
    labels = menu_labels(client.get(reverse("password_change")))
    assert "Организации" in labels
    assert "Моя организация" not in labels
    # The admin's obligation list, with its review actions, is staff's second door.
    assert "Администрирование" in labels


@pytest.mark.django_db
def test_admin_navigation(client, administrator):
    client.force_login(administrator)
    labels = menu_labels(client.get(reverse("password_change")))
    assert "Организации" in labels
    assert "Администрирование" in labels


def test_menu_entries_have_russian_labels():
    assert all(str(label)[0].isupper() for label, _url, _cap in MENU)


@pytest.mark.django_db
def test_school_head_cannot_open_office_pages(client, head_a, office):
    client.force_login(head_a)
    assert client.get(reverse("organizations:list")).status_code == 403
    assert client.get(reverse("organizations:detail", args=[office.pk])).status_code == 403
    assert client.get("/admin/").status_code == 302  # admin site sends to its own login


@pytest.mark.django_db
def test_office_staff_enter_the_admin_without_the_is_staff_flag(client, office_user):
    assert not office_user.is_staff
    client.force_login(office_user)
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_login_with_correct_password(client, head_a):
    head_a.set_password("correct-horse-battery")
    head_a.save()
    response = client.post(
        reverse("login"), {"username": "head_a", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(head_a.pk)


@pytest.mark.django_db
def test_login_error_in_russian(client, head_a):
    response = client.post(reverse("login"), {"username": "head_a", "password": "wrong"})
    assert response.status_code == 200
    assert "Неверное имя пользователя или пароль." in response.content.decode()


@pytest.mark.django_db
def test_login_throttled_after_repeated_failures(client, head_a, settings):
    head_a.set_password("correct-horse-battery")
    head_a.save()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "head_a", "password": "wrong"})
    # Even the right password is refused while the pair is locked.
    response = client.post(
        reverse("login"), {"username": "head_a", "password": "correct-horse-battery"}
    )
    assert response.status_code == 429
    assert "Вход временно заблокирован" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_lockout_is_per_username_and_ip(client, head_a, head_b, settings):
    head_b.set_password("another-good-password")
    head_b.save()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "head_a", "password": "wrong"})
    response = client.post(
        reverse("login"), {"username": "head_b", "password": "another-good-password"}
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_lockout_expires_after_cool_off(client, head_a, settings, monkeypatch):
    from datetime import timedelta

    from axes.models import AccessAttempt
    from django.utils import timezone

    head_a.set_password("correct-horse-battery")
    head_a.save()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "head_a", "password": "wrong"})
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(minutes=1)
    )
    response = client.post(
        reverse("login"), {"username": "head_a", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_password_reset_page_is_public_and_russian(client):
    response = client.get(reverse("password_reset"))
    assert response.status_code == 200
    assert "Восстановление пароля" in response.content.decode()


@pytest.mark.django_db
def test_logout_requires_post(client, head_a):
    client.force_login(head_a)
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session
