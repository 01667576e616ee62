"""Staff manage organizations in the portal: add, edit, move within their own subtree, close
and reopen, with the history on the organization's page; role checks and foreign 404s."""

import pytest
from django.urls import reverse
from model_bakery import baker

from accounts.models import Role
from organizations import services
from organizations.models import Organization, OrganizationAction, OrganizationKind


@pytest.fixture
def other_office(region):
    return baker.make(
        Organization,
        name="Управление образования Кожевниковского района",
        kind=OrganizationKind.DISTRICT_OFFICE,
        parent=region,
    )


@pytest.fixture
def other_school(other_office):
    return baker.make(
        Organization,
        name="МБОУ «Кожевниковская СОШ»",
        kind=OrganizationKind.SCHOOL,
        parent=other_office,
    )


@pytest.fixture
def other_office_user(other_office):
    return baker.make(
        "accounts.User", username="other", role=Role.OFFICE, organization=other_office
    )


@pytest.fixture
def region_user(region):
    return baker.make("accounts.User", username="region", role=Role.OFFICE, organization=region)


def form_data(**overrides):
    return {
        "name": "МБОУ «Новая школа»",
        "short_name": "Новая школа",
        "kind": OrganizationKind.SCHOOL,
        "municipality": "Томский район",
        "head_name": "Петров П. П.",
        "email": "new@example.org",
        "phone": "",
        "website": "",
        **overrides,
    }


# --- Services ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_create_records_who_and_what(office, office_user):
    school = services.create_organization(
        by=office_user, name="МБОУ «Новая школа»", kind=OrganizationKind.SCHOOL, parent=office
    )
    event = school.events.get()
    assert (event.action, event.actor) == (OrganizationAction.CREATED, office_user)
    assert event.changes == [
        ["name", "", "МБОУ «Новая школа»"],
        ["kind", "", "Общеобразовательная организация"],
        ["parent", "", "Управление образования"],
        ["is_active", "", "действует"],
    ]


@pytest.mark.django_db
def test_staff_cannot_add_outside_their_subtree(office_user, other_office, region):
    for parent in (other_office, region, None):
        with pytest.raises(services.OrganizationError):
            services.create_organization(
                by=office_user, name="Чужая", kind=OrganizationKind.SCHOOL, parent=parent
            )
    assert not Organization.objects.filter(name="Чужая").exists()


@pytest.mark.django_db
def test_update_records_each_changed_field(office_user, school_a):
    services.update_organization(
        organization=school_a, by=office_user, head_name="Иванов И. И.", phone="123"
    )
    services.update_organization(organization=school_a, by=office_user, phone="123")  # no change
    event = school_a.events.get()
    assert event.action == OrganizationAction.CHANGED
    assert event.changes == [["head_name", "", "Иванов И. И."], ["phone", "", "123"]]
    assert [row[0] for row in event.change_rows()] == ["ФИО руководителя", "телефон"]


@pytest.mark.django_db
def test_region_staff_move_a_school_between_its_districts(region_user, school_a, other_office):
    services.update_organization(organization=school_a, by=region_user, parent=other_office)
    school_a.refresh_from_db()
    assert school_a.parent == other_office
    event = school_a.events.get()
    assert event.action == OrganizationAction.MOVED
    assert event.changes == [["parent", "Управление образования", other_office.name]]


@pytest.mark.django_db
def test_district_staff_cannot_move_a_school_out_of_their_district(
    office_user, school_a, other_office, other_office_user
):
    with pytest.raises(services.OrganizationError, match="в пределах своего подразделения"):
        services.update_organization(organization=school_a, by=office_user, parent=other_office)
    with pytest.raises(services.OrganizationError, match="не можете"):
        services.update_organization(organization=school_a, by=other_office_user, phone="1")
    school_a.refresh_from_db()
    assert (school_a.parent_id, school_a.phone) != (other_office.pk, "1")
    assert not school_a.events.exists()


@pytest.mark.django_db
def test_staff_cannot_change_their_own_office(office_user, office):
    with pytest.raises(services.OrganizationError):
        services.update_organization(organization=office, by=office_user, phone="1")


@pytest.mark.django_db
def test_no_loops_and_no_deeper_than_the_tree_allows(administrator, region, office, school_a):
    with pytest.raises(services.OrganizationError, match="подчинённой"):
        services.update_organization(organization=office, by=administrator, parent=school_a)
    branch = services.create_organization(
        by=administrator, name="Филиал", kind=OrganizationKind.SCHOOL, parent=school_a
    )
    with pytest.raises(services.OrganizationError, match="глубже"):
        services.create_organization(
            by=administrator, name="Пятый уровень", kind=OrganizationKind.SCHOOL, parent=branch
        )
    other_region = baker.make(
        Organization, name="Другой регион", kind=OrganizationKind.REGIONAL_MINISTRY
    )
    with pytest.raises(services.OrganizationError, match="глубже"):
        services.update_organization(organization=region, by=administrator, parent=other_region)


@pytest.mark.django_db
def test_close_and_reopen(office_user, school_a):
    services.deactivate_organization(organization=school_a, by=office_user)
    services.reactivate_organization(organization=school_a, by=office_user)
    actions = list(school_a.events.order_by("pk").values_list("action", "changes"))
    assert actions == [
        (OrganizationAction.DEACTIVATED, [["is_active", "действует", "закрыта"]]),
        (OrganizationAction.REACTIVATED, [["is_active", "закрыта", "действует"]]),
    ]


@pytest.mark.django_db
def test_an_office_with_active_schools_is_not_closed(administrator, office, school_a):
    with pytest.raises(services.OrganizationError, match="подчинённые"):
        services.deactivate_organization(organization=office, by=administrator)
    office.refresh_from_db()
    assert office.is_active


# --- Pages ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_staff_add_an_organization_through_the_page(office_client, office):
    response = office_client.post(
        reverse("organizations:add"), form_data(parent=office.pk), follow=True
    )
    school = Organization.objects.get(name="МБОУ «Новая школа»")
    assert response.redirect_chain == [(school.get_absolute_url(), 302)]
    assert school.parent == office
    history = response.context["events"]
    assert [e.get_action_display() for e in history] == ["Добавлена"]
    assert "Петров П. П." in response.content.decode()


@pytest.mark.django_db
def test_the_add_form_offers_only_the_own_subtree(office_client, office, school_a, other_office):
    form = office_client.get(reverse("organizations:add")).context["form"]
    assert set(form.fields["parent"].queryset) == {office, school_a}
    response = office_client.post(reverse("organizations:add"), form_data(parent=other_office.pk))
    assert response.status_code == 400
    assert "Выберите корректный вариант" in response.content.decode()
    assert not Organization.objects.filter(name="МБОУ «Новая школа»").exists()


@pytest.mark.django_db
def test_bad_input_keeps_what_was_typed(office_client, office):
    response = office_client.post(
        reverse("organizations:add"), form_data(parent=office.pk, email="not-an-address")
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Введите правильный адрес электронной почты." in page
    assert "Петров П. П." in page


@pytest.mark.django_db
def test_duplicate_name_under_the_same_parent_is_a_russian_message(office_client, office, school_a):
    response = office_client.post(
        reverse("organizations:add"), form_data(name=school_a.name, parent=office.pk)
    )
    assert response.status_code == 400
    assert "уже существует" in response.content.decode()


@pytest.mark.django_db
def test_edit_page_changes_and_shows_history(office_client, office_user, school_a):
    url = reverse("organizations:edit", args=[school_a.pk])
    data = form_data(
        name=school_a.name, short_name="", parent=school_a.parent_id, head_name="Сидоров"
    )
    response = office_client.post(url, data, follow=True)
    assert response.redirect_chain == [(school_a.get_absolute_url(), 302)]
    page = response.content.decode()
    assert "Изменены сведения" in page and "Сидоров" in page
    event = school_a.events.get()
    assert event.actor == office_user


@pytest.mark.django_db
def test_other_districts_staff_get_404(client, other_office_user, school_a):
    client.force_login(other_office_user)
    for name in ("detail", "edit"):
        assert client.get(reverse(f"organizations:{name}", args=[school_a.pk])).status_code == 404
    for name in ("deactivate", "reactivate"):
        assert client.post(reverse(f"organizations:{name}", args=[school_a.pk])).status_code == 404
    school_a.refresh_from_db()
    assert school_a.is_active


@pytest.mark.django_db
def test_own_office_is_read_only_for_its_staff(office_client, office):
    assert office_client.get(reverse("organizations:edit", args=[office.pk])).status_code == 403
    page = office_client.get(reverse("organizations:detail", args=[office.pk])).content.decode()
    assert reverse("organizations:edit", args=[office.pk]) not in page


@pytest.mark.django_db
def test_heads_cannot_manage(head_a_client, school_a):
    assert head_a_client.get(reverse("organizations:add")).status_code == 403
    assert (
        head_a_client.post(reverse("organizations:deactivate", args=[school_a.pk])).status_code
        == 403
    )


@pytest.mark.django_db
def test_close_button_refuses_with_a_message(administrator_client, office, school_a):
    response = administrator_client.post(
        reverse("organizations:deactivate", args=[office.pk]), {"confirmed": "1"}, follow=True
    )
    assert "сначала закройте или перенесите их" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 30])
def test_detail_query_count_fixed(
    office_client, school_a, office_user, count, django_assert_num_queries
):
    for number in range(count):
        services.update_organization(organization=school_a, by=office_user, phone=str(number))
    # session, user, organization with parent, editable check, children count, events with actors,
    # the bell
    with django_assert_num_queries(7):
        office_client.get(reverse("organizations:detail", args=[school_a.pk]))
