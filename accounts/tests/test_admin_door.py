"""The Django admin as a second door for people and organizations: the same rules and the
same history as the portal's pages; a deactivated account is signed out at once."""

import pytest
from django.urls import reverse

from accounts.models import Role, UserAction
from organizations.models import OrganizationAction


def user_change_data(user, **overrides):
    return {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on" if user.is_active else "",
        "role": user.role,
        "organization": user.organization_id or "",
        "middle_name": "",
        "position": "",
        "date_joined_0": "01.01.2024",
        "date_joined_1": "00:00:00",
        **overrides,
    }


@pytest.mark.django_db
def test_role_change_in_the_admin_is_in_the_history(
    administrator_client, administrator, head_a, office
):
    url = reverse("admin:accounts_user_change", args=[head_a.pk])
    data = user_change_data(head_a, role=Role.OFFICE, organization=office.pk, is_active="")
    response = administrator_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    events = list(head_a.events.order_by("pk").values_list("action", "actor", "after"))
    assert events == [
        (
            UserAction.ROLE_CHANGED,
            administrator.pk,
            "Сотрудник управления образования, Управление образования",
        ),
        (UserAction.DEACTIVATED, administrator.pk, ""),
    ]


@pytest.mark.django_db
def test_a_loop_in_the_admin_is_a_form_error(administrator_client, office, school_a):
    url = reverse("admin:organizations_organization_change", args=[office.pk])
    data = {
        "name": office.name,
        "short_name": office.short_name,
        "kind": office.kind,
        "parent": school_a.pk,
        "is_active": "on",
    }
    response = administrator_client.post(url, data)
    assert response.status_code == 200
    assert "подчинить ей самой или её подчинённой" in response.content.decode()
    office.refresh_from_db()
    assert office.parent_id != school_a.pk


@pytest.mark.django_db
def test_an_admin_edit_of_an_organization_is_in_its_history(
    administrator_client, administrator, school_a
):
    url = reverse("admin:organizations_organization_change", args=[school_a.pk])
    data = {
        "name": school_a.name,
        "short_name": "Школа А",
        "kind": school_a.kind,
        "parent": school_a.parent_id,
        "is_active": "on",
    }
    assert administrator_client.post(url, data).status_code == 302
    event = school_a.events.get()
    assert (event.action, event.actor, event.changes) == (
        OrganizationAction.CHANGED,
        administrator,
        [["short_name", "", "Школа А"]],
    )


@pytest.mark.django_db
def test_a_deactivated_head_is_signed_out(client, head_a, office_user):
    from accounts.services import set_active

    client.force_login(head_a)
    assert client.get(reverse("obligations:my_organization")).status_code == 200
    set_active(user=head_a, by=office_user, active=False)
    assert client.get(reverse("obligations:my_organization")).status_code == 302
