"""The obligation list in the Django admin: filters, and the actions «Отметить ход
выполнения», «Принять», «Вернуть на доработку» that go through the same services, rules and
history as the pages, driven through the admin client."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from obligations import services
from obligations.models import EventAction, EvidenceKind, Obligation, ObligationStatus

LIST = reverse("admin:obligations_obligation_changelist")


def submitted(obligation, head):
    services.add_evidence(
        obligation=obligation,
        by=head,
        kind=EvidenceKind.LINK,
        title="Страница о наставничестве",
        url="https://school.example.org/mentorship",
    )
    return services.submit(obligation=obligation, by=head)


def choose(client, action, obligations):
    """The list's action form: shows the confirmation page."""
    return client.post(
        LIST, {"action": action, ACTION_CHECKBOX_NAME: [o.pk for o in obligations], "index": 0}
    )


def confirm(client, action, obligations, **data):
    """The confirmation page submitted, with the revisions it showed."""
    fields = {"action": action, "apply": "1", ACTION_CHECKBOX_NAME: [o.pk for o in obligations]}
    fields.update({f"revision-{o.pk}": o.revision for o in obligations})
    return client.post(LIST, {**fields, **data}, follow=True)


def notes(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.django_db
def test_accept_asks_first_then_accepts_with_history_and_mail(
    administrator_client,
    administrator,
    one_off_a,
    one_off_b,
    head_a,
    head_b,
    django_capture_on_commit_callbacks,
):
    a, b = submitted(one_off_a, head_a), submitted(one_off_b, head_b)
    page = choose(administrator_client, "accept", [a, b])
    assert page.status_code == 200
    assert [o.pk for o in page.context["rows"]] == [a.pk, b.pk]
    assert Obligation.objects.get(pk=a.pk).status == ObligationStatus.SUBMITTED
    with django_capture_on_commit_callbacks(execute=True):
        response = confirm(administrator_client, "accept", [a, b], comment="Хорошо")
    assert response.redirect_chain == [(LIST, 302)]
    assert notes(response) == ["Изменено: 2. Пропущено: 0."]
    for obligation in (a, b):
        obligation.refresh_from_db()
        assert (obligation.status, obligation.reviewed_by) == (
            ObligationStatus.ACCEPTED,
            administrator,
        )
        event = obligation.events.latest("pk")
        assert (event.action, event.actor, event.comment) == (
            EventAction.ACCEPTED,
            administrator,
            "Хорошо",
        )
    assert len(mail.outbox) == 2  # the same review-outcome e-mail as the pages send


@pytest.mark.django_db
def test_return_requires_a_comment(administrator_client, one_off_a, head_a):
    a = submitted(one_off_a, head_a)
    response = confirm(administrator_client, "return_for_rework", [a], comment="  ")
    assert response.status_code == 200
    assert "Укажите, что нужно исправить." in response.content.decode()
    assert Obligation.objects.get(pk=a.pk).status == ObligationStatus.SUBMITTED
    response = confirm(administrator_client, "return_for_rework", [a], comment="Нет подписи")
    assert notes(response) == ["Изменено: 1. Пропущено: 0."]
    a.refresh_from_db()
    assert a.status == ObligationStatus.RETURNED
    assert a.events.latest("pk").comment == "Нет подписи"


@pytest.mark.django_db
def test_skipped_rows_are_counted_with_their_reasons(
    administrator_client, one_off_a, one_off_b, head_a, head_b
):
    a = submitted(one_off_a, head_a)
    not_submitted = one_off_b
    response = confirm(administrator_client, "accept", [a, not_submitted], comment="")
    [note] = notes(response)
    assert note == "Изменено: 1. Пропущено: 1. Причины: не на проверке (сейчас: «Не начато») — 1."


@pytest.mark.django_db
def test_a_row_changed_after_the_confirmation_page_is_skipped(
    administrator_client, office_user, one_off_a, head_a
):
    a = submitted(one_off_a, head_a)
    seen = Obligation.objects.get(pk=a.pk)
    services.return_for_rework(obligation=a, by=office_user, comment="Исправьте")
    a = submitted(Obligation.objects.get(pk=a.pk), head_a)  # resubmitted meanwhile
    response = confirm(administrator_client, "accept", [seen], comment="")
    [note] = notes(response)
    assert note.startswith("Изменено: 0. Пропущено: 1. Причины: Обязательство изменилось")
    assert Obligation.objects.get(pk=a.pk).status == ObligationStatus.SUBMITTED


@pytest.mark.django_db
def test_staff_use_the_admin_list_but_never_review_their_own_office(
    client, office_user, office, roadmap, one_off_a, head_a
):
    a = submitted(one_off_a, head_a)
    own = Obligation.objects.filter(organization=office, is_archived=False).first()
    services.add_evidence(
        obligation=own,
        by=office_user,
        kind=EvidenceKind.LINK,
        title="Отчёт",
        url="https://office.example.org/report",
    )
    own = services.submit(obligation=own, by=office_user)
    client.force_login(office_user)
    assert client.get(LIST).status_code == 200
    response = confirm(client, "accept", [a, own], comment="")
    [note] = notes(response)
    assert note == (
        "Изменено: 1. Пропущено: 1. Причины: Подтверждения своей организации проверяет "
        "другой сотрудник или администратор — 1."
    )
    assert Obligation.objects.get(pk=own.pk).status == ObligationStatus.SUBMITTED


@pytest.mark.django_db
def test_progress_is_marked_only_by_the_organization_itself(
    client, office_user, office, roadmap, one_off_a
):
    own = Obligation.objects.filter(organization=office, is_archived=False).first()
    client.force_login(office_user)
    response = confirm(
        client, "set_progress", [own, one_off_a], status=ObligationStatus.IN_PROGRESS
    )
    [note] = notes(response)
    assert note == (
        "Изменено: 1. Пропущено: 1. Причины: ход выполнения отмечает сама организация, пока "
        "обязательство открыто — 1."
    )
    own.refresh_from_db()
    assert own.status == ObligationStatus.IN_PROGRESS
    assert own.events.latest("pk").actor == office_user
    assert Obligation.objects.get(pk=one_off_a.pk).status == ObligationStatus.NOT_STARTED


@pytest.mark.django_db
def test_staff_see_only_their_subtree_and_nothing_else_of_the_admin(
    client, office_user, roadmap, region
):
    from organizations.models import Organization, OrganizationKind

    stranger = Organization.objects.create(
        name="Чужая школа", kind=OrganizationKind.SCHOOL, parent=region
    )
    client.force_login(office_user)
    listed = client.get(LIST).context["cl"].queryset
    assert stranger.pk not in set(listed.values_list("organization_id", flat=True))
    index = client.get(reverse("admin:index"))
    assert [m["object_name"] for app in index.context["app_list"] for m in app["models"]] == [
        "Obligation"
    ]
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 403


@pytest.mark.django_db
def test_heads_are_kept_out_of_the_admin(head_a_client):
    assert head_a_client.get(LIST).status_code == 302


@pytest.mark.django_db
def test_filters_by_roadmap_activity_year_status_and_organization(
    administrator_client, roadmap, office, school_a, one_off_a
):
    activity = one_off_a.responsibility.activity
    query = {
        "roadmap": roadmap.pk,
        "activity": activity.pk,
        "year": one_off_a.period_year or "",
        "status__exact": ObligationStatus.NOT_STARTED,
        "office": office.pk,
        "organization": school_a.pk,
    }
    query = {k: v for k, v in query.items() if v != ""}
    response = administrator_client.get(LIST, query)
    assert response.status_code == 200
    assert list(response.context["cl"].queryset) == [one_off_a]
    filters = {spec.title: spec for spec in response.context["cl"].filter_specs}
    activity_choices = [
        c["display"]
        for c in filters["мероприятию (выберите сначала дорожную карту)"].choices(
            response.context["cl"]
        )
    ]
    assert any(str(activity.title)[:20] in str(c) for c in activity_choices)


@pytest.mark.django_db
@pytest.mark.parametrize("schools", [1, 20])
def test_admin_list_query_count_fixed(
    administrator_client, office, roadmap, schools, django_assert_num_queries
):
    from obligations.tests.conftest import make_schools
    from organizations.services import ensure_organization

    for school in make_schools(office, schools, prefix="Ещё школа"):
        ensure_organization(name=school.name, kind=school.kind, parent=office)  # owes its share
    # session, user, roadmaps (filter), the roadmap's activities (filter), programmes' years
    # (filter), offices (filter), the filtered count, the total count, the page's rows
    with django_assert_num_queries(9):
        administrator_client.get(LIST, {"roadmap": roadmap.pk})
