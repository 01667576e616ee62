"""Fixtures shared by every app's tests: named users for each access level, and the browser
harness for the e2e tests (Debian's Chromium driven by Playwright against a live server)."""

import os
import shutil

import pytest
from model_bakery import baker

from accounts.models import Role
from organizations.models import OrganizationKind

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def pytest_collection_modifyitems(config, items):
    """Skip e2e tests where Chromium is missing, unless the run demands them (CI)."""
    if shutil.which(CHROMIUM) or os.path.exists(CHROMIUM):
        return
    if os.environ.get("REQUIRE_E2E"):
        raise pytest.UsageError(
            f"Chromium not found at {CHROMIUM}; the e2e tests must run here (REQUIRE_E2E is set)."
        )
    skip = pytest.mark.skip(
        reason=f"Chromium not found at {CHROMIUM}: install it with `apt-get install chromium`"
    )
    for item in items:
        if "e2e" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
        ],
    }


@pytest.fixture
def demo(settings):
    """The demo organizations and accounts (seed_demo creates them only in DEBUG)."""
    from django.core.management import call_command

    settings.DEBUG = True
    with open(os.devnull, "w") as quiet:
        call_command("seed_demo", stdout=quiet)
    settings.DEBUG = False


@pytest.fixture
def sign_in(live_server):
    """sign_in(page, username): log `page` in through the login form with a demo account."""
    from organizations.management.commands.seed_demo import DEMO_PASSWORD

    def sign_in(page, username):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Имя пользователя").fill(username)
        page.get_by_label("Пароль").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Войти").click()

    return sign_in


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "ru-RU", "timezone_id": "Asia/Tomsk"}


# --- Organizations and users for each access level -------------------------------------------


@pytest.fixture
def region(db):
    return baker.make(
        "organizations.Organization", name="Департамент образования", kind=OrganizationKind.REGIONAL_MINISTRY
    )


@pytest.fixture
def office(region):
    return baker.make(
        "organizations.Organization",
        name="Управление образования Администрации Томского района",
        short_name="Управление образования",
        kind=OrganizationKind.DISTRICT_OFFICE,
        parent=region,
    )


@pytest.fixture
def school_a(office):
    return baker.make(
        "organizations.Organization", name="МБОУ «Школа А»", kind=OrganizationKind.SCHOOL, parent=office
    )


@pytest.fixture
def school_b(office):
    return baker.make(
        "organizations.Organization", name="МБОУ «Школа Б»", kind=OrganizationKind.SCHOOL, parent=office
    )


@pytest.fixture
def head_a(school_a):
    return baker.make(
        "accounts.User", username="head_a", role=Role.SCHOOL_HEAD, organization=school_a, email="a@example.org"
    )


@pytest.fixture
def head_b(school_b):
    return baker.make(
        "accounts.User", username="head_b", role=Role.SCHOOL_HEAD, organization=school_b, email="b@example.org"
    )


@pytest.fixture
def office_user(office):
    return baker.make("accounts.User", username="office", role=Role.OFFICE, organization=office)


@pytest.fixture
def administrator(office):
    return baker.make(
        "accounts.User",
        username="admin",
        role=Role.ADMIN,
        organization=office,
        is_staff=True,
        is_superuser=True,
    )


def client_for(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def head_a_client(client, head_a):
    return client_for(client, head_a)


@pytest.fixture
def office_client(client, office_user):
    return client_for(client, office_user)


@pytest.fixture
def administrator_client(client, administrator):
    return client_for(client, administrator)
