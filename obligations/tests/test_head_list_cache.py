"""The head's list is served from the cache (obligations/head_list.py) and is never stale: each
way its content changes shows on the next request, and one organization never sees another's
list. Each test starts from a list already cached, so that a missing bump fails it."""

import datetime as dt
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from obligations import head_list, services
from obligations.models import EvidenceKind, Obligation, ObligationStatus
from obligations.sync import sync_obligations
from roadmap.models import Activity, Responsibility
from roadmap.services import update_deadline

from .test_head_day import COMMENT, returned

PAGE = reverse("obligations:my_organization")


@pytest.fixture(autouse=True)
def head_list_cache(settings):
    """The list cache on, in a cache of this test's own (primary keys repeat between tests
    after a rollback, so a shared cache could show one test another's "organization 5")."""
    settings.HEAD_LIST_CACHE = True
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"head-list-{uuid.uuid4().hex}",
        }
    }


def page(client):
    return client.get(PAGE).content.decode()


def from_cache(response):
    """Whether the list was served from the cache (it was not rendered: no list context)."""
    return "groups" not in response.context


def cached_page(client):
    """The page, rendered once and then served from the cache (asserted)."""
    assert not from_cache(client.get(PAGE))
    response = client.get(PAGE)
    assert from_cache(response)
    return response.content.decode()


@pytest.mark.django_db
def test_second_request_skips_the_list_queries(head_a_client, one_off_a, django_assert_num_queries):
    page(head_a_client)
    # session, user with organization, the bell: the obligations come from the cache
    with django_assert_num_queries(3):
        response = head_a_client.get(PAGE)
    assert one_off_a.get_absolute_url() in response.content.decode()


@pytest.mark.django_db
def test_cache_is_used(head_a_client, one_off_a):
    """A change past every service and signal is not seen: the page is the cached one (and
    so the tests below, each seeing its change, test the bumps)."""
    cached_page(head_a_client)
    Obligation.objects.filter(pk=one_off_a.pk).update(due_date=dt.date(2031, 1, 2))
    response = head_a_client.get(PAGE)
    assert from_cache(response)
    assert "02.01.2031" not in response.content.decode()


@pytest.mark.django_db
def test_two_organizations_never_share_a_list(client, head_a, head_b, one_off_a, one_off_b):
    client.force_login(head_a)
    page_a = cached_page(client)
    client.force_login(head_b)
    page_b = cached_page(client)
    assert one_off_a.get_absolute_url() in page_a
    assert one_off_a.get_absolute_url() not in page_b
    assert one_off_b.get_absolute_url() in page_b
    assert one_off_b.get_absolute_url() not in page_a


@pytest.mark.django_db
def test_submit_shows(head_a_client, head_a, one_off_a):
    assert 'data-testid="group-review"' in cached_page(head_a_client)
    services.add_evidence(
        obligation=one_off_a, by=head_a, kind=EvidenceKind.LINK, title="Сайт", url="https://a.ru"
    )
    services.submit(obligation=one_off_a, by=head_a)
    review = head_a_client.get(PAGE).context["groups"]["review"]["items"]
    assert review == [one_off_a]


@pytest.mark.django_db
def test_return_with_comment_shows(head_a_client, head_a, office_user, one_off_a):
    assert COMMENT not in cached_page(head_a_client)
    returned(one_off_a, head=head_a, reviewer=office_user)
    assert "Нет подписи руководителя." in page(head_a_client)


@pytest.mark.django_db
def test_accept_shows(head_a_client, head_a, office_user, one_off_a):
    services.add_evidence(
        obligation=one_off_a, by=head_a, kind=EvidenceKind.LINK, title="Сайт", url="https://a.ru"
    )
    services.submit(obligation=one_off_a, by=head_a)
    cached_page(head_a_client)
    services.accept(obligation=one_off_a, by=office_user)
    done = head_a_client.get(PAGE).context["groups"]["done"]["items"]
    assert [o.pk for o in done] == [one_off_a.pk]
    one_off_a.refresh_from_db()
    assert one_off_a.status == ObligationStatus.ACCEPTED


@pytest.mark.django_db
def test_redated_obligation_shows(head_a_client, administrator, one_off_a):
    cached_page(head_a_client)
    update_deadline(
        responsibility=one_off_a.responsibility,
        by=administrator,
        deadline_kind="fixed",
        end=dt.date(2031, 10, 15),
    )
    assert "15.10.2031" in page(head_a_client)


@pytest.mark.django_db
def test_sync_redating_past_the_roadmap_shows(head_a_client, one_off_a, roadmap):
    """sync_obligations alone (as `make sync` runs it) re-dates through rollup.Change."""
    cached_page(head_a_client)
    Responsibility.objects.filter(pk=one_off_a.responsibility_id).update(
        deadline_kind="fixed", end=dt.date(2031, 11, 16)
    )
    sync_obligations(roadmap=roadmap)
    assert "16.11.2031" in page(head_a_client)


@pytest.mark.django_db
def test_activity_text_correction_shows(head_a_client, one_off_a):
    cached_page(head_a_client)
    activity = Activity.objects.get(pk=one_off_a.responsibility.activity_id)
    activity.title = "Исправленное название мероприятия"
    activity.save()  # as the admin and the corrections save it
    assert "Исправленное название мероприятия" in page(head_a_client)


@pytest.mark.django_db
def test_next_day_moves_obligations_between_urgency_groups(head_a_client, one_off_a, monkeypatch):
    due = dt.date(2031, 3, 1)
    Obligation.objects.filter(pk=one_off_a.pk).update(due_date=due)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: due)
    cached_page(head_a_client)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: due + dt.timedelta(1))
    overdue = head_a_client.get(PAGE).context["groups"]["overdue"]["items"]
    assert one_off_a in overdue


@pytest.mark.django_db
def test_each_language_has_its_own_list(one_off_a):
    today = timezone.localdate()
    with translation.override("ru"):
        assert head_list.cached(one_off_a.organization_id, today, lambda: "ru") == "ru"
    with translation.override("en"):
        assert head_list.cached(one_off_a.organization_id, today, lambda: "en") == "en"
    with translation.override("ru"):
        assert head_list.cached(one_off_a.organization_id, today, lambda: "??") == "ru"


@pytest.mark.django_db
def test_evicted_version_renders_again(one_off_a):
    today = timezone.localdate()
    assert head_list.cached(one_off_a.organization_id, today, lambda: "old") == "old"
    from django.core.cache import cache

    cache.delete(head_list.SHARED_KEY)
    assert head_list.cached(one_off_a.organization_id, today, lambda: "new") == "new"


@pytest.mark.django_db
def test_obligations_created_by_sync_show(head_a_client, one_off_a, roadmap):
    """sync creates with bulk_create (no signals): rollup.Change.apply() bumps."""
    url = one_off_a.get_absolute_url()
    Obligation.objects.filter(pk=one_off_a.pk).delete()
    assert url not in cached_page(head_a_client)
    sync_obligations(roadmap=roadmap)
    recreated = Obligation.objects.get(
        organization=one_off_a.organization, responsibility=one_off_a.responsibility
    )
    assert recreated.get_absolute_url() in page(head_a_client)


@pytest.mark.django_db
def test_versions_are_bumped_again_on_commit(one_off_a, django_capture_on_commit_callbacks):
    """A reader between the change and its commit may store what it read before the commit
    under the new version: the bump on commit makes that copy unused."""
    today = timezone.localdate()
    with django_capture_on_commit_callbacks() as callbacks:
        head_list.organizations_changed([one_off_a.organization_id])
        head_list.cached(one_off_a.organization_id, today, lambda: "read before the commit")
    assert len(callbacks) == 1
    callbacks[0]()
    assert head_list.cached(one_off_a.organization_id, today, lambda: "after") == "after"


@pytest.mark.django_db
def test_on_redis_as_in_production(redis_cache, client, head_a, head_b, office_user, one_off_a):
    """The same with django-redis (pickled values, get_many over the network)."""
    client.force_login(head_a)
    cached_page(client)
    returned(one_off_a, head=head_a, reviewer=office_user)
    assert "Нет подписи руководителя." in page(client)
    client.force_login(head_b)
    assert one_off_a.get_absolute_url() not in cached_page(client)
