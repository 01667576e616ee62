import pytest
from django.core.management import CommandError, call_command

from accounts.models import Role, User
from organizations.models import Organization, OrganizationKind


def counts():
    return (
        Organization.objects.count(),
        User.objects.filter(role=Role.SCHOOL_HEAD).count(),
        User.objects.filter(role=Role.OFFICE).count(),
        User.objects.filter(role=Role.ADMIN).count(),
    )


@pytest.mark.django_db
def test_seed_demo_twice_gives_same_counts(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    first = counts()
    passwords = dict(User.objects.values_list("username", "password"))
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    assert counts() == first
    assert dict(User.objects.values_list("username", "password")) == passwords
    educational = Organization.objects.educational().count()
    assert educational >= 25
    # One head per educational organization and one for ТОИПКРО.
    assert first == (educational + 3, educational + 1, 2, 1)
    assert Organization.objects.get(short_name="ТОИПКРО").kind == OrganizationKind.INSTITUTE
    office = Organization.objects.get(name="Управление образования Администрации Томского района")
    assert set(Organization.objects.educational().values_list("parent", flat=True)) == {office.pk}


@pytest.mark.django_db
def test_seed_demo_refuses_known_passwords_in_production(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=False"):
        call_command("seed_demo")
    assert User.objects.count() == 0


@pytest.mark.django_db
def test_seed_demo_forced_in_production(settings):
    settings.DEBUG = False
    call_command("seed_demo", "--force", stdout=open("/dev/null", "w"))
    assert User.objects.get(username="admin").is_superuser


@pytest.mark.django_db
def test_demo_head_can_log_in(client, settings):
    from organizations.management.commands.seed_demo import DEMO_PASSWORD

    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    response = client.post("/accounts/login/", {"username": "bogashevo", "password": DEMO_PASSWORD})
    assert response.status_code == 302
