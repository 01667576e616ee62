"""Lists remember their filters per user (mentorship_portal/lists.py) and paginate within
bounds: through the views, with the role checks."""

import pytest
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from model_bakery import baker

from mentorship_portal.lists import MAX_LISTS, SESSION_KEY, remember_filters
from organizations.models import Organization, OrganizationKind
from organizations.views import PAGE_SIZE

pytestmark = pytest.mark.django_db

LIST = "organizations:list"


def test_returning_to_a_list_restores_its_filters(office_client, school_a, school_b):
    url = reverse(LIST)
    chosen = office_client.get(url, {"q": "Школа Б", "kind": "school", "page": "1"})
    assert [o.name for o in chosen.context["page"]] == [school_b.name]
    assert 'data-testid="filter-reset"' in chosen.content.decode()

    back = office_client.get(url)
    assert back.status_code == 302
    assert back["Location"] == f"{url}?q=%D0%A8%D0%BA%D0%BE%D0%BB%D0%B0+%D0%91&kind=school"
    restored = office_client.get(back["Location"])
    assert [o.name for o in restored.context["page"]] == [school_b.name]
    assert restored.context["filter"].form["q"].value() == "Школа Б"  # the filters show it


def test_reset_forgets_the_filters(office_client, school_a, school_b):
    url = reverse(LIST)
    office_client.get(url, {"q": "Школа Б"})
    reset = office_client.get(url, {"reset": "1"})
    assert reset["Location"] == url
    page = office_client.get(url)
    assert page.status_code == 200
    assert len(page.context["page"].object_list) >= 2
    assert 'data-testid="filter-reset"' not in page.content.decode()


def test_sending_the_form_emptied_forgets_the_filters(office_client, school_a, school_b):
    url = reverse(LIST)
    office_client.get(url, {"q": "Школа Б"})
    office_client.get(url, {"q": "", "kind": "", "is_active": ""})
    assert office_client.get(url).status_code == 200


def test_filters_are_each_users_own(client, office_user, administrator, school_a, school_b):
    url = reverse(LIST)
    client.force_login(office_user)
    client.get(url, {"q": "Школа Б"})
    client.force_login(administrator)  # a new session
    assert client.get(url).status_code == 200
    client.force_login(office_user)
    assert client.get(url).status_code == 200  # logging in again starts afresh


def test_each_list_remembers_its_own(office_client, school_a, school_b):
    office_client.get(reverse(LIST), {"q": "Школа Б"})
    office_client.get(reverse("obligations:review_queue"), {"sort": "organization"})
    assert office_client.get(reverse(LIST))["Location"].endswith(
        "?q=%D0%A8%D0%BA%D0%BE%D0%BB%D0%B0+%D0%91"
    )
    queue = office_client.get(reverse("obligations:review_queue"))
    assert queue["Location"] == reverse("obligations:review_queue") + "?sort=organization"


def test_a_head_is_refused_before_anything_is_remembered(head_a_client):
    url = reverse("obligations:review_queue")
    assert head_a_client.get(url, {"sort": "organization"}).status_code == 403
    assert SESSION_KEY not in head_a_client.session


def test_the_session_holds_a_bounded_number_of_lists(office_user):
    view = remember_filters(lambda request: HttpResponse("ok"))
    factory = RequestFactory()
    session = None
    for number in range(MAX_LISTS + 5):
        request = factory.get(f"/list-{number}/", {"q": "x"})
        request.user = office_user
        if session is None:
            SessionMiddleware(lambda r: None).process_request(request)
            session = request.session
        request.session = session
        view(request)
    remembered = session[SESSION_KEY]
    assert len(remembered) == MAX_LISTS
    assert "/list-0/" not in remembered and f"/list-{MAX_LISTS + 4}/" in remembered


def test_pagination_is_bounded(office_client, office):
    baker.make(Organization, kind=OrganizationKind.SCHOOL, parent=office, _quantity=PAGE_SIZE + 3)
    url = reverse(LIST)
    first = office_client.get(url)
    assert len(first.context["page"].object_list) == PAGE_SIZE
    assert "Страница 1 из 2" in first.content.decode()
    beyond = office_client.get(url, {"page": "999"})
    assert beyond.context["page"].number == 2  # past the end: the last page, not an error
    assert 0 < len(beyond.context["page"].object_list) <= PAGE_SIZE
    junk = office_client.get(url, {"page": "abc"})
    assert (junk.status_code, junk.context["page"].number) == (200, 1)
