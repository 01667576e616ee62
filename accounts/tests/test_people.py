"""Staff manage people in the portal: invite a head by e-mail with a link to set the
password, send it again, reset, deactivate, change the role, with the history on the
person's page; the link's used and expired states; role checks and foreign 404s."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from model_bakery import baker

from accounts import services
from accounts.links import LinkState, tokens
from accounts.models import Role, User, UserAction
from organizations.models import Organization, OrganizationKind


@pytest.fixture
def other_office(region):
    return baker.make(
        Organization,
        name="Управление образования Кожевниковского района",
        kind=OrganizationKind.DISTRICT_OFFICE,
        parent=region,
    )


@pytest.fixture
def other_office_user(other_office):
    return baker.make(
        "accounts.User", username="other", role=Role.OFFICE, organization=other_office
    )


def link_in(message):
    return re.search(r"http://\S+", message.body).group(0)


def invite(by, school, email="new.head@example.org", **extra):
    return services.invite_user(
        by=by,
        email=email,
        organization=school,
        last_name="Новикова",
        first_name="Анна",
        **extra,
    )


# --- Services ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_invitation_creates_a_user_without_password_and_mails_a_link(
    office_user, school_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user = invite(office_user, school_a, email=" New.Head@Example.org ")
    assert (user.username, user.email, user.role) == (
        "new.head@example.org",
        "new.head@example.org",
        Role.SCHOOL_HEAD,
    )
    assert (user.organization, user.has_usable_password(), user.is_active) == (
        school_a,
        False,
        True,
    )
    [message] = mail.outbox
    assert message.to == ["new.head@example.org"]
    assert message.subject == "Приглашение в портал «Наставничество»"
    assert "Ссылка действует 7 дн." in message.body
    event = user.events.get()
    assert (event.action, event.actor, event.after) == (
        UserAction.INVITED,
        office_user,
        "Руководитель организации, МБОУ «Школа А»",
    )


@pytest.mark.django_db
def test_no_mail_when_the_invitation_fails(
    office_user, head_a, school_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(services.AccountError, match="уже есть"):
            invite(office_user, school_a, email="A@example.org")
    assert mail.outbox == []


@pytest.mark.django_db
def test_staff_cannot_invite_an_administrator_nor_outside_their_subtree(
    office_user, administrator, school_a, other_office
):
    with pytest.raises(services.AccountError, match="Администратор"):
        invite(office_user, school_a, role=Role.ADMIN)
    with pytest.raises(services.AccountError, match="своего подразделения"):
        invite(office_user, other_office)
    assert not User.objects.filter(email="new.head@example.org").exists()
    admin = invite(administrator, None, role=Role.ADMIN)
    assert (admin.is_staff, admin.is_superuser) == (True, True)


@pytest.mark.django_db
def test_resend_invalidates_the_earlier_link(
    office_user, school_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user = invite(office_user, school_a)
    first = link_in(mail.outbox[0]).rstrip("/").split("/")[-1]
    assert tokens.state(user, first) == LinkState.VALID
    with django_capture_on_commit_callbacks(execute=True):
        services.resend_invitation(user=user, by=office_user)
    user.refresh_from_db()
    assert tokens.state(user, first) == LinkState.USED
    second = link_in(mail.outbox[1]).rstrip("/").split("/")[-1]
    assert tokens.state(user, second) == LinkState.VALID
    assert [e.action for e in user.events.order_by("pk")] == [
        UserAction.INVITED,
        UserAction.INVITATION_RESENT,
    ]


@pytest.mark.django_db
def test_resend_is_refused_once_a_password_is_set(office_user, head_a):
    head_a.set_password("x-Very-long-1")
    head_a.save()
    with pytest.raises(services.AccountError, match="уже задал пароль"):
        services.resend_invitation(user=head_a, by=office_user)


@pytest.mark.django_db
def test_role_changes_within_what_the_actor_may_grant(office_user, administrator, head_a, office):
    services.change_role(user=head_a, by=office_user, role=Role.OFFICE, organization=office)
    with pytest.raises(services.AccountError, match="Администратор"):
        services.change_role(user=head_a, by=office_user, role=Role.ADMIN, organization=office)
    services.change_role(user=head_a, by=administrator, role=Role.ADMIN, organization=office)
    head_a.refresh_from_db()
    assert (head_a.role, head_a.is_staff, head_a.is_superuser) == (Role.ADMIN, True, True)
    # Now an administrator: staff may no longer touch the account at all.
    with pytest.raises(services.AccountError, match="не можете"):
        services.set_active(user=head_a, by=office_user, active=False)
    events = list(head_a.events.order_by("pk").values_list("before", "after"))
    assert events == [
        (
            "Руководитель организации, МБОУ «Школа А»",
            "Сотрудник управления образования, Управление образования",
        ),
        (
            "Сотрудник управления образования, Управление образования",
            "Администратор, Управление образования",
        ),
    ]


@pytest.mark.django_db
def test_nobody_manages_their_own_account(office_user):
    with pytest.raises(services.AccountError):
        services.set_active(user=office_user, by=office_user, active=False)


# --- The link ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_invited_head_sets_a_password_once_and_signs_in(
    client, office_user, school_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user = invite(office_user, school_a)
    link = link_in(mail.outbox[0]).removeprefix("http://127.0.0.1:8000")
    form_page = client.get(link, follow=True)
    assert (
        "Имя пользователя для входа: <strong>new.head@example.org</strong>"
        in form_page.content.decode()
    )
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Наставник-2026!", "new_password2": "Наставник-2026!"},
        follow=True,
    )
    assert done.redirect_chain[-1][0] == reverse("login")
    assert "Пароль задан." in done.content.decode()
    signed_in = client.post(
        reverse("login"), {"username": "new.head@example.org", "password": "Наставник-2026!"}
    )
    assert signed_in.status_code == 302
    assert client.get(reverse("home")).wsgi_request.user == user
    assert UserAction.PASSWORD_SET in user.events.values_list("action", flat=True)
    client.logout()
    again = client.get(link, follow=True).content.decode()
    assert "Эта ссылка уже использована" in again


@pytest.mark.django_db
def test_expired_link_says_so(
    client, office_user, school_a, settings, django_capture_on_commit_callbacks, monkeypatch
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(office_user, school_a)
    link = link_in(mail.outbox[0]).removeprefix("http://127.0.0.1:8000")
    later = tokens._now() + dt.timedelta(days=settings.SET_PASSWORD_LINK_DAYS, hours=1)
    monkeypatch.setattr(tokens, "_now", lambda: later)
    page = client.get(link).content.decode()
    assert "Срок действия ссылки истёк (она действует 7 дн.)" in page


@pytest.mark.django_db
def test_a_deactivated_account_cannot_use_its_link(
    client, office_user, school_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user = invite(office_user, school_a)
    services.set_active(user=user, by=office_user, active=False)
    link = link_in(mail.outbox[0]).removeprefix("http://127.0.0.1:8000")
    assert "Ссылка недействительна" in client.get(link).content.decode()


# --- Pages ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_invite_page(office_client, school_a, django_capture_on_commit_callbacks):
    data = {
        "last_name": "Новикова",
        "first_name": "Анна",
        "email": "anna@example.org",
        "role": Role.SCHOOL_HEAD,
        "organization": school_a.pk,
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = office_client.post(reverse("people:invite"), data, follow=True)
    user = User.objects.get(email="anna@example.org")
    assert response.redirect_chain == [(reverse("people:detail", args=[user.pk]), 302)]
    page = response.content.decode()
    assert "Приглашение отправлено на anna@example.org" in page
    assert "Приглашён" in page and "не задан (приглашение не принято)" in page
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_invite_page_offers_no_administrator_role_to_staff(client, office_user, administrator):
    def roles(user):
        client.force_login(user)
        form = client.get(reverse("people:invite")).context["form"]
        return [value for value, _label in form.fields["role"].choices]

    assert roles(office_user) == [Role.OFFICE, Role.SCHOOL_HEAD]
    assert roles(administrator) == [Role.ADMIN, Role.OFFICE, Role.SCHOOL_HEAD]


@pytest.mark.django_db
def test_invite_errors_keep_input(office_client, head_a, school_a):
    data = {
        "last_name": "Новикова",
        "first_name": "Анна",
        "email": "a@example.org",
        "role": Role.SCHOOL_HEAD,
        "organization": school_a.pk,
    }
    response = office_client.post(reverse("people:invite"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Пользователь с адресом a@example.org уже есть" in page
    assert 'value="Новикова"' in page


@pytest.mark.django_db
def test_person_page_actions_and_history(office_client, office_user, head_a, school_b):
    url = reverse("people:detail", args=[head_a.pk])
    office_client.post(reverse("people:deactivate", args=[head_a.pk]), {"confirmed": "1"})
    head_a.refresh_from_db()
    assert not head_a.is_active
    office_client.post(reverse("people:reactivate", args=[head_a.pk]))
    office_client.post(
        reverse("people:change_role", args=[head_a.pk]),
        {"role": Role.SCHOOL_HEAD, "organization": school_b.pk},
    )
    head_a.refresh_from_db()
    assert (head_a.is_active, head_a.organization) == (True, school_b)
    page = office_client.get(url).content.decode()
    for text in ("Учётная запись отключена", "Учётная запись включена", "Изменена роль"):
        assert text in page


@pytest.mark.django_db
def test_staff_cannot_grant_administrator_through_the_page(office_client, head_a, office):
    response = office_client.post(
        reverse("people:change_role", args=[head_a.pk]),
        {"role": Role.ADMIN, "organization": office.pk},
    )
    assert response.status_code == 400
    head_a.refresh_from_db()
    assert head_a.role == Role.SCHOOL_HEAD


@pytest.mark.django_db
def test_reset_sends_a_link(office_client, head_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        office_client.post(reverse("people:send_reset", args=[head_a.pk]))
    [message] = mail.outbox
    assert message.subject == "Смена пароля в портале «Наставничество»"
    assert "/accounts/set-password/" in message.body


@pytest.mark.django_db
def test_other_districts_staff_get_404(client, other_office_user, head_a):
    client.force_login(other_office_user)
    assert client.get(reverse("people:detail", args=[head_a.pk])).status_code == 404
    for name in ("deactivate", "send_reset", "resend_invitation", "change_role"):
        assert client.post(reverse(f"people:{name}", args=[head_a.pk])).status_code == 404
    head_a.refresh_from_db()
    assert head_a.is_active


@pytest.mark.django_db
def test_staff_see_administrators_but_cannot_manage_them(office_client, administrator):
    response = office_client.get(reverse("people:detail", args=[administrator.pk]))
    assert response.context["may_manage"] is False
    assert (
        office_client.post(reverse("people:deactivate", args=[administrator.pk])).status_code == 403
    )


@pytest.mark.django_db
def test_user_list_filters(office_client, head_a, head_b, office_user, school_a):
    url = reverse("people:list")
    names = lambda response: [u.username for u in response.context["page"]]  # noqa: E731
    assert names(office_client.get(url, {"role": Role.SCHOOL_HEAD})) == ["head_a", "head_b"]
    assert names(office_client.get(url, {"organization": school_a.pk})) == ["head_a"]
    assert names(office_client.get(url, {"q": "b@example"})) == ["head_b"]
    head_b.is_active = False
    head_b.save()
    assert names(office_client.get(url, {"is_active": "false"})) == ["head_b"]


@pytest.mark.django_db
def test_user_list_shows_only_the_own_subtree(client, other_office_user, head_a):
    client.force_login(other_office_user)
    response = client.get(reverse("people:list"))
    assert [u.username for u in response.context["page"]] == ["other"]


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 30])
def test_user_list_query_count_fixed(office_client, school_a, count, django_assert_num_queries):
    baker.make(User, role=Role.SCHOOL_HEAD, organization=school_a, _quantity=count)
    # session, user, count, page of users with organizations, the bell
    with django_assert_num_queries(5):
        office_client.get(reverse("people:list"))


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 30])
def test_person_page_query_count_fixed(
    office_client, office_user, head_a, count, django_assert_num_queries
):
    for _number in range(count):
        services.set_active(user=head_a, by=office_user, active=not head_a.is_active)
        head_a.refresh_from_db()
    # session, user, person, editable check, the role form's organizations, events with actors,
    # the bell
    with django_assert_num_queries(7):
        office_client.get(reverse("people:detail", args=[head_a.pk]))
