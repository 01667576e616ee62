from unittest import mock

import pytest
from django.db import DatabaseError
from django.urls import reverse


@pytest.mark.django_db
def test_healthz_answers_200_with_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"database: ok\n"


@pytest.mark.django_db
def test_healthz_answers_503_without_database(client):
    with mock.patch(
        "mentorship_portal.views.connection.cursor", side_effect=DatabaseError("down")
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content == b"database: unavailable\n"


@pytest.mark.django_db
def test_pages_require_login(client):
    response = client.get(reverse("organizations:list"))
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/organizations/"


@pytest.mark.django_db
def test_404_page_in_russian(office_client):
    response = office_client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Страница не найдена" in response.content.decode()


def test_login_page_is_russian_and_uses_local_bootstrap(client, db):
    response = client.get("/accounts/login/")
    html = response.content.decode()
    assert "Вход в портал" in html
    assert "/static/bootstrap/css/bootstrap.min.css" in html
    assert "cdn" not in html.lower()


def test_500_page_in_russian(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Внутренняя ошибка сервера" in response.content.decode()


@pytest.mark.django_db
def test_403_page_in_russian(head_a_client):
    response = head_a_client.get(reverse("organizations:list"))
    assert response.status_code == 403
    assert "Доступ запрещён" in response.content.decode()
