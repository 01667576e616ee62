"""The portal's Russian error pages, also with DEBUG on (a development or demo server)."""

import pytest
from django.http import HttpResponse
from django.urls import path, reverse

from mentorship_portal.urls import urlpatterns as portal_urlpatterns


def broken_view(request):
    raise RuntimeError("a bug")


def fine_view(request):
    return HttpResponse("fine")


# The portal's URLs plus one view with a bug (used with pytest.mark.urls below).
urlpatterns = [*portal_urlpatterns, path("broken/", broken_view), path("fine/", fine_view)]


@pytest.fixture
def debug(settings):
    settings.DEBUG = True
    settings.DEBUG_TECHNICAL_ERRORS = False
    return settings


@pytest.mark.django_db
def test_unknown_address_answers_russian_404_in_debug(debug, head_a_client):
    response = head_a_client.get("/no-such-page/")
    assert response.status_code == 404
    text = response.content.decode()
    assert "Страница не найдена" in text
    assert "URLconf" not in text and "Page not found" not in text


@pytest.mark.django_db
def test_foreign_object_answers_russian_404_in_debug(debug, head_a_client, school_b):
    response = head_a_client.get(reverse("obligations:organization_zip", args=[school_b.pk]))
    assert response.status_code == 404
    assert "Страница не найдена" in response.content.decode()


@pytest.mark.django_db
def test_wrong_role_answers_russian_403_in_debug(debug, head_a_client):
    response = head_a_client.get(reverse("obligations:summary"))
    assert response.status_code == 403
    assert "Доступ запрещён" in response.content.decode()


@pytest.mark.django_db
def test_missing_slash_still_redirects_in_debug(debug, head_a_client):
    response = head_a_client.get("/obligations/my")
    assert response.status_code == 301
    assert response["Location"] == "/obligations/my/"


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_bug_answers_russian_500_in_debug_and_is_logged(debug, client, administrator, caplog):
    client.force_login(administrator)
    response = client.get("/broken/")
    assert response.status_code == 500
    assert "Внутренняя ошибка сервера" in response.content.decode()
    assert any(record.exc_info and "a bug" in str(record.exc_info[1]) for record in caplog.records)


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_working_view_unaffected_in_debug(debug, client, administrator):
    client.force_login(administrator)
    assert client.get("/fine/").content == b"fine"


@pytest.mark.django_db
def test_developers_can_ask_for_djangos_technical_pages(debug, head_a_client):
    debug.DEBUG_TECHNICAL_ERRORS = True
    response = head_a_client.get("/no-such-page/")
    assert response.status_code == 404
    assert "URLconf" in response.content.decode()


@pytest.mark.django_db
def test_production_404_is_russian(head_a_client):
    response = head_a_client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Страница не найдена" in response.content.decode()
