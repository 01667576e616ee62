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
    with mock.patch("mentorship_portal.views.connection.cursor", side_effect=DatabaseError("down")):
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


# --- issue 9, finding 10: Russian 400 and 413 ---------------------------------------------


@pytest.mark.django_db
def test_a_wrong_host_gets_a_russian_400(client):
    response = client.get("/", HTTP_HOST="attacker.example")
    assert response.status_code == 400
    text = response.content.decode()
    assert "Неверный запрос" in text and "Bad Request" not in text


@pytest.mark.django_db
def test_an_over_size_body_gets_a_russian_413(client, settings):
    body = {"username": "x", "password": "y" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)}
    response = client.post("/accounts/login/", body)
    assert response.status_code == 413
    assert "Отправленные данные больше допустимых 5 МБ" in response.content.decode()


@pytest.mark.django_db
def test_too_many_fields_get_the_413_page_too(client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    response = client.post("/accounts/login/", {f"f{n}": "1" for n in range(20)})
    assert response.status_code == 413
