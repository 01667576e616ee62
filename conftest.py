"""Fixtures shared by every app's tests: named users for each access level, and the browser
harness for the e2e tests (Debian's Chromium driven by Playwright against a live server)."""

import os
import shutil
import socket
import uuid

import pytest
from model_bakery import baker

from accounts.models import Role
from organizations.models import OrganizationKind
from reports.tests.counting import tallied

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def pytest_collection_modifyitems(config, items):
    _skip_e2e_without_chromium(items)


DB_FIXTURES = {"db", "transactional_db", "live_server"}


@pytest.fixture(autouse=True)
def _seeded_reference_rows(request):
    """Reference rows that data migrations seed (act types, indicators, …) are emptied by the
    flush that ends every committing test (live server, transaction=True); put them back
    before each database test and before its other fixtures (an autouse fixture is set up
    first), so that neither a test nor a fixture depends on the order tests run in."""
    names = set(request.fixturenames)
    if request.node.get_closest_marker("django_db") is None:
        if not DB_FIXTURES & names:
            return
        # Open the database the test asked for now, so that the rows can be written.
        committing = names & {"transactional_db", "live_server"}
        request.getfixturevalue("transactional_db" if committing else "db")
    _ensure_reference_data()


@pytest.fixture
def reference_data(transactional_db):
    """For fixtures that need the seeded reference rows before the test itself starts."""
    _ensure_reference_data()


def _ensure_reference_data():
    """Each app with seeded reference rows adds its (model, seeding function) here."""
    from django.apps import apps

    from obligations.reference_data import seed_act_types
    from reports.default_methodology import seed_default_methodology
    from reports.reference_data import seed_indicators, seed_required_act_types

    seeders = [
        ("obligations.LocalActType", seed_act_types),
        ("reports.Indicator", seed_indicators),
        ("reports.RequiredActType", seed_required_act_types),
        ("reports.Methodology", seed_default_methodology),  # after the indicators it scores
    ]
    for model_label, seed in seeders:
        if not apps.get_model(model_label).objects.exists():
            seed(apps)


def _skip_e2e_without_chromium(items):
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
def demo_region_user(demo):
    """A member of the demo district's regional body (who drills down from the region), with
    the demo password, and the seed roadmap in force."""
    from django.core.management import call_command

    from accounts.models import User
    from organizations.management.commands.seed_demo import DEMO_PASSWORD, OFFICE_NAME
    from organizations.models import Organization

    with open(os.devnull, "w") as quiet:
        call_command("load_roadmap", "fixtures/roadmap-order-654-2020.json", stdout=quiet)
    region = Organization.objects.get(name=OFFICE_NAME).parent
    user = User.objects.create(username="region", role=Role.OFFICE, organization=region)
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user


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
    return tallied(
        baker.make(
            "organizations.Organization",
            name="Департамент образования",
            kind=OrganizationKind.REGIONAL_MINISTRY,
        )
    )


@pytest.fixture
def office(region):
    return tallied(
        baker.make(
            "organizations.Organization",
            name="Управление образования Администрации Томского района",
            short_name="Управление образования",
            kind=OrganizationKind.DISTRICT_OFFICE,
            parent=region,
        )
    )


@pytest.fixture
def school_a(office):
    return tallied(
        baker.make(
            "organizations.Organization",
            name="МБОУ «Школа А»",
            kind=OrganizationKind.SCHOOL,
            parent=office,
        )
    )


@pytest.fixture
def school_b(office):
    return tallied(
        baker.make(
            "organizations.Organization",
            name="МБОУ «Школа Б»",
            kind=OrganizationKind.SCHOOL,
            parent=office,
        )
    )


@pytest.fixture
def head_a(school_a):
    return baker.make(
        "accounts.User",
        username="head_a",
        role=Role.SCHOOL_HEAD,
        organization=school_a,
        email="a@example.org",
    )


@pytest.fixture
def head_b(school_b):
    return baker.make(
        "accounts.User",
        username="head_b",
        role=Role.SCHOOL_HEAD,
        organization=school_b,
        email="b@example.org",
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


# --- Real engines: Redis, an S3 server, a Celery worker --------------------------------------
# Never mocked. Redis must be running (CI's .ci/run starts it); the S3 server is moto's server
# mode, started here. Without Redis the tests that need it are skipped locally and fail in CI
# (REQUIRE_SERVICES is set there).

TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/12")


def _missing_service(message):
    if os.environ.get("REQUIRE_SERVICES"):
        pytest.fail(f"{message} (REQUIRE_SERVICES is set: CI must run these tests)")
    pytest.skip(message)


@pytest.fixture(scope="session")
def redis_url():
    import redis

    client = redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError:
        _missing_service(f"Redis is not answering at {TEST_REDIS_URL}")
    finally:
        client.close()
    return TEST_REDIS_URL


@pytest.fixture
def redis_prefix(redis_url):
    """A key prefix of this test's own; its keys are removed afterwards."""
    import redis

    prefix = f"test-{uuid.uuid4().hex[:12]}"
    yield prefix
    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter(f"*{prefix}*"))
    if keys:
        client.delete(*keys)
    client.close()


@pytest.fixture
def redis_cache(settings, redis_url, redis_prefix):
    """Cache and sessions in Redis, as production configures them from REDIS_URL."""
    from mentorship_portal import engines

    settings.CACHES = engines.cache_settings(redis_url, key_prefix=redis_prefix)
    settings.SESSION_ENGINE = engines.session_engine(redis_url)
    return redis_prefix


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def s3_endpoint():
    """moto's S3 server on a free loopback port, for the whole session."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


S3_CREDENTIALS = {"access_key": "test-key", "secret_key": "test-secret", "region": "us-east-1"}


@pytest.fixture
def s3_bucket(s3_endpoint):
    """A fresh private bucket and a boto3 client to look into it."""
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name=S3_CREDENTIALS["region"],
        aws_access_key_id=S3_CREDENTIALS["access_key"],
        aws_secret_access_key=S3_CREDENTIALS["secret_key"],
    )
    name = f"evidence-{uuid.uuid4().hex[:12]}"
    client.create_bucket(Bucket=name)
    return name, client


@pytest.fixture
def s3_storage(settings, s3_endpoint, s3_bucket):
    """Uploaded files on the S3 server, as production configures them from AWS_* variables."""
    from mentorship_portal import engines

    name, client = s3_bucket
    settings.STORAGES = {
        **settings.STORAGES,
        "default": engines.default_storage(bucket=name, endpoint_url=s3_endpoint, **S3_CREDENTIALS),
    }
    return name, client
