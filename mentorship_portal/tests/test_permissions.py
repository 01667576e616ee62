"""Every URL of the portal against every access level: anonymous, head of school A, head of
school B, office staff and administrator. A new URL without expected answers fails here."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.tests.permissions import CASES as PEOPLE_CASES
from jobs import services as job_services
from jobs.tests.permissions import CASES as JOB_CASES
from mentorship_portal.confirm import CONFIRM_FIELD
from obligations import services
from obligations.inbox import Notice
from obligations.models import EvidenceKind, Obligation
from obligations.tests.permissions import CASES as OBLIGATION_CASES
from obligations.uploads import check_upload
from organizations.tests.permissions import CASES as ORGANIZATION_CASES
from reports.tests.permissions import CASES as REPORT_CASES
from reports.tests.permissions_scores import CASES as SCORE_CASES
from roadmap.models import Activity, ResponsibleParty, Roadmap
from roadmap.tests.permissions import CASES as ROADMAP_CASES

ALL = {"anonymous": 200, "head_a": 200, "head_b": 200, "office": 200, "admin": 200}
SIGNED_IN = {"anonymous": 302, "head_a": 200, "head_b": 200, "office": 200, "admin": 200}
STAFF = {"anonymous": 302, "head_a": 403, "head_b": 403, "office": 200, "admin": 200}

PORTAL_CASES = [
    {
        "name": "home",
        "args": lambda w: [],
        "method": "get",
        "expect": {**SIGNED_IN, "head_a": 302, "head_b": 302, "office": 302, "admin": 302},
    },
    {"name": "healthz", "args": lambda w: [], "method": "get", "expect": ALL},
    # Staff signed in (or a scraper with METRICS_TOKEN, see test_observability.py).
    {"name": "metrics", "args": lambda w: [], "method": "get", "expect": STAFF},
    {
        "name": "login",
        "args": lambda w: [],
        "method": "get",
        "expect": {**ALL, "head_a": 302, "head_b": 302, "office": 302, "admin": 302},
    },
    {"name": "logout", "args": lambda w: [], "method": "post", "expect": {k: 302 for k in ALL}},
    {"name": "password_change", "args": lambda w: [], "method": "get", "expect": SIGNED_IN},
    {"name": "password_change_done", "args": lambda w: [], "method": "get", "expect": SIGNED_IN},
    {"name": "password_reset", "args": lambda w: [], "method": "get", "expect": ALL},
    {"name": "password_reset_done", "args": lambda w: [], "method": "get", "expect": ALL},
    {
        "name": "password_reset_confirm",
        "args": lambda w: ["MQ", "bad-token"],
        "method": "get",
        "expect": ALL,
    },
    {"name": "password_reset_complete", "args": lambda w: [], "method": "get", "expect": ALL},
    # The Django admin answers for itself; its index stands for all its pages here. Office
    # staff come in as a second door to the obligation list (obligations/admin.py).
    {
        "name": "admin:index",
        "args": lambda w: [],
        "method": "get",
        "expect": {"anonymous": 302, "head_a": 302, "head_b": 302, "office": 200, "admin": 200},
    },
]

CASES = (
    PORTAL_CASES
    + ORGANIZATION_CASES
    + PEOPLE_CASES
    + ROADMAP_CASES
    + OBLIGATION_CASES
    + JOB_CASES
    + REPORT_CASES
    + SCORE_CASES
)


def url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or ""
            yield from url_names(entry, f"{namespace}{inner}:" if inner else namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def test_every_url_has_expected_answers():
    covered = {case["name"] for case in CASES}
    portal = {name for name in url_names() if not name.startswith("admin:")}
    assert sorted(portal - covered) == []
    for case in CASES:
        assert set(case["expect"]) == {"anonymous", "head_a", "head_b", "office", "admin"}, case[
            "name"
        ]


@pytest.fixture
def world(
    office,
    school_a,
    school_b,
    head_a,
    head_b,
    office_user,
    administrator,
    settings,
    django_capture_on_commit_callbacks,
):
    call_command(
        "load_roadmap", "fixtures/roadmap-order-654-2020.json", stdout=open("/dev/null", "w")
    )
    roadmap = Roadmap.objects.get()
    activity = Activity.objects.get(stage__roadmap=roadmap, stage__position=2, number="5")
    responsibility = activity.responsibilities.get()
    obligation = Obligation.objects.get(responsibility=responsibility, organization=school_a)
    upload = SimpleUploadedFile("prikaz.pdf", b"%PDF-1.4\n%%EOF\n")
    evidence = services.add_evidence(
        obligation=obligation,
        by=head_a,
        kind=EvidenceKind.LOCAL_ACT,
        title="Положение",
        act_type="regulation",
        act_date=dt.date(2022, 9, 1),
        effective_date=dt.date(2022, 9, 1),
        upload=check_upload(upload, upload.name, max_bytes=10**6),
        file=upload,
    )
    with django_capture_on_commit_callbacks(execute=True):
        job = job_services.enqueue(
            kind="obligations.activity_zip",
            by=office_user,
            params={"activity_id": activity.pk},
            title="ZIP",
        )
    return SimpleNamespace(
        job=job,
        roadmap=roadmap,
        activity=activity,
        responsibility=responsibility,
        party=ResponsibleParty.objects.filter(responsibility=responsibility).first(),
        obligation=obligation,
        evidence=evidence,
        evidence_file=evidence.files.get(),
        notice=Notice.objects.create(recipient=head_a, obligation=obligation, kind="accepted"),
        school_a=school_a,
        head=head_a,
        users={
            "anonymous": None,
            "head_a": head_a,
            "head_b": head_b,
            "office": office_user,
            "admin": administrator,
        },
    )


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['method']}-{c['name']}")
def test_url_answers_each_access_level(client, world, case):
    url = reverse(case["name"], args=case["args"](world))
    answers = {}
    for level, user in world.users.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        # Each level sees the world as it was: roll back whatever the request changed.
        with transaction.atomic():
            if case["method"] == "post":  # as the browser posts after «OK» (confirm.py)
                response = client.post(url, {CONFIRM_FIELD: "1"})
            else:
                response = getattr(client, case["method"])(url)
            answers[level] = response.status_code
            transaction.set_rollback(True)
    assert answers == case["expect"]
